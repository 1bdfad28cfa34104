package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The blocked kernel against the triple loop, on shapes that hit every edge (rows, columns, k-blocks). */
class GemmTest {
  @Test
  void equalsTheTripleLoopOnEveryEdge() {
    SplittableRandom r = new SplittableRandom(7);
    int[][] shapes = {{1, 1, 1}, {4, 16, 16}, {5, 17, 3}, {7, 300, 33}, {64, 513, 48}, {130, 64, 257}, {3, 8, 2}};
    for (int[] s : shapes) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      float[] a = new float[m * k];
      float[] b = new float[k * n];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) r.nextGaussian();
      }
      float[] c = new float[m * n];
      java.util.Arrays.fill(c, Float.NaN);               // every element must be written
      Gemm.multiply(a, b, c, m, k, n);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double expected = 0;
          for (int p = 0; p < k; p++) {
            expected += (double) a[i * k + p] * b[p * n + j];
          }
          assertEquals(expected, c[i * n + j], 1e-4 * Math.sqrt(k), "C[" + i + "," + j + "] of " + m + "x" + k + "x" + n);
        }
      }
    }
  }
}
