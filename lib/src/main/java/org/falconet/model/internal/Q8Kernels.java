package org.falconet.model.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels over Q8_0 rows (blocks of an f16 scale d and 32 int8 quants q) read straight from the mapped file: the
 * quants are widened to float in registers, multiplied by the float activations and summed per block, and the block
 * sum is scaled by d, so Σ_b d_b·Σ_j q_bj·x_bj without ever materialising the row. The activations stay float
 * (llama.cpp quantises them to Q8 too; this is the more exact of the two).
 *
 * <p>Vector shapes follow the CPU: the float species is the preferred one (8 lanes with AVX2, 16 with AVX-512) and
 * the byte species has as many lanes, so one load of quants feeds one float vector.
 */
public final class Q8Kernels {
  private Q8Kernels() {}

  /** Bytes per block: the f16 scale, then 32 quants. */
  public static final int BLOCK_BYTES = 34;
  /** Weights per block. */
  public static final int BLOCK = 32;

  private static final VectorSpecies<Float> F = VectorWidth.FLOAT;
  private static final int L = F.length();
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64.withShape(VectorShape.forBitSize(8 * L));

  /** f16 bits → float for every pattern: the scale of a block is one table load. */
  private static final float[] HALF = new float[1 << 16];

  static {
    for (int h = 0; h < HALF.length; h++) HALF[h] = halfToFloat(h);
  }

  /** The float lanes these kernels use (for reports). */
  public static int lanes() {
    return L;
  }

  private static float halfToFloat(int h) {
    int sign = (h >>> 15) << 31;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** The float value of IEEE half-precision {@code bits} (the low 16 bits; subnormals, infinities and NaN included). */
  static float half(int bits) {
    return HALF[bits & 0xffff];
  }

  /** The scale of the block at byte {@code p}. */
  public static float scale(ByteBuffer w, int p) {
    return HALF[w.getShort(p) & 0xffff];
  }

  /** Σ_i w[i]·x[xOff+i] for the n-element (n a multiple of 32) Q8_0 row at byte {@code off} of {@code w}. */
  public static float dot(ByteBuffer w, int off, float[] x, int xOff, int n) {
    int nb = n / BLOCK;
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int b = 0;
    for (; b + 1 < nb; b += 2) {             // two blocks at a time: two independent accumulator chains
      int p = off + b * BLOCK_BYTES;
      int xo = xOff + b * BLOCK;
      acc0 = block(w, p, x, xo).fma(FloatVector.broadcast(F, scale(w, p)), acc0);
      acc1 = block(w, p + BLOCK_BYTES, x, xo + BLOCK).fma(FloatVector.broadcast(F, scale(w, p + BLOCK_BYTES)), acc1);
    }
    if (b < nb) {
      int p = off + b * BLOCK_BYTES;
      acc0 = block(w, p, x, xOff + b * BLOCK).fma(FloatVector.broadcast(F, scale(w, p)), acc0);
    }
    return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
  }

  /** Σ_j q_j·x_j over one block, as a vector of partial sums. */
  private static FloatVector block(ByteBuffer w, int p, float[] x, int xo) {
    FloatVector s = quants(w, p + 2).mul(FloatVector.fromArray(F, x, xo));
    for (int k = L; k < BLOCK; k += L) s = quants(w, p + 2 + k).fma(FloatVector.fromArray(F, x, xo + k), s);
    return s;
  }

  private static FloatVector quants(ByteBuffer w, int p) {
    return (FloatVector) ByteVector.fromByteBuffer(B, w, p, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, F, 0);
  }

  /** The n-element Q8_0 row at byte {@code off} dequantised into {@code out[outOff..]}. */
  public static void dequantize(ByteBuffer w, int off, float[] out, int outOff, int n) {
    for (int b = 0; b < n / BLOCK; b++) {
      int p = off + b * BLOCK_BYTES;
      FloatVector d = FloatVector.broadcast(F, scale(w, p));
      for (int k = 0; k < BLOCK; k += L) quants(w, p + 2 + k).mul(d).intoArray(out, outOff + b * BLOCK + k);
    }
  }

  /** Scalar reference of {@link #dot}: the same sum, block by block. */
  public static float dotScalar(ByteBuffer w, int off, float[] x, int xOff, int n) {
    float s = 0;
    for (int b = 0; b < n / BLOCK; b++) {
      int p = off + b * BLOCK_BYTES;
      float bs = 0;
      for (int j = 0; j < BLOCK; j++) bs += w.get(p + 2 + j) * x[xOff + b * BLOCK + j];
      s += scale(w, p) * bs;
    }
    return s;
  }
}
