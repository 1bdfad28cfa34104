package org.falconet.train;

import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A·B for row-major float matrices, the training step's workhorse: a register-blocked
 * micro-kernel (4 rows of C × 2 vectors of columns held in registers while k runs, the textbook
 * GotoBLAS shape) on the JDK Vector API, parallel over row blocks. Forward, and both backward
 * products of a linear layer, are this one call with the operands laid out accordingly.
 */
final class Gemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int MR = 4;

  private Gemm() {}

  /** C [M, N] = A [M, K] · B [K, N] (C overwritten). */
  static void multiply(float[] a, float[] b, float[] c, int m, int k, int n) {
    int blocks = (m + MR - 1) / MR;
    if ((long) m * n * k < (1 << 18)) {
      for (int blk = 0; blk < blocks; blk++) {
        rowBlock(a, b, c, blk * MR, Math.min(m, blk * MR + MR), k, n);
      }
    } else {
      IntStream.range(0, blocks).parallel().forEach(blk -> rowBlock(a, b, c, blk * MR, Math.min(m, blk * MR + MR), k, n));
    }
  }

  private static void rowBlock(float[] a, float[] b, float[] c, int r0, int r1, int k, int n) {
    int j = 0;
    if (r1 - r0 == MR) {
      for (; j + 2 * L <= n; j += 2 * L) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a0 = r0 * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int p = 0; p < k; p++) {
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
        c00.intoArray(c, r0 * n + j);
        c01.intoArray(c, r0 * n + j + L);
        c10.intoArray(c, (r0 + 1) * n + j);
        c11.intoArray(c, (r0 + 1) * n + j + L);
        c20.intoArray(c, (r0 + 2) * n + j);
        c21.intoArray(c, (r0 + 2) * n + j + L);
        c30.intoArray(c, (r0 + 3) * n + j);
        c31.intoArray(c, (r0 + 3) * n + j + L);
      }
    }
    // Edges: leftover rows or columns, plain loops.
    for (int r = r0; r < r1; r++) {
      for (int col = (r1 - r0 == MR ? j : 0); col < n; col++) {
        float s = 0;
        for (int p = 0; p < k; p++) {
          s += a[r * k + p] * b[p * n + col];
        }
        c[r * n + col] = s;
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
