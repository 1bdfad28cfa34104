package org.falconet.train;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The training step's transcendental passes (GELU and its derivative, softmax's exponentials) on 8-float
 * vectors of the JDK Vector API. The exponential is our own {@link #expInPlace}, built from IEEE
 * operations only, so a run gives the same bits whether the JIT has compiled this code yet or not: the
 * Vector API's {@code EXP} does not (interpreted it is {@code Math.exp} per lane, compiled a vector math
 * library; the two differed in the last bit for 4% of 65,536 inputs in [−20, 0] on this machine), which
 * made the first steps of a fresh JVM differ from run to run. Tails shorter than a vector take the
 * scalar path ({@code Math.exp}, which HotSpot computes the same way interpreted and compiled).
 */
final class VectorMath {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
  private static final int L = S.length();
  private static final float INV_SQRT2 = 0.70710678f;
  private static final float INV_SQRT_2PI = 0.39894228f;
  private static final float LOG2E = 1.44269504f;
  private static final float ROUNDER = 12582912f;                // 1.5·2^23: adding it rounds to an integer
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
  private static final float LN2_HI = 0.693359375f;              // ln 2 = LN2_HI + LN2_LO, LN2_HI exact in 9 bits
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float EXP_MIN = -87.33654f;               // ln(2^−126): below it e^x is taken as 0
  private static final float EXP_MAX = 88f;                      // keeps 2^n finite (n ≤ 127)

  private VectorMath() {}

  /** Values per pass through the scratch arrays (a multiple of the lanes; 4 KiB a float array, so they stay in L1). */
  private static final int CHUNK = 1024;

  /** Values per pass through {@link #crossEntropyGradient}'s double scratch array (2 KiB, allocated once a row). */
  private static final int WIDE_CHUNK = 256;

  // Every pass below is a loop over arrays with its vectors inside: no method of ours takes or returns a vector, and
  // no vector stays live across a call of ours (expShifted sums after its calls to expInPlace). A vector crossing a
  // call is only free when C2 inlines the callee, and C2 declines to inline a method it has already compiled on its
  // own into a big one, so such a helper ran boxed (2 GB of int[]/float[] garbage in 8 steps of TrainingBenchmark
  // 4096 256 4 4 8 256 8) or not depending on which compiled first. The passes are one vector expression cut where it
  // calls exp, lane for lane the same IEEE operations in the same order as that expression. Float vectors here have
  // one width only, S's (see crossEntropyGradient).

  /**
   * Φ(x) = ½·erfc(−x/√2) for x[from, to) into cdf, erfc by the Chebyshev-fitted formula of Numerical
   * Recipes (2nd ed., §6.2, {@code erfcc}) that {@link org.falconet.model.Gelu#erfc} uses, here in float.
   */
  static void normalCdf(float[] x, float[] cdf, int from, int to) {
    int vectorEnd = to - (to - from) % L;
    int len = Math.min(vectorEnd - from, CHUNK);
    float[] t = new float[len];
    float[] e = new float[len];
    for (int c0 = from; c0 < vectorEnd; c0 += CHUNK) {
      int n = Math.min(vectorEnd, c0 + CHUNK) - c0;
      erfcExponent(x, c0, t, e, n);
      expInPlace(e, 0, n);
      halfErfc(x, c0, t, e, n);
      System.arraycopy(e, 0, cdf, c0, n);
    }
    for (int i = vectorEnd; i < to; i++) {
      cdf[i] = (float) (0.5 * org.falconet.model.Gelu.erfc(-x[i] * 0.7071067811865476));
    }
  }

  /**
   * For u = −x/√2 lane by lane over x[c0, c0 + n), n a multiple of the lanes: t[k] = 1/(1 + |u|/2) and
   * e[k] = t·P(t) − u², the exponent of erfc's exponential (P with the constant −1.26551223 inside).
   */
  private static void erfcExponent(float[] x, int c0, float[] t, float[] e, int n) {
    for (int k = 0; k < n; k += L) {
      FloatVector z = FloatVector.fromArray(S, x, c0 + k).abs().mul(INV_SQRT2);    // |u|
      FloatVector ti = z.mul(0.5f).add(1f);
      ti = FloatVector.broadcast(S, 1f).div(ti);
      FloatVector poly = ti.mul(0.17087277f).add(-0.82215223f);
      poly = poly.mul(ti).add(1.48851587f);
      poly = poly.mul(ti).add(-1.13520398f);
      poly = poly.mul(ti).add(0.27886807f);
      poly = poly.mul(ti).add(-0.18628806f);
      poly = poly.mul(ti).add(0.09678418f);
      poly = poly.mul(ti).add(0.37409196f);
      poly = poly.mul(ti).add(1.00002368f);
      poly = poly.mul(ti).add(-1.26551223f);
      ti.intoArray(t, k);
      poly.sub(z.mul(z)).intoArray(e, k);
    }
  }

