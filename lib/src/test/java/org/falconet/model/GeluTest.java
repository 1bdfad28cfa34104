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
  void exponentialWithinTwoUlpsOfMathExp() {
    int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length() >= 4
        ? jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length() : 4;
    var species = jdk.incubator.vector.VectorSpecies.of(double.class,
        jdk.incubator.vector.VectorShape.forBitSize(64 * lanes));
    Random r = new Random(11);
    double[] a = new double[lanes];
    double[] e = new double[lanes];
    for (int k = 0; k < 200_000; k++) {
      for (int i = 0; i < lanes; i++) a[i] = k == 0 ? new double[] {0, -708, 709, -1e-300, 1, -1, 700, -700}[i % 8] : -720 + 1429 * r.nextDouble();
      Gelu.exp(jdk.incubator.vector.DoubleVector.fromArray(species, a, 0)).intoArray(e, 0);
      for (int i = 0; i < lanes; i++) {
        double expected = a[i] < -708 ? 0 : Math.exp(a[i]);
        assertEquals(expected, e[i], 2 * Math.ulp(expected), "exp(" + a[i] + ")");
      }
    }
  }
}
