package org.falconet.spark;

import java.util.Arrays;
import org.falconet.corpus.Document;

/**
 * A small MinHash for tests (the real signatures come from the dedup module): word 3-gram
 * shingles, 32 hash functions {@code h_i(x) = mix(x ^ seed_i)}, 16 bands of 2 rows.
 */
final class TestBandKeys implements MinHashClusterStage.BandKeys {
  static final int BANDS = 16;
  static final int ROWS = 2;
  private final long[] seeds = new long[BANDS * ROWS];

  TestBandKeys() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(2014);
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = r.nextLong();
    }
  }

  /** Stafford's variant 13 of the SplitMix64 finaliser: a cheap, well-mixed 64-bit hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public long[] of(Document doc) {
    String[] w = doc.text().toLowerCase().split("\\W+");
    long[] min = new long[seeds.length];
    Arrays.fill(min, Long.MAX_VALUE);
    for (int i = 0; i + 2 < w.length || i == 0; i++) {
      String shingle = i + 2 < w.length ? w[i] + " " + w[i + 1] + " " + w[i + 2] : String.join(" ", w);
      long x = mix(shingle.hashCode());
      for (int h = 0; h < seeds.length; h++) {
        min[h] = Math.min(min[h], mix(x ^ seeds[h]));
      }
    }
    long[] keys = new long[BANDS];
    for (int b = 0; b < BANDS; b++) {
      long k = mix(b + 1);
      for (int r = 0; r < ROWS; r++) {
        k = mix(k ^ min[b * ROWS + r]);
      }
      keys[b] = k;
    }
    return keys;
  }
}
