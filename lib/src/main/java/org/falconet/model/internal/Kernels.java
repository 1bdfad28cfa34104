package org.falconet.model.internal;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Dot products: Vector API versions and their scalar references. */
public final class Kernels {
  private Kernels() {}

  private static final VectorSpecies<Float> F = VectorWidth.FLOAT;

  /** Σ a[aOff+i]·b[bOff+i], i &lt; n, four vector accumulators. */
  public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    int step = F.length();
    int i = 0;
    FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
    for (; i <= n - 4 * step; i += 4 * step) {
      s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
      s1 = FloatVector.fromArray(F, a, aOff + i + step).fma(FloatVector.fromArray(F, b, bOff + i + step), s1);
      s2 = FloatVector.fromArray(F, a, aOff + i + 2 * step).fma(FloatVector.fromArray(F, b, bOff + i + 2 * step), s2);
      s3 = FloatVector.fromArray(F, a, aOff + i + 3 * step).fma(FloatVector.fromArray(F, b, bOff + i + 3 * step), s3);
    }
    for (; i <= n - step; i += step) {
      s0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), s0);
    }
    float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) s += a[aOff + i] * b[bOff + i];
    return s;
  }

  /** Scalar reference of {@link #dot}. */
  public static float dotScalar(float[] a, int aOff, float[] b, int bOff, int n) {
    float s = 0;
    for (int i = 0; i < n; i++) s += a[aOff + i] * b[bOff + i];
    return s;
  }

  /** Σ bf16(w[wOff + 2i]) · x[xOff+i], one weight at a time: the reference the bf16 kernels (MatVec, Tiles, Gemm) are tested against. */
  public static float dotBf16Scalar(ByteBuffer w, int wOff, float[] x, int xOff, int n) {
    float s = 0;
    for (int i = 0; i < n; i++) s += Float.intBitsToFloat((w.getShort(wOff + 2 * i) & 0xffff) << 16) * x[xOff + i];
    return s;
  }

  /** Scalar reference: Σ_i f16 w[i]·x[i], the IEEE halves little-endian at byte {@code wOff} of w. */
  public static float dotF16Scalar(ByteBuffer w, int wOff, float[] x, int xOff, int n) {
    float s = 0;
    for (int i = 0; i < n; i++) s += org.falconet.model.DType.f16ToFloat(w.getShort(wOff + 2 * i)) * x[xOff + i];
    return s;
  }

  /** y[yOff+i] += a · x[xOff+i]. */
  public static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
    int step = F.length();
    int i = 0;
    FloatVector va = FloatVector.broadcast(F, a);
    for (; i <= n - step; i += step) {
      FloatVector.fromArray(F, x, xOff + i).fma(va, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) y[yOff + i] += a * x[xOff + i];
  }

  /** y[yOff+i] *= a. */
  public static void scale(float a, float[] y, int yOff, int n) {
    int step = F.length();
    int i = 0;
    for (; i <= n - step; i += step) {
      FloatVector.fromArray(F, y, yOff + i).mul(a).intoArray(y, yOff + i);
    }
    for (; i < n; i++) y[yOff + i] *= a;
  }
}
