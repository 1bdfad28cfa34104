package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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

  @Test
  void expIsWithinTwoUlpsOfMathExpOverTheFloatRange() {
    float[] x = new float[1 << 14];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < x.length; i++) {
      x[i] = -87f + 175f * random.nextFloat();               // e^x normal and finite
    }
    float[] y = expAll(x);
    for (int i = 0; i < x.length; i++) {
      double exact = Math.exp(x[i]);
      assertEquals(exact, y[i], 2 * Math.ulp((float) exact), "exp(" + x[i] + ")");
    }
  }

  @Test
  void expEdges() {
    float[] x = {0f, -0f, 1f, -1f, -87.33f, -88f, -1000f, Float.NEGATIVE_INFINITY, Float.NaN, -1e-30f};
    float[] y = expAll(java.util.Arrays.copyOf(x, 16));
    assertEquals(1f, y[0]);
    assertEquals(1f, y[1]);
    assertEquals((float) Math.E, y[2], Math.ulp((float) Math.E));
    assertEquals((float) Math.exp(-1), y[3], Math.ulp((float) Math.exp(-1)));
    assertEquals(0f, y[5]);                                   // below ln 2^-126: flushed to 0, as softmax wants
    assertEquals(0f, y[6]);
    assertEquals(0f, y[7]);                                   // a masked score contributes nothing
    assertTrue(Float.isNaN(y[8]));
    assertEquals(1f, y[9]);
  }

  /**
   * The reason {@link VectorMath#expInPlace} exists: the same bits interpreted and JIT-compiled. A child JVM
   * with the JIT off computes the same inputs; its hash must equal this warmed-up JVM's.
   */
  @Test
  void expGivesTheSameBitsInterpretedAndCompiled() throws Exception {
    for (int i = 0; i < 200; i++) {
      ExpHash.hash();                                         // warm up: C2 compiles exp here
    }
    long compiled = ExpHash.hash();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(List.of(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), ExpHash.class.getName()))
        .redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "interpreted child timed out");
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    assertEquals(Long.toString(compiled), last, "child output: " + out);
  }

  private static float[] expAll(float[] x) {
    float[] y = x.clone();
    VectorMath.expInPlace(y, 0, x.length - x.length % 8);
    return y;
  }

  @Test
  void expInPlaceRefusesAPartialVector() {
    assertThrows(IllegalArgumentException.class, () -> VectorMath.expInPlace(new float[16], 0, 12));
  }

  /**
   * Inputs for the bit-for-bit comparisons: every regime of the formulas (tiny, ordinary, large |x| where
   * erfc and the density underflow near x² = 2·87.34, far beyond, ±0, ±∞, NaN, subnormals) in a shuffled order, so
   * each 8-lane vector mixes regimes.
   */
  private static float[] regimes() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    float[] x = new float[5003];
    int i = 0;
    for (; i < 1500; i++) x[i] = (float) (3 * r.nextGaussian());
    for (; i < 2500; i++) x[i] = (float) r.nextDouble(-14, 14);
    for (; i < 3000; i++) x[i] = (float) r.nextDouble(12.9, 13.5) * (r.nextBoolean() ? 1 : -1);  // e^(−x²/2) underflows
    for (; i < 3300; i++) x[i] = (float) Math.scalb(r.nextDouble(1, 2), r.nextInt(-140, 128)) * (r.nextBoolean() ? 1 : -1);
    for (; i < 3600; i++) x[i] = (float) r.nextDouble(-1e-3, 1e-3);
    float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 13.22f, -13.22f, 88f, -88f, 1000f, -1000f};
    for (float v : specials) x[i++] = v;
    for (; i < x.length; i++) x[i] = (float) r.nextDouble(-20, 20);
    for (int k = x.length - 1; k > 0; k--) {                 // Fisher–Yates
      int j = r.nextInt(k + 1);
      float t = x[k];
      x[k] = x[j];
      x[j] = t;
    }
    return x;
  }

  /** Arguments for exp itself: dense around the underflow edge ln 2^−126 = −87.3365 and the clamp at 88. */
  private static float[] expArguments() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(13);
    float[] x = new float[4099];
    int i = 0;
    for (; i < 1000; i++) x[i] = -87.4f + 1e-4f * i;                          // −87.4 up through the edge
    for (; i < 1500; i++) x[i] = (float) r.nextDouble(-88.5, -86);
    for (; i < 1800; i++) x[i] = (float) r.nextDouble(86, 90);
    for (; i < 3900; i++) x[i] = (float) r.nextDouble(-100, 100);
    float[] specials = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE,
        -Float.MIN_VALUE, -87.33654f, Math.nextDown(-87.33654f), Math.nextUp(-87.33654f), 88f, Math.nextUp(88f)};
    for (float v : specials) x[i++] = v;
    for (; i < x.length; i++) x[i] = (float) r.nextDouble(-1, 1);
    return x;
  }

  @Test
  void passesAreBitForBitThePreviousVectorExpressions() {
    float[] x = regimes();
    float[] dy = new float[x.length];
    java.util.SplittableRandom r = new java.util.SplittableRandom(17);
    for (int i = 0; i < dy.length; i++) dy[i] = (float) r.nextGaussian();
    // Ranges: several 1,024-value chunks with a tail, unaligned starts, one vector, shorter than a vector.
    int[][] ranges = {{0, x.length}, {3, x.length - 2}, {5, 5 + 2048}, {1, 9}, {7, 12}, {0, 0}};
    for (int[] range : ranges) {
      int from = range[0];
      int to = range[1];
      float[] cdf = new float[x.length];
      float[] cdfRef = new float[x.length];
      VectorMath.normalCdf(x, cdf, from, to);
      OldVectorMath.normalCdf(x, cdfRef, from, to);
      assertBits(cdfRef, cdf, "normalCdf " + from + ".." + to, x);
      float[] y = new float[x.length];
      float[] yRef = new float[x.length];
      VectorMath.gelu(x, y, from, to);
      OldVectorMath.gelu(x, yRef, from, to);
      assertBits(yRef, y, "gelu " + from + ".." + to, x);
      float[] dx = new float[x.length];
      float[] dxRef = new float[x.length];
      VectorMath.geluBackward(x, dy, dx, from, to);
      OldVectorMath.geluBackward(x, dy, dxRef, from, to);
      assertBits(dxRef, dx, "geluBackward " + from + ".." + to, x);
    }
  }

  @Test
  void expPassesAreBitForBitThePreviousVectorExpressions() {
    float[] x = expArguments();
    float[] y = x.clone();
    float[] yRef = x.clone();
    VectorMath.expInPlace(y, 3, 3 + 4088);
    OldVectorMath.expInPlace(yRef, 3, 3 + 4088);
    assertBits(yRef, y, "expInPlace", x);
    float[] shifts = {0f, 2.5f, -3f, 80f};
    int[][] ranges = {{0, x.length}, {3, x.length - 3}, {2, 2 + 1031}, {1, 6}};
    for (float shift : shifts) {
      for (int[] range : ranges) {
        float[] s = x.clone();
        float[] sRef = x.clone();
        double sum = VectorMath.expShifted(s, range[0], range[1] - range[0], shift);
        double sumRef = OldVectorMath.expShifted(sRef, range[0], range[1] - range[0], shift);
        String what = "expShifted by " + shift + " over " + range[0] + ".." + range[1];
        assertBits(sRef, s, what, x);
        assertEquals(Double.doubleToRawLongBits(sumRef), Double.doubleToRawLongBits(sum), what + ": sum " + sumRef + " vs " + sum);
      }
    }
  }

  private static void assertBits(float[] expected, float[] got, String what, float[] x) {
    for (int i = 0; i < expected.length; i++) {
      int e = Float.floatToRawIntBits(expected[i]);
      int g = Float.floatToRawIntBits(got[i]);
      if (e != g) {
        throw new AssertionError(what + ": element " + i + " (x = " + x[i] + "): " + expected[i] + " expected, " + got[i]);
      }
    }
  }

  /**
   * VectorMath as it was before its passes became array loops (commit 278a3d4): one vector expression per
   * element group, with helpers that take and return vectors. The reference for the bit-for-bit tests above.
   */
  private static final class OldVectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    private static final float INV_SQRT2 = 0.70710678f;
    private static final float INV_SQRT_2PI = 0.39894228f;
    private static final float LOG2E = 1.44269504f;
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float EXP_MIN = -87.33654f;
    private static final float EXP_MAX = 88f;

    static void normalCdf(float[] x, float[] cdf, int from, int to) {
      int i = from;
      for (; i + L <= to; i += L) {
        normalCdf(FloatVector.fromArray(S, x, i)).intoArray(cdf, i);
      }
      for (; i < to; i++) {
        cdf[i] = (float) (0.5 * org.falconet.model.Gelu.erfc(-x[i] * 0.7071067811865476));
      }
    }

    static FloatVector normalCdf(FloatVector x) {
      FloatVector z = x.abs().mul(INV_SQRT2);
      FloatVector t = z.mul(0.5f).add(1f);
      t = FloatVector.broadcast(S, 1f).div(t);
      FloatVector poly = t.mul(0.17087277f).add(-0.82215223f);
      poly = poly.mul(t).add(1.48851587f);
      poly = poly.mul(t).add(-1.13520398f);
      poly = poly.mul(t).add(0.27886807f);
      poly = poly.mul(t).add(-0.18628806f);
      poly = poly.mul(t).add(0.09678418f);
      poly = poly.mul(t).add(0.37409196f);
      poly = poly.mul(t).add(1.00002368f);
      poly = poly.mul(t).add(-1.26551223f);
      FloatVector ans = t.mul(exp(poly.sub(z.mul(z))));
      VectorMask<Float> negativeU = x.compare(VectorOperators.GT, 0f);
      FloatVector erfc = ans.blend(FloatVector.broadcast(S, 2f).sub(ans), negativeU);
      return erfc.mul(0.5f);
    }

    static FloatVector exp(FloatVector x) {
      VectorMask<Float> underflow = x.compare(VectorOperators.LT, EXP_MIN);
      FloatVector c = x.max(EXP_MIN).min(EXP_MAX);
      FloatVector t = c.fma(LOG2E, ROUNDER);
      FloatVector n = t.sub(ROUNDER);
      FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), c);
      r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
      FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
      p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
      p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
      p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
      p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
      FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
      FloatVector twoToN = t.reinterpretAsInts().sub(ROUNDER_BITS).add(127)
          .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      return er.mul(twoToN).blend(0f, underflow);
    }

    static void expInPlace(float[] a, int from, int to) {
      for (int i = from; i < to; i += L) {
        exp(FloatVector.fromArray(S, a, i)).intoArray(a, i);
      }
    }

    static void gelu(float[] x, float[] y, int from, int to) {
      int i = from;
      for (; i + L <= to; i += L) {
        FloatVector v = FloatVector.fromArray(S, x, i);
        v.mul(normalCdf(v)).intoArray(y, i);
      }
      for (; i < to; i++) {
        y[i] = org.falconet.model.Gelu.apply(x[i]);
      }
    }

    static void geluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
      int i = from;
      for (; i + L <= to; i += L) {
        FloatVector v = FloatVector.fromArray(S, x, i);
        FloatVector pdf = exp(v.mul(v).mul(-0.5f)).mul(INV_SQRT_2PI);
        FloatVector d = normalCdf(v).add(v.mul(pdf));
        FloatVector.fromArray(S, dy, i).mul(d).intoArray(dx, i);
      }
      for (; i < to; i++) {
        double xi = x[i];
        double cdf = 0.5 * org.falconet.model.Gelu.erfc(-xi * 0.7071067811865476);
        double pdf = 0.3989422804014327 * Math.exp(-0.5 * xi * xi);
        dx[i] = (float) (dy[i] * (cdf + xi * pdf));
      }
    }

    static double expShifted(float[] s, int off, int n, float shift) {
      int i = 0;
      FloatVector acc = FloatVector.zero(S);
      for (; i + L <= n; i += L) {
        FloatVector e = exp(FloatVector.fromArray(S, s, off + i).sub(shift));
        e.intoArray(s, off + i);
        acc = acc.add(e);
      }
      double sum = acc.reduceLanes(VectorOperators.ADD);
      for (; i < n; i++) {
        float e = (float) Math.exp(s[off + i] - shift);
        s[off + i] = e;
        sum += e;
      }
      return sum;
    }
  }

  /** Hashes exp over 8,192 fixed inputs in [-20, 0]; run as a program by the test above. */
  static final class ExpHash {
    static long hash() {
      float[] x = new float[1 << 13];
      for (int i = 0; i < x.length; i++) {
        x[i] = -20f * i / x.length - 1e-3f * (i % 7);
      }
      long h = 0;
      for (float v : expAll(x)) {
        h = h * 31 + Float.floatToRawIntBits(v);
      }
      return h;
    }

    public static void main(String[] args) {
      System.out.println(hash());
    }
  }
}
