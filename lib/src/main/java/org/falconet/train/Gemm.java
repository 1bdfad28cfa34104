package org.falconet.train;

import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A·B for row-major float matrices, the training step's workhorse: a register-blocked
 * micro-kernel (4 rows of C × 2 vectors of columns held in registers while k runs, the textbook
 * GotoBLAS shape) on the JDK Vector API, k cut into cache-sized blocks, parallel over row blocks. Forward, and both backward
 * products of a linear layer, are this one call with the operands laid out accordingly.
 */
final class Gemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int MR = 4;

  private Gemm() {}

  /** Depth of a k-block: a [KB, 2 vectors] panel of B (16 KB with AVX2) stays in L1 while row blocks pass. */
  private static final int KB = 256;

  /** C [M, N] = A [M, K] · B [K, N] (C overwritten). */
  static void multiply(float[] a, float[] b, float[] c, int m, int k, int n) {
    int fullRows = m / MR * MR;
    int fullCols = n / (2 * L) * (2 * L);
    int blocks = fullRows / MR;
    int threads = (long) m * n * k < (1 << 18) ? 1 : Math.min(blocks, Runtime.getRuntime().availableProcessors());
    if (threads <= 1) {
      tiles(a, b, c, 0, blocks, k, n, fullCols);
    } else {
      IntStream.range(0, threads).parallel()
          .forEach(t -> tiles(a, b, c, blocks * t / threads, blocks * (t + 1) / threads, k, n, fullCols));
    }
    // Edges: columns right of the last full strip, and rows below the last full block.
    for (int r = 0; r < m; r++) {
      for (int col = r < fullRows ? fullCols : 0; col < n; col++) {
        float s = 0;
        for (int p = 0; p < k; p++) {
          s += a[r * k + p] * b[p * n + col];
        }
        c[r * n + col] = s;
      }
    }
  }

  /**
   * Row blocks [blk0, blk1) × every full column strip, k in blocks of {@link #KB}: each B panel is
   * used by all of this thread's row blocks before the next is loaded, so B is read from memory
   * once per thread instead of once per row block.
   */
  private static void tiles(float[] a, float[] b, float[] c, int blk0, int blk1, int k, int n, int fullCols) {
    for (int k0 = 0; k0 < k; k0 += KB) {
      int k1 = Math.min(k, k0 + KB);
      boolean first = k0 == 0;
      for (int j = 0; j < fullCols; j += 2 * L) {
        for (int blk = blk0; blk < blk1; blk++) {
          int r0 = blk * MR;
          int o0 = r0 * n + j;
          int o1 = o0 + n;
          int o2 = o1 + n;
          int o3 = o2 + n;
          FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, c, o0);
          FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, c, o0 + L);
          FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, c, o1);
          FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, c, o1 + L);
          FloatVector c20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, c, o2);
          FloatVector c21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, c, o2 + L);
          FloatVector c30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, c, o3);
          FloatVector c31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, c, o3 + L);
          int a0 = r0 * k;
          int a1 = a0 + k;
          int a2 = a1 + k;
          int a3 = a2 + k;
          for (int p = k0; p < k1; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, p * n + j);
            FloatVector b1 = FloatVector.fromArray(S, b, p * n + j + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
          }
          c00.intoArray(c, o0);
          c01.intoArray(c, o0 + L);
          c10.intoArray(c, o1);
          c11.intoArray(c, o1 + L);
          c20.intoArray(c, o2);
          c21.intoArray(c, o2 + L);
          c30.intoArray(c, o3);
          c31.intoArray(c, o3 + L);
        }
      }
    }
  }

  /** Σ of a vector, vectorised: used by tests to keep the reduction honest. */
  static float sum(float[] v) {
    FloatVector acc = FloatVector.zero(S);
    int i = 0;
    for (; i + L <= v.length; i += L) {
      acc = acc.add(FloatVector.fromArray(S, v, i));
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < v.length; i++) {
      s += v[i];
    }
    return s;
  }
}
