package org.falconet.train;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The training step's transcendental passes (GELU and its derivative, softmax's exponentials) on 8-float
 * vectors of the JDK Vector API. The exponential is our own {@link #exp(FloatVector)}, built from IEEE
 * operations only, so a run gives the same bits whether the JIT has compiled this code yet or not: the
 * Vector API's {@code EXP} does not (interpreted it is {@code Math.exp} per lane, compiled a vector math
 * library; the two differed in the last bit for 4% of 65,536 inputs in [−20, 0] on this machine), which
 * made the first steps of a fresh JVM differ from run to run. Tails shorter than a vector take the
 * scalar path ({@code Math.exp}, which HotSpot computes the same way interpreted and compiled).
 */
final class VectorMath {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
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

  /**
   * Φ(x) = ½·erfc(−x/√2) for x[from, to) into cdf, erfc by the Chebyshev-fitted formula of Numerical
   * Recipes (2nd ed., §6.2, {@code erfcc}) that {@link org.falconet.model.Gelu#erfc} uses, here in float.
   */
  static void normalCdf(float[] x, float[] cdf, int from, int to) {
    int i = from;
    for (; i + L <= to; i += L) {
      normalCdf(FloatVector.fromArray(S, x, i)).intoArray(cdf, i);
    }
    for (; i < to; i++) {
      cdf[i] = (float) (0.5 * org.falconet.model.Gelu.erfc(-x[i] * 0.7071067811865476));
    }
  }

  private static FloatVector normalCdf(FloatVector x) {
    FloatVector z = x.abs().mul(INV_SQRT2);                             // |u|, u = −x/√2
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
    FloatVector ans = t.mul(exp(poly.sub(z.mul(z))));   // erfc(|u|)
    VectorMask<Float> negativeU = x.compare(VectorOperators.GT, 0f);             // u < 0: erfc(u) = 2 − erfc(|u|)
    FloatVector erfc = ans.blend(FloatVector.broadcast(S, 2f).sub(ans), negativeU);
    return erfc.mul(0.5f);
  }

  /**
   * e^x per lane: x = n·ln 2 + r with |r| ≤ ½ ln 2 (Cody–Waite, ln 2 split in two so n·LN2_HI is exact),
   * e^r by its degree-6 minimax polynomial (the coefficients of Cephes' {@code expf}), times 2^n built in
   * the exponent bits. Relative error about 1e-7; only add, multiply, fused multiply-add, compare and bit
   * operations, each exactly specified by IEEE 754 and the Vector API, hence deterministic.
   */
  static FloatVector exp(FloatVector x) {
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
    return er.mul(twoToN).blend(0f, underflow);
  }

  /** y = GELU(x) = x·Φ(x) over [from, to). */
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

  /** dx = dy·(Φ(x) + x·φ(x)), GELU's derivative, over [from, to). */
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

  /**
   * Cross-entropy's gradient for one row in place: e[off, off + n) holds exp(logit − max) summing to z,
   * and becomes (e/z − [j = target])·scale/count, each element computed in double as the scalar
   * expression would (four lanes at a time: the same IEEE operations, so the same bits).
   */
  static void crossEntropyGradient(float[] e, int off, int n, int target, double z, double scale, int count) {
    float atTarget = e[off + target];
    double c = count;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      DoubleVector d = (DoubleVector) FloatVector.fromArray(F4, e, off + j).convertShape(VectorOperators.F2D, D4, 0);
      ((FloatVector) d.div(z).mul(scale).div(c).convertShape(VectorOperators.D2F, F4, 0)).intoArray(e, off + j);
    }
    for (; j < n; j++) {
      e[off + j] = (float) (e[off + j] / z * scale / count);
    }
    e[off + target] = (float) ((atTarget / z - 1) * scale / count);        // x − 0 = x, so only the target differs
  }
}
