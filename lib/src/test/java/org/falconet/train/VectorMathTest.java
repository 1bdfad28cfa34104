package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;

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
   * The reason {@link VectorMath#exp} exists: the same bits interpreted and JIT-compiled. A child JVM
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
    float[] y = new float[x.length];
    for (int i = 0; i + 8 <= x.length; i += 8) {
      VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_256, x, i)).intoArray(y, i);
    }
    return y;
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
