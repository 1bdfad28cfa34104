package org.falconet.dedup.minhash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.falconet.dedup.minhash.internal.BucketSorter;
import org.falconet.dedup.minhash.internal.RecordFile;
import org.falconet.dedup.minhash.internal.UnionFind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bucket step against a hash-map grouping, in memory and with external runs. */
class BucketSorterTest {
  @TempDir
  Path tmp;

  @Test
  void edgesMatchAHashMapGroupingInMemoryAndExternally() throws IOException {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 5000;
    long[] pool = new long[3000];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = rnd.nextLong();
    }
    Path band = tmp.resolve("band.bin");
    Map<Long, List<Integer>> truth = new LinkedHashMap<>();
    try (RecordFile.Writer w = new RecordFile.Writer(band, 1 << 10)) {
      for (int doc = 0; doc < n; doc++) {
        long key = pool[rnd.nextInt(pool.length)];
        w.bucket(key, doc);
        truth.computeIfAbsent(key, k -> new ArrayList<>()).add(doc);
      }
    }
    List<String> expected = new ArrayList<>();
    for (List<Integer> docs : truth.values()) {
      for (int i = 1; i < docs.size(); i++) {
        expected.add(docs.get(0) + "-" + docs.get(i));
      }
    }
    expected.sort(null);
    for (int memory : new int[] {1 << 20, 333, 50}) {
      List<String> got = new ArrayList<>();
      assertEquals(n, BucketSorter.buckets(band, memory, (a, b) -> got.add(a + "-" + b)));
      got.sort(null);
      assertEquals(expected, got, "memoryRecords=" + memory);
    }
  }

  @Test
  void radixSortOrdersUnsignedAndIsStable() {
    long[] keys = {5, -1, 5, 0, Long.MIN_VALUE, 5};
    int[] docs = {0, 1, 2, 3, 4, 5};
    BucketSorter.sort(keys, docs, keys.length);
    assertEquals(List.of(0L, 5L, 5L, 5L, Long.MIN_VALUE, -1L), java.util.Arrays.stream(keys).boxed().toList());
    assertEquals(List.of(3, 0, 2, 5, 4, 1), java.util.Arrays.stream(docs).boxed().toList());
  }

  @Test
  void unionFindRootsAreSmallestMembers() {
    UnionFind uf = new UnionFind(6);
    uf.union(5, 3);
    uf.union(3, 4);
    uf.union(2, 1);
    assertEquals(List.of(0, 1, 1, 3, 3, 3), java.util.Arrays.stream(uf.roots()).boxed().toList());
  }
}
