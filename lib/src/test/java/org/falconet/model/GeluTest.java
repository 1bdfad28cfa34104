package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector GELU against the scalar one, and its exponential against Math.exp. */
class GeluTest {

  @Test
  void vectorGeluEqualsTheScalarOne() {
    int n = 2_000_003;                               // odd: the scalar tail runs too
    float[] x = new float[n];
    for (int i = 0; i < 1_000_000; i++) x[i] = -40f + 80f * i / 1_000_000;   // a grid over [−40, 40)
    Random r = new Random(7);
    for (int i = 1_000_000; i < n; i++) x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
    x[0] = 0f;
    x[1] = -0f;
    x[2] = Float.MIN_VALUE;
    x[3] = -Float.MAX_VALUE / 4;
    x[4] = Float.MAX_VALUE / 4;
    float[] y = x.clone();
    for (int pass = 0; pass < 3; pass++) {           // interpreted, then compiled
      y = x.clone();
      Gelu.applyInPlace(y, n);
    }
    int differ = 0;
    for (int i = 0; i < n; i++) {
      float expected = Gelu.apply(x[i]);
      if (Float.floatToIntBits(expected) != Float.floatToIntBits(y[i])) {
        differ++;
        assertEquals(expected, y[i], Math.ulp(expected), "gelu(" + x[i] + ")");
      }
    }
    assertTrue(differ <= n / 100_000, differ + " of " + n + " differ in the last bit");
  }

  @Test
  void splittingOverThreadsChangesNoValue() {
    int n = 3 * Gelu.PARALLEL_MIN + 1_027;            // several tasks, the last ending in a scalar tail
    float[] x = new float[n];
    Random r = new Random(11);
    for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * 3);
    float[] whole = x.clone();
    Gelu.applyInPlace(whole, n);                     // split over the workers
    float[] pieces = x.clone();
    for (int from = 0; from < n; from += 1024) {      // one chunk at a time, below the parallel size
      int len = Math.min(1024, n - from);
      float[] piece = java.util.Arrays.copyOfRange(pieces, from, from + len);
      Gelu.applyInPlace(piece, len);
      System.arraycopy(piece, 0, pieces, from, len);
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(pieces, whole);
  }

  @Test
  void exponentialWithinTwoUlpsOfMathExp() {
    int n = 64;                                      // a multiple of every vector length
    Random r = new Random(11);
    double[] a = new double[n];
    double[] e = new double[n];
    for (int k = 0; k < 20_000; k++) {
      for (int i = 0; i < n; i++) a[i] = k == 0 ? new double[] {0, -708, 709, -1e-300, 1, -1, 700, -700}[i % 8] : -720 + 1429 * r.nextDouble();
      System.arraycopy(a, 0, e, 0, n);
      Gelu.expInPlace(e, n);
      for (int i = 0; i < n; i++) {
        double expected = a[i] < -708 ? 0 : Math.exp(a[i]);
        assertEquals(expected, e[i], 2 * Math.ulp(expected), "exp(" + a[i] + ")");
      }
    }
  }
}
