package org.falconet.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.falconet.model.internal.Workers;

/**
 * The exact GELU, x·Φ(x) = ½·x·erfc(−x/√2), as torch.nn.functional.gelu without approximation.
 * ND4J's {@code gelu} is the sigmoid approximation x·σ(1.702x), so it is written here.
 *
 * <p>{@link #applyInPlace} runs the same double-precision arithmetic as {@link #apply} on vectors of doubles, with
 * its own exponential ({@link #expInPlace}, IEEE operations only, so compiled and interpreted runs agree);
 * its results equal {@link #apply}'s but where the two exponentials' last bits put a double on the other side of a
 * float rounding boundary (a float ulp at most; none in GeluTest's two million inputs).
 */
public final class Gelu {
  private Gelu() {}

  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.length() >= 4
      ? DoubleVector.SPECIES_PREFERRED : DoubleVector.SPECIES_256;

  /** GELU of one value. */
  public static float apply(float x) {
    return (float) (0.5 * x * erfc(-x * INV_SQRT2));
  }

  /**
   * In place over x[0..n), a vector of doubles at a time. The floats are widened and narrowed by plain loops through a
   * small double scratch array, chunk by chunk, so that no float vector of another width than the kernels'
   * ({@code VectorWidth}) runs in the JVM (two widths make C2 box the kernels' vectors) and a long prompt's
   * activations need no second, double-sized copy. A prompt's activations (from {@link #PARALLEL_MIN} values) are
   * split into runs of whole chunks over the {@link Workers}; every value takes the same path at any thread count.
   */
  public static void applyInPlace(float[] x, int n) {
    int chunks = (n + CHUNK - 1) / CHUNK;
    int tasks = n < PARALLEL_MIN ? 1 : Math.min(chunks, 4 * Workers.threads());
    if (tasks <= 1) {
      applyRange(x, 0, n);
    } else {
      Workers.run(tasks, k -> applyRange(x, CHUNK * (int) ((long) chunks * k / tasks),
          Math.min(n, CHUNK * (int) ((long) chunks * (k + 1) / tasks))));
    }
  }

  /** {@link #applyInPlace} over x[from..to), from a multiple of {@link #CHUNK}. */
  private static void applyRange(float[] x, int from, int to) {
    int len = Math.min(to - from, CHUNK);
    double[] v = new double[len];                    // x, then GELU(x)
    double[] t = new double[len];                    // erfc's t = 1 / (1 + |a|/2), a = −x/√2
    double[] e = new double[len];                    // the exponent of erfc's exponential, then its value
    int vectorEnd = to - (to - from) % D.length();
    for (int c0 = from; c0 < vectorEnd; c0 += CHUNK) {
      int n = Math.min(vectorEnd, c0 + CHUNK) - c0;
      for (int i = 0; i < n; i++) v[i] = x[c0 + i];
      erfcExponent(v, t, e, n);
      expInPlace(e, n);
      finish(v, t, e, n);
      for (int i = 0; i < n; i++) x[c0 + i] = (float) v[i];
    }
    for (int i = vectorEnd; i < to; i++) x[i] = apply(x[i]);
  }

  // The three passes below are one vector expression of GELU cut where erfc calls exp. Each is a loop over arrays
  // with its vectors inside: a method that takes or returns a vector is only free when C2 inlines it, and C2 declines
  // to inline a method it has already compiled on its own into a big one, so such a helper ran boxed (gigabytes a
  // second of garbage, a prompt's GELU several times slower) or not depending on which compiled first.

  /** For a = −v/√2 lane by lane: t[i] = 1/(1 + |a|/2) and e[i] = −a² − 1.26551223 + t·P(t), n a multiple of the lanes. */
  private static void erfcExponent(double[] v, double[] t, double[] e, int n) {
    for (int i = 0; i < n; i += D.length()) {
      DoubleVector z = DoubleVector.fromArray(D, v, i).neg().mul(INV_SQRT2).abs();
      DoubleVector ti = DoubleVector.broadcast(D, 1.0).div(z.mul(0.5).add(1.0));
      DoubleVector p = ti.mul(0.17087277).add(-0.82215223);
      p = ti.mul(p).add(1.48851587);
      p = ti.mul(p).add(-1.13520398);
      p = ti.mul(p).add(0.27886807);
      p = ti.mul(p).add(-0.18628806);
      p = ti.mul(p).add(0.09678418);
      p = ti.mul(p).add(0.37409196);
      p = ti.mul(p).add(1.00002368);
      ti.intoArray(t, i);
      z.neg().mul(z).sub(1.26551223).add(ti.mul(p)).intoArray(e, i);
    }
  }