  /**
   * e[k] = Φ(x[c0 + k]) = ½·erfc(u) for k &lt; n, from erfc(|u|) = t·e (t, e[k] = e^exponent from the passes
   * before), reflected as 2 − erfc(|u|) where u &lt; 0, i.e. x &gt; 0.
   */
  private static void halfErfc(float[] x, int c0, float[] t, float[] e, int n) {
    for (int k = 0; k < n; k += L) {
      FloatVector ans = FloatVector.fromArray(S, t, k).mul(FloatVector.fromArray(S, e, k));   // erfc(|u|)
      VectorMask<Float> negativeU = FloatVector.fromArray(S, x, c0 + k).compare(VectorOperators.GT, 0f);
      FloatVector erfc = ans.blend(FloatVector.broadcast(S, 2f).sub(ans), negativeU);
      erfc.mul(0.5f).intoArray(e, k);
    }
  }

  /**
   * a[i] = e^a[i] for i in [from, to), to − from a multiple of the lanes: a = n·ln 2 + r with |r| ≤ ½ ln 2
   * (Cody–Waite, ln 2 split in two so n·LN2_HI is exact), e^r by its degree-6 minimax polynomial (the
   * coefficients of Cephes' {@code expf}), times 2^n built in the exponent bits; 0 below ln 2^−126. Relative
   * error about 1e-7; only add, multiply, fused multiply-add, compare and bit operations, each exactly
   * specified by IEEE 754 and the Vector API, hence deterministic.
   */
  static void expInPlace(float[] a, int from, int to) {
    if ((to - from) % L != 0) {
      throw new IllegalArgumentException(
          "expInPlace over [" + from + ", " + to + "): not a multiple of " + L + " values");
    }
    for (int i = from; i < to; i += L) {
      FloatVector x = FloatVector.fromArray(S, a, i);
      VectorMask<Float> underflow = x.compare(VectorOperators.LT, EXP_MIN);
      FloatVector c = x.max(EXP_MIN).min(EXP_MAX);
      FloatVector t = c.fma(LOG2E, ROUNDER);                            // ROUNDER + round(x·log2 e)
      FloatVector n = t.sub(ROUNDER);
      FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), c);
      r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
      FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
      p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
      p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
      p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
      p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
      FloatVector er = p.mul(r.mul(r)).add(r).add(1f);                  // e^r
      FloatVector twoToN = t.reinterpretAsInts().sub(ROUNDER_BITS).add(127)
          .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();    // 2^n from its exponent bits
      er.mul(twoToN).blend(0f, underflow).intoArray(a, i);
    }
  }

  /** y = GELU(x) = x·Φ(x) over [from, to); y is another array than x. */
  static void gelu(float[] x, float[] y, int from, int to) {
    int vectorEnd = to - (to - from) % L;
    normalCdf(x, y, from, vectorEnd);
    for (int i = from; i < vectorEnd; i += L) {
      FloatVector.fromArray(S, x, i).mul(FloatVector.fromArray(S, y, i)).intoArray(y, i);
    }
    for (int i = vectorEnd; i < to; i++) {
      y[i] = org.falconet.model.Gelu.apply(x[i]);
    }
  }

  /** dx = dy·(Φ(x) + x·φ(x)), GELU's derivative, over [from, to). */
  static void geluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
    int vectorEnd = to - (to - from) % L;
    int len = Math.min(vectorEnd - from, CHUNK);
    float[] t = new float[len];
    float[] e = new float[2 * len];                  // erfc's exponent in [0, n), the density's −x²/2 from len on
    for (int c0 = from; c0 < vectorEnd; c0 += CHUNK) {
      int n = Math.min(vectorEnd, c0 + CHUNK) - c0;
      erfcExponent(x, c0, t, e, n);
      for (int k = 0; k < n; k += L) {
        FloatVector v = FloatVector.fromArray(S, x, c0 + k);
        v.mul(v).mul(-0.5f).intoArray(e, len + k);
      }
      expInPlace(e, 0, n);
      expInPlace(e, len, len + n);
      halfErfc(x, c0, t, e, n);
      for (int k = 0; k < n; k += L) {
        FloatVector v = FloatVector.fromArray(S, x, c0 + k);
        FloatVector pdf = FloatVector.fromArray(S, e, len + k).mul(INV_SQRT_2PI);
        FloatVector d = FloatVector.fromArray(S, e, k).add(v.mul(pdf));
        FloatVector.fromArray(S, dy, c0 + k).mul(d).intoArray(dx, c0 + k);
      }
    }
    for (int i = vectorEnd; i < to; i++) {
      double xi = x[i];
      double cdf = 0.5 * org.falconet.model.Gelu.erfc(-xi * 0.7071067811865476);
      double pdf = 0.3989422804014327 * Math.exp(-0.5 * xi * xi);
      dx[i] = (float) (dy[i] * (cdf + xi * pdf));
    }
  }

  /** max of s[off, off + n). */
  static float max(float[] s, int off, int n) {
    int i = 0;
    float m = Float.NEGATIVE_INFINITY;
    if (n >= L) {
      FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
      for (; i + L <= n; i += L) {
        acc = acc.max(FloatVector.fromArray(S, s, off + i));
      }
      m = acc.reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      m = Math.max(m, s[off + i]);
    }
    return m;
  }

  /** s[off, off + n) ← exp(s − shift); returns their sum (8 lane sums in index order, then the tail). */
  static double expShifted(float[] s, int off, int n, float shift) {
    int vectorEnd = off + n - n % L;
    for (int c0 = off; c0 < vectorEnd; c0 += CHUNK) {
      int c1 = Math.min(vectorEnd, c0 + CHUNK);
      for (int i = c0; i < c1; i += L) {
        FloatVector.fromArray(S, s, i).sub(shift).intoArray(s, i);
      }
      expInPlace(s, c0, c1);
    }
    FloatVector acc = FloatVector.zero(S);           // summed after the calls to expInPlace, so it lives across none
    for (int i = off; i < vectorEnd; i += L) {
      acc = acc.add(FloatVector.fromArray(S, s, i));
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (int i = vectorEnd; i < off + n; i++) {
      float e = (float) Math.exp(s[i] - shift);
      s[i] = e;
      sum += e;
    }
    return sum;
  }

  /**
   * Cross-entropy's gradient for one row in place: e[off, off + n) holds exp(logit − max) summing to z,
   * and becomes (e/z − [j = target])·scale/count, each element computed in double as the scalar
   * expression would (four lanes at a time: the same IEEE operations, so the same bits). The floats are
   * widened and narrowed by plain loops through a small double scratch array: a float vector of a second
   * width (128 bits beside {@link #S}'s 256) would make the JDK's vector methods' call sites see two
   * vector classes, and C2 then boxes the vectors of every pass here (the intrinsics fail on them).
   */
  static void crossEntropyGradient(float[] e, int off, int n, int target, double z, double scale, int count) {
    float atTarget = e[off + target];
    double c = count;
    double[] d = new double[Math.min(n, WIDE_CHUNK)];
    for (int c0 = 0; c0 < n; c0 += WIDE_CHUNK) {
      int m = Math.min(n - c0, WIDE_CHUNK);
      for (int k = 0; k < m; k++) {
        d[k] = e[off + c0 + k];
      }
      int k = 0;
      for (; k + D4.length() <= m; k += D4.length()) {
        DoubleVector.fromArray(D4, d, k).div(z).mul(scale).div(c).intoArray(d, k);
      }
      for (; k < m; k++) {
        d[k] = d[k] / z * scale / count;
      }
      for (k = 0; k < m; k++) {
        e[off + c0 + k] = (float) d[k];
      }
    }
    e[off + target] = (float) ((atTarget / z - 1) * scale / count);        // x − 0 = x, so only the target differs
  }
}
