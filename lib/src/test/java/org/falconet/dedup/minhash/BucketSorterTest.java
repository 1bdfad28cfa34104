package org.falconet.dedup.minhash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.falconet.dedup.minhash.internal.BandFiles;
import org.falconet.dedup.minhash.internal.BucketSorter;
import org.falconet.dedup.minhash.internal.UnionFind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bucket step against a hash-map grouping and a comparison sort, in memory and with external runs. */
class BucketSorterTest {
  @TempDir
  Path tmp;

  /**
   * Keys drawn from 40 high halves and 200 low halves (many keys share a high half and differ
   * below it), extremes of the unsigned order included.
   */
  static long[] keyPool(SplittableRandom rnd, int size) {
    long[] high = new long[40];
    long[] low = new long[200];
    for (int i = 0; i < high.length; i++) {
      high[i] = rnd.nextLong() & 0xFFFF_FFFF_0000_0000L;
    }
    for (int i = 0; i < low.length; i++) {
      low[i] = rnd.nextLong() & 0xFFFF_FFFFL;
    }
    long[] pool = new long[size];
    for (int i = 0; i < size; i++) {
      pool[i] = high[rnd.nextInt(high.length)] | low[rnd.nextInt(low.length)];
    }
    pool[0] = 0;
    pool[1] = -1;
    pool[2] = Long.MIN_VALUE;
    pool[3] = Long.MAX_VALUE;
    return pool;
  }

  @Test
  void edgesMatchAHashMapGroupingInMemoryAndExternally() throws IOException {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 5000;
    long[] pool = keyPool(rnd, 3000);
    Map<Long, List<Integer>> truth = new LinkedHashMap<>();
    try (BandFiles.Writer w = new BandFiles.Writer(tmp, 1)) {
      for (int doc = 0; doc < n; doc++) {
        if (doc % 37 == 5) {
          w.add(null);  // no signature: in no bucket, whatever its placeholder key
          continue;
        }
        long key = pool[rnd.nextInt(pool.length)];
        w.add(new long[] {key});
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
    assertTrue(expected.size() > 1000);
    BitSet skip = BandFiles.readNoSignature(tmp);
    assertEquals(IntStream.range(0, n).filter(d -> d % 37 == 5).count(), skip.cardinality());
    for (int memory : new int[] {1 << 20, 333, 50}) {
      List<String> got = new ArrayList<>();
      assertEquals(n, new BucketSorter(memory).buckets(BandFiles.band(tmp, 0), skip, (a, b) -> got.add(a + "-" + b)));
      got.sort(null);
      assertEquals(expected, got, "memoryRecords=" + memory);
    }
  }

  @Test
  void ordersByUnsignedKeyThenDocument() {
    long h = 1L << 32;
    long[] keys = {5, -1, 5, 0, Long.MIN_VALUE, 5, h | 7, h | 3, h | 0xFFFF_FFFFL, h | 3, h};
    // By hand: 0 (doc 3); 5 (docs 0, 2, 5); then high half 1: low 0 (10), 3 (7, 9), 7 (6),
    // 0xFFFFFFFF (8); MIN_VALUE (4); -1 (1). Documents numbered from 100.
    assertArrayEquals(new int[] {103, 100, 102, 105, 110, 107, 109, 106, 108, 104, 101},
        new BucketSorter(16).sortedDocuments(keys, keys.length, 100, null));
  }

  @Test
  void orderMatchesAComparisonSort() {
    SplittableRandom rnd = new SplittableRandom(11);
    long[] pool = keyPool(rnd, 500);
    BucketSorter sorter = new BucketSorter(1 << 16);
    for (int n : new int[] {0, 1, 2, 1000, 20000}) {
      long[] keys = new long[n];
      BitSet skip = new BitSet();
      for (int i = 0; i < n; i++) {
        keys[i] = rnd.nextInt(4) == 0 ? rnd.nextLong() : pool[rnd.nextInt(pool.length)];
        if (rnd.nextInt(10) == 0) {
          skip.set(7 + i);
        }
      }
      int[] expected = IntStream.range(0, n).filter(i -> !skip.get(7 + i)).boxed()
          .sorted(Comparator.<Integer, Long>comparing(i -> keys[i], Long::compareUnsigned))
          .mapToInt(i -> 7 + i).toArray();
      assertArrayEquals(expected, sorter.sortedDocuments(keys, n, 7, skip), "n=" + n);
    }
  }

  @Test
  void unionFindRootsAreSmallestMembers() {
    UnionFind uf = new UnionFind(6);
    assertTrue(uf.union(5, 3));
    assertTrue(uf.union(3, 4));
    assertTrue(uf.union(2, 1));
    assertFalse(uf.union(4, 5), "already joined");
    assertEquals(List.of(0, 1, 1, 3, 3, 3), java.util.Arrays.stream(uf.roots()).boxed().toList());
  }
}
