package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The vectorised GELU and exponentials against the same formulas in double (and erf's derivative identity). */
class VectorMathTest {
  private static final int N = 2003;                        // not a multiple of 8: the scalar tail runs too

  private static float[] grid() {
    float[] x = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = -12f + 24f * i / (N - 1);
    }
    return x;
  }

  @Test
  void geluMatchesTheExactFormulaInDouble() {
    float[] x = grid();
    float[] y = new float[N];
    VectorMath.gelu(x, y, 0, N);
    for (int i = 0; i < N; i++) {
      double cdf = 0.5 * org.falconet.model.Gelu.erfc(-x[i] / Math.sqrt(2));
      assertEquals(x[i] * cdf, y[i], 1e-6 * Math.max(1, Math.abs(x[i])), "gelu(" + x[i] + ")");
    }
  }

  @Test
  void geluBackwardIsTheDerivative() {
    float[] x = grid();
    float[] ones = new float[N];
    java.util.Arrays.fill(ones, 1f);
    float[] d = new float[N];
    VectorMath.geluBackward(x, ones, d, 0, N);
    for (int i = 0; i < N; i++) {
      double h = 1e-4;                                      // central difference of x·Φ(x) in double
      double up = (x[i] + h) * 0.5 * org.falconet.model.Gelu.erfc(-(x[i] + h) / Math.sqrt(2));
      double down = (x[i] - h) * 0.5 * org.falconet.model.Gelu.erfc(-(x[i] - h) / Math.sqrt(2));
      assertEquals((up - down) / (2 * h), d[i], 2e-6, "gelu'(" + x[i] + ")");
    }
  }

  @Test
  void expShiftedAndMax() {
    float[] x = grid();
    float[] e = x.clone();
    assertEquals(12f, VectorMath.max(x, 0, N));
    assertEquals(-12f + 24f * 5 / (N - 1), VectorMath.max(x, 1, 5));
    double sum = VectorMath.expShifted(e, 3, N - 3, 2f);
    double expected = 0;
    for (int i = 3; i < N; i++) {
      double v = Math.exp(x[i] - 2f);                      // the argument rounded to float, as the kernel has it
      expected += v;
      assertEquals(v, e[i], 3e-7 * v, "exp(" + x[i] + " - 2)");
    }
    assertEquals(x[0], e[0]);
    assertEquals(expected, sum, 1e-6 * expected);
  }

  @Test
  void crossEntropyGradientIsTheScalarExpressionBitForBit() {
    float[] e = new float[3 + N];                           // a row at offset 3, odd length, zeros of both signs
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (int i = 0; i < e.length; i++) {
      e[i] = (float) r.nextDouble(0, 2);
    }
    e[10] = 0f;
    e[11] = -0f;
    int target = 700;
    double z = 1234.567;
    double scale = 0.37;
    int count = 777;
    float[] got = e.clone();
    VectorMath.crossEntropyGradient(got, 3, N, target, z, scale, count);
    for (int j = 0; j < N; j++) {
      float expected = (float) ((e[3 + j] / z - (j == target ? 1 : 0)) * scale / count);
      assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[3 + j]), "element " + j);
    }
    assertEquals(e[0], got[0]);
  }
}
