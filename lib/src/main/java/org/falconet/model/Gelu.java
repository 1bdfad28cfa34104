package org.falconet.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exact GELU, x·Φ(x) = ½·x·erfc(−x/√2), as torch.nn.functional.gelu without approximation.
 * ND4J's {@code gelu} is the sigmoid approximation x·σ(1.702x), so it is written here.
 *
 * <p>{@link #applyInPlace} runs the same double-precision arithmetic as {@link #apply} on vectors of doubles, with
 * its own exponential ({@link #exp(DoubleVector)}, IEEE operations only, so compiled and interpreted runs agree);
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
   * activations need no second, double-sized copy.
   */
  public static void applyInPlace(float[] x, int n) {
    double[] d = new double[Math.min(n, CHUNK)];
    int vectorEnd = n - n % D.length();
    for (int from = 0; from < vectorEnd; from += CHUNK) {
      int to = Math.min(vectorEnd, from + CHUNK);
      for (int i = from; i < to; i++) d[i - from] = x[i];
      for (int i = 0; i < to - from; i += D.length()) {
        DoubleVector v = DoubleVector.fromArray(D, d, i);
        v.mul(0.5).mul(erfc(v.neg().mul(INV_SQRT2))).intoArray(d, i);
      }
      for (int i = from; i < to; i++) x[i] = (float) d[i - from];
    }
    for (int i = vectorEnd; i < n; i++) x[i] = apply(x[i]);
  }

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

  /** {@link #erfc(double)} per lane, operation for operation (the exponential aside). */
  static DoubleVector erfc(DoubleVector x) {
    DoubleVector z = x.abs();
    DoubleVector t = DoubleVector.broadcast(D, 1.0).div(z.mul(0.5).add(1.0));
    DoubleVector p = t.mul(0.17087277).add(-0.82215223);
    p = t.mul(p).add(1.48851587);
    p = t.mul(p).add(-1.13520398);
    p = t.mul(p).add(0.27886807);
    p = t.mul(p).add(-0.18628806);
    p = t.mul(p).add(0.09678418);
    p = t.mul(p).add(0.37409196);
    p = t.mul(p).add(1.00002368);
    DoubleVector ans = t.mul(exp(z.neg().mul(z).sub(1.26551223).add(t.mul(p))));
    return ans.blend(DoubleVector.broadcast(D, 2.0).sub(ans), x.compare(VectorOperators.LT, 0.0));
  }

  private static final double LOG2E = 1.4426950408889634;
  private static final double ROUNDER = 6755399441055744.0;          // 1.5·2^52: adding it rounds to an integer
  private static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
  private static final double LN2_HI = 6.93147180369123816490e-01;  // ln 2 = LN2_HI + LN2_LO; n·LN2_HI exact for |n| < 2^20
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double EXP_MIN = -708.0;                     // below it e^x is taken as 0 (e^−708 ≈ 3e−308)
  private static final double EXP_MAX = 709.0;
  private static final double[] INVERSE_FACTORIALS = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
      1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0};

  /**
   * e^x per lane: x = n·ln 2 + r with |r| ≤ ½ ln 2 (Cody–Waite, ln 2 in two parts), e^r by its Taylor series to
   * r^13 (truncation below 5e−18 relative), times 2^n built from the bits of ROUNDER + n (no float-to-integer
   * conversion, which JDK 17 does not compile to one instruction); within two ulps of
   * {@code Math.exp} for x ≤ 709 (above, e^709). Only add, multiply, fused multiply-add, compare and bit operations, each exactly specified.
   */
  static DoubleVector exp(DoubleVector x) {
    VectorMask<Double> underflow = x.compare(VectorOperators.LT, EXP_MIN);
    DoubleVector c = x.max(EXP_MIN).min(EXP_MAX);
    DoubleVector shifted = c.fma(LOG2E, ROUNDER);                     // ROUNDER + n: n sits in the low mantissa bits
    DoubleVector n = shifted.sub(ROUNDER);                            // n = round(x·log2 e)
    DoubleVector r = n.fma(DoubleVector.broadcast(D, -LN2_HI), c);
    r = n.fma(DoubleVector.broadcast(D, -LN2_LO), r);
    DoubleVector e = DoubleVector.broadcast(D, 1.0 / 6227020800.0);  // 1/13!
    for (double f : INVERSE_FACTORIALS) e = e.fma(r, DoubleVector.broadcast(D, f));
    LongVector bits = shifted.reinterpretAsLongs().add(1023 - ROUNDER_BITS).lanewise(VectorOperators.LSHL, 52);
    return e.mul(bits.reinterpretAsDoubles()).blend(0.0, underflow);
  }
}