  /** v[i] = ½·v[i]·erfc(−v[i]/√2), with erfc = t·e (t, e from the two passes before), reflected for a &lt; 0. */
  private static void finish(double[] v, double[] t, double[] e, int n) {
    for (int i = 0; i < n; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, v, i);
      DoubleVector ans = DoubleVector.fromArray(D, t, i).mul(DoubleVector.fromArray(D, e, i));
      DoubleVector erfc = ans.blend(DoubleVector.broadcast(D, 2.0).sub(ans), x.neg().mul(INV_SQRT2).compare(VectorOperators.LT, 0.0));
      x.mul(0.5).mul(erfc).intoArray(v, i);
    }
  }

  /** Fewest values that {@link #applyInPlace} splits over threads (a 16-token prompt of Falcon-7B's MLP). */
  static final int PARALLEL_MIN = 1 << 18;

  /** Values per pass through the double scratch array (a multiple of every vector length). */
  private static final int CHUNK = 1024;

  /**
   * The complementary error function by the Chebyshev-fitted formula of Numerical Recipes (2nd ed., §6.2,
   * {@code erfcc}): fractional error below 1.2e-7 everywhere, so tails keep full relative precision.
   */
  public static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? ans : 2.0 - ans;
  }

  private static final double LOG2E = 1.4426950408889634;
  private static final double ROUNDER = 6755399441055744.0;          // 1.5·2^52: adding it rounds to an integer
  private static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
  private static final double LN2_HI = 6.93147180369123816490e-01;  // ln 2 = LN2_HI + LN2_LO; n·LN2_HI exact for |n| < 2^20
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double EXP_MIN = -708.0;                     // below it e^x is taken as 0 (e^−708 ≈ 3e−308)
  private static final double EXP_MAX = 709.0;

  /**
   * a[i] = e^a[i] for i &lt; n (a multiple of the lanes): a = k·ln 2 + r with |r| ≤ ½ ln 2 (Cody–Waite, ln 2 in two
   * parts), e^r by its Taylor series to r^13 (truncation below 5e−18 relative), times 2^k built from the bits of
   * ROUNDER + k (no float-to-integer conversion, which JDK 17 does not compile to one instruction); within two ulps
   * of {@code Math.exp} for a ≤ 709 (above, e^709), 0 below −708. Only add, multiply, fused multiply-add, compare and
   * bit operations, each exactly specified.
   */
  static void expInPlace(double[] a, int n) {
    for (int i = 0; i < n; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, a, i);
      VectorMask<Double> underflow = x.compare(VectorOperators.LT, EXP_MIN);
      DoubleVector c = x.max(EXP_MIN).min(EXP_MAX);
      DoubleVector shifted = c.fma(LOG2E, ROUNDER);                   // ROUNDER + k: k sits in the low mantissa bits
      DoubleVector k = shifted.sub(ROUNDER);                          // k = round(x·log2 e)
      DoubleVector r = k.fma(DoubleVector.broadcast(D, -LN2_HI), c);
      r = k.fma(DoubleVector.broadcast(D, -LN2_LO), r);
      DoubleVector e = DoubleVector.broadcast(D, 1.0 / 6227020800.0); // Horner from 1/13! down to 1/0!
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 479001600.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 39916800.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 3628800.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 362880.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 40320.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 5040.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 720.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 120.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 24.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0 / 6.0));
      e = e.fma(r, DoubleVector.broadcast(D, 0.5));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0));
      e = e.fma(r, DoubleVector.broadcast(D, 1.0));
      LongVector bits = shifted.reinterpretAsLongs().add(1023 - ROUNDER_BITS).lanewise(VectorOperators.LSHL, 52);
      e.mul(bits.reinterpretAsDoubles()).blend(0.0, underflow).intoArray(a, i);
    }
  }
}
