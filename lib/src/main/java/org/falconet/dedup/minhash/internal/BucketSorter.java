package org.falconet.dedup.minhash.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Sorts one band's keys and reports every bucket of two or more documents as edges from its first
 * document to each other one. A band file ({@link BandFiles}) holds one 8-byte key per document in
 * corpus order, the document being the position; documents in {@code skip} (those without a
 * signature) hold a placeholder and take no part.
 *
 * <p>Documents are ordered by (unsigned key, document index), so the first document of a bucket is
 * its smallest index. A band of at most {@code memoryRecords} documents is sorted in memory; a
 * larger one externally: sorted runs of {@code memoryRecords} {@code (key, doc)} records written next
 * to the band file, then one k-way merge.
 *
 * <p>The in-memory sort moves one {@code long} per document, the key's high 32 bits above the
 * document's index, through two stable LSD radix passes of 16 bits: documents come out ordered by
 * the high half of their key, then by index. Only runs sharing a high half are then looked at again
 * and ordered by the low half; for random 64-bit keys there are about n²/2³³ such pairs per band
 * (0.01 at 10 million documents), plus the true buckets, whose keys are equal anyway. Memory: 24
 * bytes per document (the keys, the packed array, its radix copy), held by this object and reused
 * band after band: one sorter per thread.
 */
public final class BucketSorter {

  /** Receives the edges of the buckets. */
  public interface EdgeSink {
    void edge(int first, int other) throws IOException;
  }

  private static final long HIGH = 0xFFFF_FFFF_0000_0000L;

  private final int memoryRecords;
  private long[] keys = new long[0];
  private long[] packed = new long[0];
  private long[] copy = new long[0];
  private final int[] count0 = new int[1 << 16];
  private final int[] count1 = new int[1 << 16];

  /** A sorter holding at most {@code memoryRecords} documents (24 bytes each) in memory. */
  public BucketSorter(int memoryRecords) {
    if (memoryRecords < 2) {
      throw new IllegalArgumentException("memoryRecords must be at least 2: " + memoryRecords);
    }
    this.memoryRecords = memoryRecords;
  }

  /**
   * Reads {@code bandFile}, sorts it and emits its buckets' edges, skipping the documents in
   * {@code skip} (may be null); returns the number of documents in the file.
   */
  public long buckets(Path bandFile, BitSet skip, EdgeSink sink) throws IOException {
    long n = Files.size(bandFile) / RecordFile.KEY_BYTES;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(bandFile + ": " + n + " documents exceed 2^31");
    }
    if (n <= memoryRecords) {
      reserve((int) n);
      RecordFile.readKeys(bandFile, 0, keys, (int) n);
      int m = order((int) n, 0, skip);
      emitGroups(m, sink);
      return n;
    }
    List<Path> runs = new ArrayList<>();
    try {
      reserve(memoryRecords);
      for (int first = 0; first < n; first += memoryRecords) {
        int len = (int) Math.min(memoryRecords, n - first);
        RecordFile.readKeys(bandFile, first, keys, len);
        int m = order(len, first, skip);
        Path run = bandFile.resolveSibling(bandFile.getFileName() + ".run" + runs.size());
        runs.add(run);
        try (RecordFile.Writer w = new RecordFile.Writer(run, 1 << 16)) {
          for (int i = 0; i < m; i++) {
            int local = (int) packed[i];
            w.bucket(keys[local], first + local);
          }
        }
      }
      merge(runs, sink);
    } finally {
      for (Path r : runs) {
        Files.deleteIfExists(r);
      }
    }
    return n;
  }

  /**
   * The documents {@code base + i} of keys {@code keys[i]}, {@code i < n}, less those in
   * {@code skip}, ordered by (unsigned key, index) (for tests): their indexes.
   */
  public int[] sortedDocuments(long[] keysIn, int n, int base, BitSet skip) {
    reserve(n);
    System.arraycopy(keysIn, 0, keys, 0, n);
    int m = order(n, base, skip);
    int[] docs = new int[m];
    for (int i = 0; i < m; i++) {
      docs[i] = base + (int) packed[i];
    }
    return docs;
  }

  private void reserve(int n) {
    if (keys.length < n) {
      keys = null;
      packed = null;
      copy = null;
      keys = new long[n];
      packed = new long[n];
      copy = new long[n];
    }
  }

  /**
   * Fills {@code packed[0, m)} with {@code (key & HIGH) | i} for the kept documents {@code i} of
   * {@code keys[0, n)} in (unsigned key, i) order; returns m.
   */
  private int order(int n, int base, BitSet skip) {
    long[] a = packed;
    long[] b = copy;
    Arrays.fill(count0, 0);
    Arrays.fill(count1, 0);
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (skip != null && skip.get(base + i)) {
        continue;
      }
      long k = keys[i];
      a[m++] = (k & HIGH) | i;
      count0[(int) (k >>> 32) & 0xFFFF]++;
      count1[(int) (k >>> 48)]++;
    }
    offsets(count0);
    offsets(count1);
    for (int i = 0; i < m; i++) {
      long v = a[i];
      b[count0[(int) (v >>> 32) & 0xFFFF]++] = v;
    }
    for (int i = 0; i < m; i++) {
      long v = b[i];
      a[count1[(int) (v >>> 48)]++] = v;
    }
    // Runs sharing the high half: order by the low half (unsigned), then index.
    int i = 0;
    while (i < m) {
      int j = i + 1;
      long high = a[i] & HIGH;
      while (j < m && (a[j] & HIGH) == high) {
        j++;
      }
      if (j - i > 1 && !sameKeys(a, i, j)) {
        long[] run = new long[j - i];
        for (int r = 0; r < run.length; r++) {
          int local = (int) a[i + r];
          run[r] = ((keys[local] ^ 0x8000_0000L) << 32) | local;
        }
        Arrays.sort(run);
        for (int r = 0; r < run.length; r++) {
          a[i + r] = high | (run[r] & 0xFFFF_FFFFL);
        }
      }
      i = j;
    }
    return m;
  }

  private boolean sameKeys(long[] a, int from, int to) {
    long k = keys[(int) a[from]];
    for (int i = from + 1; i < to; i++) {
      if (keys[(int) a[i]] != k) {
        return false;
      }
    }
    return true;
  }

  private static void offsets(int[] count) {
    int sum = 0;
    for (int d = 0; d < count.length; d++) {
      int c = count[d];
      count[d] = sum;
      sum += c;
    }
  }

  private void emitGroups(int m, EdgeSink sink) throws IOException {
    long[] a = packed;
    int i = 0;
    while (i < m) {
      int j = i + 1;
      if (j < m && (a[j] & HIGH) == (a[i] & HIGH)) {
        int first = (int) a[i];
        long key = keys[first];
        while (j < m && (a[j] & HIGH) == (a[i] & HIGH) && keys[(int) a[j]] == key) {
          sink.edge(first, (int) a[j]);
          j++;
        }
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
