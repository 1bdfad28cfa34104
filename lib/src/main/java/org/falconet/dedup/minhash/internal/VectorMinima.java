package org.falconet.dedup.minhash.internal;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The MinHash inner loop on the JDK Vector API: {@code sig[i] = min(sig[i], min_j(a[i] * x_j + b[i]))}
 * over all shingles {@code x_j}, eight shingles per pass over the coefficients, so that each lane
 * group of coefficients and minima is loaded and stored once per eight shingles (vpmulld, vpaddd,
 * vpminsd on AVX2). Loaded only when the {@code jdk.incubator.vector} module is present.
 */
public final class VectorMinima {
  private static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;

  private VectorMinima() {}

  /**
   * Lowers {@code sig[0, a.length)} to the minima over the first {@code count} shingles (their low 32
   * bits). The last group of eight is padded with repeats of the last shingle: a repeat never
   * changes a minimum.
   */
  public static void update(int[] a, int[] b, long[] shingles, int count, int[] sig) {
    final int k = a.length;
    final int lanes = S.length();
    final int vectorEnd = S.loopBound(k);
    for (int s = 0; s < count; s += 8) {
      final IntVector x0 = IntVector.broadcast(S, (int) shingles[s]);
      final IntVector x1 = IntVector.broadcast(S, (int) shingles[Math.min(s + 1, count - 1)]);
      final IntVector x2 = IntVector.broadcast(S, (int) shingles[Math.min(s + 2, count - 1)]);
      final IntVector x3 = IntVector.broadcast(S, (int) shingles[Math.min(s + 3, count - 1)]);
      final IntVector x4 = IntVector.broadcast(S, (int) shingles[Math.min(s + 4, count - 1)]);
      final IntVector x5 = IntVector.broadcast(S, (int) shingles[Math.min(s + 5, count - 1)]);
      final IntVector x6 = IntVector.broadcast(S, (int) shingles[Math.min(s + 6, count - 1)]);
      final IntVector x7 = IntVector.broadcast(S, (int) shingles[Math.min(s + 7, count - 1)]);
      int i = 0;
      for (; i < vectorEnd; i += lanes) {
        IntVector ai = IntVector.fromArray(S, a, i);
        IntVector bi = IntVector.fromArray(S, b, i);
        IntVector m01 = ai.mul(x0).add(bi).min(ai.mul(x1).add(bi));
        IntVector m23 = ai.mul(x2).add(bi).min(ai.mul(x3).add(bi));
        IntVector m45 = ai.mul(x4).add(bi).min(ai.mul(x5).add(bi));
        IntVector m67 = ai.mul(x6).add(bi).min(ai.mul(x7).add(bi));
        m01.min(m23).min(m45.min(m67)).min(IntVector.fromArray(S, sig, i)).intoArray(sig, i);
      }
      for (; i < k; i++) {
        int m = sig[i];
        for (int j = s; j < Math.min(s + 8, count); j++) {
          m = Math.min(m, a[i] * (int) shingles[j] + b[i]);
        }
        sig[i] = m;
      }
    }
  }
}
