package org.falconet.dedup.minhash.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sorts one band's bucket records {@code (key, doc)} by key, in memory when they fit in
 * {@code memoryRecords}, else externally (sorted runs of {@code memoryRecords} records written next
 * to the input, then one k-way merge), and reports every bucket of two or more documents as edges
 * from its first document to each other one.
 *
 * <p>Records are written in document order and the sort is stable (LSD radix sort on 16-bit digits;
 * the merge breaks ties by run, and runs are in file order), so within a bucket documents come in
 * ascending order and the first one is the smallest index. Memory: 24 bytes per record in the
 * in-memory sort (keys, documents and their radix copies).
 */
public final class BucketSorter {

  /** Receives the edges of the buckets. */
  public interface EdgeSink {
    void edge(int first, int other) throws IOException;
  }

  private BucketSorter() {}

  /** Reads {@code bandFile}, sorts it and emits its buckets' edges; returns the number of records. */
  public static long buckets(Path bandFile, int memoryRecords, EdgeSink sink) throws IOException {
    long n = Files.size(bandFile) / RecordFile.BUCKET_BYTES;
    if (n <= memoryRecords) {
      long[] keys = new long[(int) n];
      int[] docs = new int[(int) n];
      read(bandFile, 0, n, keys, docs);
      sort(keys, docs, (int) n);
      emitGroups(keys, docs, (int) n, sink);
      return n;
    }
    List<Path> runs = new ArrayList<>();
    try {
      long[] keys = new long[memoryRecords];
      int[] docs = new int[memoryRecords];
      for (long first = 0; first < n; first += memoryRecords) {
        int len = (int) Math.min(memoryRecords, n - first);
        read(bandFile, first, len, keys, docs);
        sort(keys, docs, len);
        Path run = bandFile.resolveSibling(bandFile.getFileName() + ".run" + runs.size());
        runs.add(run);
        try (RecordFile.Writer w = new RecordFile.Writer(run, 1 << 16)) {
          for (int i = 0; i < len; i++) {
            w.bucket(keys[i], docs[i]);
          }
        }
      }
      keys = null;
      docs = null;
      merge(runs, sink);
    } finally {
      for (Path r : runs) {
        Files.deleteIfExists(r);
      }
    }
    return n;
  }

  private static void read(Path file, long first, long count, long[] keys, int[] docs) throws IOException {
    try (RecordFile.Reader r = new RecordFile.Reader(file, RecordFile.BUCKET_BYTES, 1 << 16, first, count)) {
      int i = 0;
      while (r.next()) {
        keys[i] = r.getLong();
        docs[i] = r.getInt();
        i++;
      }
    }
  }

  /** Stable LSD radix sort of the first {@code n} pairs by unsigned key, four passes of 16 bits. */
  public static void sort(long[] keys, int[] docs, int n) {
    long[] k2 = new long[n];
    int[] d2 = new int[n];
    int[] count = new int[1 << 16];
    long[] ks = keys;
    int[] ds = docs;
    long[] kt = k2;
    int[] dt = d2;
    for (int shift = 0; shift < 64; shift += 16) {
      java.util.Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[(int) (ks[i] >>> shift) & 0xFFFF]++;
      }
      int sum = 0;
      for (int b = 0; b < count.length; b++) {
        int c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        int pos = count[(int) (ks[i] >>> shift) & 0xFFFF]++;
        kt[pos] = ks[i];
        dt[pos] = ds[i];
      }
      long[] tk = ks;
      ks = kt;
      kt = tk;
      int[] td = ds;
      ds = dt;
      dt = td;
    }
    // Four passes: the sorted data is back in the caller's arrays.
  }

  private static void emitGroups(long[] keys, int[] docs, int n, EdgeSink sink) throws IOException {
    int i = 0;
    while (i < n) {
      int j = i + 1;
      while (j < n && keys[j] == keys[i]) {
        sink.edge(docs[i], docs[j]);
        j++;
      }
      i = j;
    }
  }

  /** K-way merge of sorted runs with a binary heap on (key, run), emitting groups as they pass. */
  private static void merge(List<Path> runs, EdgeSink sink) throws IOException {
    int k = runs.size();
    RecordFile.Reader[] readers = new RecordFile.Reader[k];
    long[] headKey = new long[k];
    int[] headDoc = new int[k];
    int[] heap = new int[k];
    int size = 0;
    try {
      for (int r = 0; r < k; r++) {
        readers[r] = new RecordFile.Reader(runs.get(r), RecordFile.BUCKET_BYTES, 1 << 16);
        if (readers[r].next()) {
          headKey[r] = readers[r].getLong();
          headDoc[r] = readers[r].getInt();
          heap[size++] = r;
          siftUp(heap, size - 1, headKey);
        }
      }
      boolean have = false;
      long groupKey = 0;
      int groupFirst = 0;
      while (size > 0) {
        int r = heap[0];
        long key = headKey[r];
        int doc = headDoc[r];
        if (have && key == groupKey) {
          sink.edge(groupFirst, doc);
        } else {
          have = true;
          groupKey = key;
          groupFirst = doc;
        }
        if (readers[r].next()) {
          headKey[r] = readers[r].getLong();
          headDoc[r] = readers[r].getInt();
        } else {
          heap[0] = heap[--size];
        }
        siftDown(heap, size, headKey);
      }
    } finally {
      for (RecordFile.Reader r : readers) {
        if (r != null) {
          r.close();
        }
      }
    }
  }

  private static boolean less(int a, int b, long[] key) {
    int c = Long.compareUnsigned(key[a], key[b]);
    return c < 0 || (c == 0 && a < b);
  }

  private static void siftUp(int[] heap, int i, long[] key) {
    while (i > 0) {
      int p = (i - 1) / 2;
      if (!less(heap[i], heap[p], key)) {
        return;
      }
      int t = heap[i];
      heap[i] = heap[p];
      heap[p] = t;
      i = p;
    }
  }

  private static void siftDown(int[] heap, int size, long[] key) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int m = l + 1 < size && less(heap[l + 1], heap[l], key) ? l + 1 : l;
      if (!less(heap[m], heap[i], key)) {
        return;
      }
      int t = heap[i];
      heap[i] = heap[m];
      heap[m] = t;
      i = m;
    }
  }
}
