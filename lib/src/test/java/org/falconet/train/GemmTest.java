package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packed kernel against a triple loop in double, on shapes that hit every edge (partial row and
 * column tiles, several k panels, several A blocks and B panels), for all four transpositions, with
 * and without accumulation, on sub-matrices with row strides and offsets.
 */
class GemmTest {
  private static final SplittableRandom R = new SplittableRandom(7);

  /** m, k, n: 1s, below a tile, odd, across KC (256), MC (96) and NC (1024) boundaries. */
  private static final int[][] SHAPES = {{1, 1, 1}, {6, 16, 16}, {5, 17, 3}, {7, 300, 33}, {64, 513, 48},
      {130, 64, 257}, {3, 8, 2}, {97, 31, 1030}, {200, 9, 19}};

  @Test
  void equalsTheTripleLoopForEveryTranspositionAndEdge() {
    for (int[] s : SHAPES) {
      for (int variant = 0; variant < 8; variant++) {
        check(s[0], s[1], s[2], (variant & 1) != 0, (variant & 2) != 0, (variant & 4) != 0);
      }
    }
  }

  @Test
  void aHeadSliceOfAnActivationIsAMatrix() {
    // A = columns 8..8+5 of a [T, 24] array, Bᵀ = columns 4..4+5 of a [T, 12] array, C inside a wider array.
    int t = 37;
    int hd = 5;
    float[] q = random(t * 24);
    float[] k = random(t * 12);
    float[] c = random(2 + t * 40);
    float[] before = c.clone();
    Gemm.gemm(false, true, t, t, hd, q, 8, 24, k, 4, 12, c, 2, 40, true, false);
    for (int i = 0; i < t; i++) {
      for (int j = 0; j < 40; j++) {
        double expected = before[2 + i * 40 + j];
        if (j < t) {
          for (int p = 0; p < hd; p++) {
            expected += (double) q[8 + i * 24 + p] * k[4 + j * 12 + p];
          }
        }
        assertEquals(expected, c[2 + i * 40 + j], 1e-5, "C[" + i + "," + j + "]");
      }
    }
    assertEquals(before[0], c[0]);
    assertEquals(before[1], c[1]);
  }

  @Test
  void resultsDoNotDependOnTheThreadSplit() {
    int m = 301;
    int k = 520;
    int n = 77;
    float[] a = random(m * k);
    float[] b = random(k * n);
    float[] serial = new float[m * n];
    float[] parallel = new float[m * n];
    Gemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, serial, 0, n, false, false);
    Gemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, parallel, 0, n, false, true);
    assertArrayEquals(serial, parallel);
    // A single row computed alone is the same row: every element is one FMA chain over k in order.
    float[] row = new float[n];
    Gemm.gemm(false, false, 1, n, k, a, 100 * k, k, b, 0, n, row, 0, n, false, false);
    assertArrayEquals(java.util.Arrays.copyOfRange(serial, 100 * n, 101 * n), row);
  }

  private static void check(int m, int k, int n, boolean ta, boolean tb, boolean accumulate) {
    int lda = (ta ? m : k) + 3;                            // padded rows: strides are honoured
    int ldb = (tb ? k : n) + 1;
    int ldc = n + 2;
    float[] a = random((ta ? k : m) * lda);
    float[] b = random((tb ? n : k) * ldb);
    float[] c = random(m * ldc);
    float[] before = c.clone();
    Gemm.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, ldc, accumulate, true);
    String what = m + "x" + k + "x" + n + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : "") + (accumulate ? " +=" : "");
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < ldc; j++) {
        if (j >= n) {
          assertEquals(before[i * ldc + j], c[i * ldc + j], "padding of C untouched, " + what);
          continue;
        }
        double expected = accumulate ? before[i * ldc + j] : 0;
        for (int p = 0; p < k; p++) {
          double x = ta ? a[p * lda + i] : a[i * lda + p];
          double y = tb ? b[j * ldb + p] : b[p * ldb + j];
          expected += x * y;
        }
        assertEquals(expected, c[i * ldc + j], 2e-5 * Math.sqrt(k + 1), "C[" + i + "," + j + "] of " + what);
      }
    }
  }

  private static float[] random(int size) {
    float[] v = new float[size];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) R.nextGaussian();
    }
    return v;
  }
}
