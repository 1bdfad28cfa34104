package org.falconet.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.falconet.corpus.JsonlCodec;
import scala.Tuple2;

/**
 * The MinHash bucket shuffle in primitive blocks: on the map side, the {@code (band, key, document)}
 * records of a partition's documents, packed three longs each into one array per reducer and sent
 * as {@code (reducer, block)} when a megabyte-sized batch is full (the way the local deduplicator
 * writes band files); on the reduce side ({@link #stars}), every bucket of the reducer's records
 * turned into edges from its members to its smallest one. A bucket is a band and a key together, as
 * locally: equal keys of different bands are different buckets.
 */
final class BucketBlocks implements Iterator<Tuple2<Integer, long[]>> {
  /** Records buffered on the map side before the blocks go out: 2^18 records, 6 MB. */
  private static final int BATCH = 1 << 18;

  private final MinHashClusterStage.BandKeys bands;
  private final Iterator<Tuple2<Long, String>> docs;
  private final int reducers;
  private final long[][] blocks;
  private final int[] fill;
  private final ArrayDeque<Tuple2<Integer, long[]>> ready = new ArrayDeque<>();
  private int buffered;

  BucketBlocks(MinHashClusterStage.BandKeys bands, Iterator<Tuple2<Long, String>> docs, int reducers) {
    this.bands = bands;
    this.docs = docs;
    this.reducers = reducers;
    this.blocks = new long[reducers][];
    this.fill = new int[reducers];
  }

  /** The reducer of bucket {@code (band, key)}. */
  static int reducer(long band, long key, int reducers) {
    return (int) Long.remainderUnsigned(mix(key + band * 0x9E3779B97F4A7C15L), reducers);
  }

  /** SplitMix64's finaliser (Steele, Lea and Flood 2014): a cheap, well-mixed 64-bit hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && docs.hasNext()) {
      Tuple2<Long, String> d = docs.next();
      long[] keys = bands.of(JsonlCodec.decode(d._2()));
      if (keys == null) {
        continue; // no signature: never a duplicate
      }
      for (int b = 0; b < keys.length; b++) {
        add(reducer(b, keys[b], reducers), b, keys[b], d._1());
      }
      if (buffered >= BATCH) {
        flush();
      }
    }
    if (ready.isEmpty() && buffered > 0) {
      flush();
    }
    return !ready.isEmpty();
  }

  @Override
  public Tuple2<Integer, long[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void add(int r, long band, long key, long doc) {
    long[] block = blocks[r];
    if (block == null) {
      block = blocks[r] = new long[3 * 64];
    } else if (fill[r] == block.length) {
      block = blocks[r] = Arrays.copyOf(block, 2 * block.length);
    }
    block[fill[r]++] = band;
    block[fill[r]++] = key;
    block[fill[r]++] = doc;
    buffered++;
  }

  private void flush() {
    for (int r = 0; r < reducers; r++) {
      if (fill[r] > 0) {
        ready.add(new Tuple2<>(r, Arrays.copyOf(blocks[r], fill[r])));
        fill[r] = 0;
      }
    }
    buffered = 0;
  }

  /**
   * One reducer's edges: for every bucket of two or more records, an edge from each member to the
   * bucket's smallest document key (a star: n - 1 edges, not n^2 pairs, and the same components).
   * Two passes over the reducer's blocks with an open-addressing table of buckets, 20 bytes a slot.
   */
  static Iterator<Tuple2<Long, Long>> stars(Iterator<Tuple2<Integer, long[]>> in) {
    List<long[]> blocks = new ArrayList<>();
    long records = 0;
    while (in.hasNext()) {
      long[] b = in.next()._2();
      blocks.add(b);
      records += b.length / 3;
    }
    if (2 * records > 1 << 30) {
      throw new IllegalStateException("minhash_dedup: " + records + " bucket records in one reducer; give Spark more partitions");
    }
    int capacity = Integer.highestOneBit((int) Math.max(16, 2 * records)) << 1;
    int mask = capacity - 1;
    int[] band = new int[capacity]; // band + 1; 0 marks an empty slot
    long[] key = new long[capacity];
    long[] min = new long[capacity];
    long shared = 0; // records in a bucket already met: at most this many edges
    for (long[] b : blocks) {
      for (int i = 0; i < b.length; i += 3) {
        int s = slot(band, key, mask, b[i], b[i + 1]);
        if (band[s] == 0) {
          band[s] = (int) b[i] + 1;
          key[s] = b[i + 1];
          min[s] = b[i + 2];
        } else {
          min[s] = Math.min(min[s], b[i + 2]);
          shared++;
        }
      }
    }
    // Second pass, lazily: each record that is not its bucket's smallest gives one edge, once
    // (near-duplicates share many bands, so the same edge comes from many buckets).
    int edgeMask = (Integer.highestOneBit((int) Math.max(16, 2 * shared)) << 1) - 1;
    long[] from = new long[edgeMask + 1];
    long[] to = new long[edgeMask + 1];
    Arrays.fill(from, -1); // document keys are never negative
    return new Iterator<>() {
      int block;
      int i;
      Tuple2<Long, Long> next = advance();

      private Tuple2<Long, Long> advance() {
        for (; block < blocks.size(); block++, i = 0) {
          long[] b = blocks.get(block);
          for (; i < b.length; i += 3) {
            long doc = b[i + 2];
            long root = min[slot(band, key, mask, b[i], b[i + 1])];
            if (doc != root && firstTime(from, to, edgeMask, doc, root)) {
              i += 3;
              return new Tuple2<>(doc, root);
            }
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Tuple2<Long, Long> next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Tuple2<Long, Long> e = next;
        next = advance();
        return e;
      }
    };
  }

  /** Adds the edge {@code (a, b)} to the set {@code from, to}; false if it was there. */
  private static boolean firstTime(long[] from, long[] to, int mask, long a, long b) {
    int s = (int) mix(a * 31 + b) & mask;
    while (from[s] != -1) {
      if (from[s] == a && to[s] == b) {
        return false;
      }
      s = (s + 1) & mask;
    }
    from[s] = a;
    to[s] = b;
    return true;
  }

  /** The slot of bucket {@code (b, k)}: where it is, or the empty slot where it goes. */
  private static int slot(int[] band, long[] key, int mask, long b, long k) {
    int s = (int) mix(k ^ (b << 48)) & mask;
    while (band[s] != 0 && (band[s] != b + 1 || key[s] != k)) {
      s = (s + 1) & mask;
    }
    return s;
  }
}
