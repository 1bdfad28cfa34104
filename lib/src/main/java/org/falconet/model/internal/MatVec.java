package org.falconet.model.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix-vector kernels for batch-1 decoding: four weight rows per pass over one input, so each loaded input vector
 * feeds four rows, eight (bf16) or four (Q8_0) independent accumulator chains hide the FMA latency, and four
 * weight streams are in flight at once. Each kernel comes twice: over a heap {@code byte[]} (weights copied onto the
 * heap, where JDK 17 compiles vector loads best) and over a {@link ByteBuffer} (weights left memory-mapped). Rows are
 * {@code stride} bytes apart from {@code off}.
 *
 * <p>The vector width is {@link VectorWidth#FLOAT}: the CPU's preferred one (16 float lanes with AVX-512, 8 with
 * AVX2), chosen at run time; {@code -Dfalconet.vector.bits=256} forces 256-bit vectors in every model kernel (what an
 * AVX2 machine runs) for testing.
 *
 * <p>bfloat16: as in {@link Tiles}, the weights are read as ints holding two bf16 each (the even weight in the low
 * half) and the input is pair-permuted ({@link Tiles#pairPermute}) with this class's block of {@link #BF16_BLOCK}
 * elements. IEEE half (f16): read the same way, each half widened with integer operations ({@link #f16x4}).
 * Q8_0: 34-byte blocks of an f16 scale and 32 int8 quants,
 * widened to float and multiplied by the float input, Σ_b d_b·Σ_j q_bj·x_bj (the activations stay float).
 */
public final class MatVec {
  private MatVec() {}

  private static final VectorSpecies<Float> F = VectorWidth.FLOAT;
  private static final int L = F.length();
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_64.withShape(F.vectorShape());
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64.withShape(VectorShape.forBitSize(8 * L));
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  /** Elements per bf16 block: L ints = 2·L weights. */
  public static final int BF16_BLOCK = Tiles.BLOCK;
  /** Bytes per Q8_0 block: the f16 scale, then 32 quants. */
  public static final int Q8_BLOCK_BYTES = 34;
  /** Weights per Q8_0 block. */
  public static final int Q8_BLOCK = 32;

  /** f16 bits → float for every pattern: a Q8_0 block's scale is one table load. */
  private static final float[] HALF = new float[1 << 16];

  static {
    for (int h = 0; h < HALF.length; h++) HALF[h] = org.falconet.model.DType.f16ToFloat((short) h);
  }

  /** {@link VectorWidth#floatSpecies}. */
  static VectorSpecies<Float> floatSpecies(String bits) {
    return VectorWidth.floatSpecies(bits);
  }

  /** Float lanes per vector in these kernels. */
  public static int lanes() {
    return L;
  }


  // ---- bfloat16 ----

  /** y[yOff+k·yStride] = Σ_i bf16 w_k[i]·x[i], k &lt; 4, rows w_k at byte {@code off + k·stride}; xp pair-permuted. */
  public static void bf16x4(byte[] w, int off, int stride, float[] xp, int xOff, int n, float[] y, int yOff, int yStride) {
    FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
    int full = n - n % BF16_BLOCK;
    int o1 = off + stride, o2 = off + 2 * stride, o3 = off + 3 * stride;
    for (int i = 0; i < full; i += BF16_BLOCK) {
      FloatVector xe = FloatVector.fromArray(F, xp, xOff + i), xo = FloatVector.fromArray(F, xp, xOff + i + L);
      IntVector v = IntVector.fromByteArray(I, w, off + 2 * i, LE);
      a0 = even(v).fma(xe, a0);
      a1 = odd(v).fma(xo, a1);
      v = IntVector.fromByteArray(I, w, o1 + 2 * i, LE);
      b0 = even(v).fma(xe, b0);
      b1 = odd(v).fma(xo, b1);
      v = IntVector.fromByteArray(I, w, o2 + 2 * i, LE);
      c0 = even(v).fma(xe, c0);
      c1 = odd(v).fma(xo, c1);
      v = IntVector.fromByteArray(I, w, o3 + 2 * i, LE);
      d0 = even(v).fma(xe, d0);
      d1 = odd(v).fma(xo, d1);
    }
    y[yOff] = a0.add(a1).reduceLanes(VectorOperators.ADD) + bf16Tail(w, off, xp, xOff, full, n);
    y[yOff + yStride] = b0.add(b1).reduceLanes(VectorOperators.ADD) + bf16Tail(w, o1, xp, xOff, full, n);
    y[yOff + 2 * yStride] = c0.add(c1).reduceLanes(VectorOperators.ADD) + bf16Tail(w, o2, xp, xOff, full, n);
    y[yOff + 3 * yStride] = d0.add(d1).reduceLanes(VectorOperators.ADD) + bf16Tail(w, o3, xp, xOff, full, n);
  }

  /** {@link #bf16x4} over a buffer (a mapped file). */
  public static void bf16x4(ByteBuffer w, int off, int stride, float[] xp, int xOff, int n, float[] y, int yOff, int yStride) {
    FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
    int full = n - n % BF16_BLOCK;
    int o1 = off + stride, o2 = off + 2 * stride, o3 = off + 3 * stride;
    for (int i = 0; i < full; i += BF16_BLOCK) {
      FloatVector xe = FloatVector.fromArray(F, xp, xOff + i), xo = FloatVector.fromArray(F, xp, xOff + i + L);
      IntVector v = IntVector.fromByteBuffer(I, w, off + 2 * i, LE);
      a0 = even(v).fma(xe, a0);
      a1 = odd(v).fma(xo, a1);
      v = IntVector.fromByteBuffer(I, w, o1 + 2 * i, LE);
      b0 = even(v).fma(xe, b0);
      b1 = odd(v).fma(xo, b1);
      v = IntVector.fromByteBuffer(I, w, o2 + 2 * i, LE);
      c0 = even(v).fma(xe, c0);
      c1 = odd(v).fma(xo, c1);
      v = IntVector.fromByteBuffer(I, w, o3 + 2 * i, LE);
      d0 = even(v).fma(xe, d0);
      d1 = odd(v).fma(xo, d1);
    }
    y[yOff] = a0.add(a1).reduceLanes(VectorOperators.ADD) + bf16Tail(w, off, xp, xOff, full, n);
    y[yOff + yStride] = b0.add(b1).reduceLanes(VectorOperators.ADD) + bf16Tail(w, o1, xp, xOff, full, n);
    y[yOff + 2 * yStride] = c0.add(c1).reduceLanes(VectorOperators.ADD) + bf16Tail(w, o2, xp, xOff, full, n);
    y[yOff + 3 * yStride] = d0.add(d1).reduceLanes(VectorOperators.ADD) + bf16Tail(w, o3, xp, xOff, full, n);
  }

  /** One bf16 row at byte {@code off} (rows left over after the groups of four). */
  public static float bf16(ByteBuffer w, int off, float[] xp, int xOff, int n) {
    FloatVector a0 = FloatVector.zero(F), a1 = a0;
    int full = n - n % BF16_BLOCK;
    for (int i = 0; i < full; i += BF16_BLOCK) {
      IntVector v = IntVector.fromByteBuffer(I, w, off + 2 * i, LE);
      a0 = even(v).fma(FloatVector.fromArray(F, xp, xOff + i), a0);
      a1 = odd(v).fma(FloatVector.fromArray(F, xp, xOff + i + L), a1);
    }
    return a0.add(a1).reduceLanes(VectorOperators.ADD) + bf16Tail(w, off, xp, xOff, full, n);
  }

  private static FloatVector even(IntVector v) {
    return v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
  }

  private static FloatVector odd(IntVector v) {
    return v.and(0xFFFF0000).reinterpretAsFloats();
  }

  private static float bf16Tail(byte[] w, int off, float[] xp, int xOff, int from, int n) {
    float s = 0;
    for (int i = from; i < n; i++) {
      int bits = (w[off + 2 * i] & 0xff) | (w[off + 2 * i + 1] & 0xff) << 8;
      s += Float.intBitsToFloat(bits << 16) * xp[xOff + i];
    }
    return s;
  }

  private static float bf16Tail(ByteBuffer w, int off, float[] xp, int xOff, int from, int n) {
    float s = 0;
    for (int i = from; i < n; i++) s += Float.intBitsToFloat((w.getShort(off + 2 * i) & 0xffff) << 16) * xp[xOff + i];
    return s;
  }

  // ---- IEEE half (f16) ----

  /** The 2^112 that rebiases a half's exponent to a float's, split between the input and the sum (see {@link #f16x4}). */
  private static final float X_SCALE = 0x1p56f;
  private static final float Y_SCALE = 0x1p56f;
  /** The sign bit and the exponent and mantissa of a half, once shifted right by 3 into a float's places. */
  private static final int F16_MASK = 0x8FFFE000;

  /**
   * The input as the f16 kernels read it: x [n] pair-permuted as by {@link Tiles#pairPermute} and multiplied by 2^56.
   * Returns false, leaving {@code out} unusable, when some finite |x_i| is 2^72 or more (the scaled input would
   * overflow): take another path then.
   */
  public static boolean f16Input(float[] x, int xOff, float[] out, int outOff, int n) {
    Tiles.pairPermute(x, xOff, out, outOff, n);
    boolean ok = true;
    for (int i = outOff; i < outOff + n; i++) {
      float v = out[i];
      ok &= !(Math.abs(v) >= 0x1p72f) || Float.isInfinite(v);
      out[i] = v * X_SCALE;
    }
    return ok;
  }

  /**
   * y[yOff+k] = Σ_i f16 w_k[i]·x[i], k &lt; 4, rows w_k at byte {@code off + k·stride}; xs is x prepared by
   * {@link #f16Input}. The weights must be finite (no Inf or NaN: {@code Matrix} checks that once at load).
   *
   * <p>JDK 17's Vector API has no half-to-float conversion, so each int holding two halves is widened with integer
   * operations: the odd (high) half shifted arithmetically right by 3 and masked with {@code 0x8FFFE000} is a float
   * whose sign, exponent field and mantissa are the half's, i.e. w·2^-112 exactly, for normal and subnormal halves
   * alike (the even half is first shifted left by 16). Rather than multiply every weight by 2^112, the input carries
   * 2^56 of it ({@link #f16Input}) and the finished sum the other 2^56. Measured on one AVX-512 core (4544 columns,
   * heap): scaling the input as it is loaded ran ~35% slower, loading shorts and widening them to ints ~25% slower.
   * Products under 2^-70 in magnitude are rounded to a multiple of 2^-93 (subnormal floats in the scaled sum). A
   * subnormal half gives a subnormal float, whose multiply costs a microcode assist: {@code Matrix} takes them out of
   * heap copies ({@link Subnormals}).
   */
  public static void f16x4(byte[] w, int off, int stride, float[] xs, int xOff, int n, float[] y, int yOff, int yStride) {
    FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
    IntVector mask = IntVector.broadcast(I, F16_MASK);   // once, not per widening: keeps C2's graph under its inlining cutoff
    int full = n - n % BF16_BLOCK;
    int o1 = off + stride, o2 = off + 2 * stride, o3 = off + 3 * stride;
    for (int i = 0; i < full; i += BF16_BLOCK) {
      FloatVector xe = FloatVector.fromArray(F, xs, xOff + i), xo = FloatVector.fromArray(F, xs, xOff + i + L);
      IntVector v = IntVector.fromByteArray(I, w, off + 2 * i, LE);
      a0 = evenHalf(v, mask).fma(xe, a0);
      a1 = oddHalf(v, mask).fma(xo, a1);
      v = IntVector.fromByteArray(I, w, o1 + 2 * i, LE);
      b0 = evenHalf(v, mask).fma(xe, b0);
      b1 = oddHalf(v, mask).fma(xo, b1);
      v = IntVector.fromByteArray(I, w, o2 + 2 * i, LE);
      c0 = evenHalf(v, mask).fma(xe, c0);
      c1 = oddHalf(v, mask).fma(xo, c1);
      v = IntVector.fromByteArray(I, w, o3 + 2 * i, LE);
      d0 = evenHalf(v, mask).fma(xe, d0);
      d1 = oddHalf(v, mask).fma(xo, d1);
    }
    y[yOff] = (a0.add(a1).reduceLanes(VectorOperators.ADD) + f16Tail(w, off, xs, xOff, full, n)) * Y_SCALE;
    y[yOff + yStride] = (b0.add(b1).reduceLanes(VectorOperators.ADD) + f16Tail(w, o1, xs, xOff, full, n)) * Y_SCALE;
    y[yOff + 2 * yStride] = (c0.add(c1).reduceLanes(VectorOperators.ADD) + f16Tail(w, o2, xs, xOff, full, n)) * Y_SCALE;
    y[yOff + 3 * yStride] = (d0.add(d1).reduceLanes(VectorOperators.ADD) + f16Tail(w, o3, xs, xOff, full, n)) * Y_SCALE;
  }

  /** {@link #f16x4} over a buffer (a mapped file). */
  public static void f16x4(ByteBuffer w, int off, int stride, float[] xs, int xOff, int n, float[] y, int yOff, int yStride) {
    FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
    IntVector mask = IntVector.broadcast(I, F16_MASK);   // once, not per widening: keeps C2's graph under its inlining cutoff
    int full = n - n % BF16_BLOCK;
    int o1 = off + stride, o2 = off + 2 * stride, o3 = off + 3 * stride;
    for (int i = 0; i < full; i += BF16_BLOCK) {
      FloatVector xe = FloatVector.fromArray(F, xs, xOff + i), xo = FloatVector.fromArray(F, xs, xOff + i + L);
      IntVector v = IntVector.fromByteBuffer(I, w, off + 2 * i, LE);
      a0 = evenHalf(v, mask).fma(xe, a0);
      a1 = oddHalf(v, mask).fma(xo, a1);
      v = IntVector.fromByteBuffer(I, w, o1 + 2 * i, LE);
      b0 = evenHalf(v, mask).fma(xe, b0);
      b1 = oddHalf(v, mask).fma(xo, b1);
      v = IntVector.fromByteBuffer(I, w, o2 + 2 * i, LE);
      c0 = evenHalf(v, mask).fma(xe, c0);
      c1 = oddHalf(v, mask).fma(xo, c1);
      v = IntVector.fromByteBuffer(I, w, o3 + 2 * i, LE);
      d0 = evenHalf(v, mask).fma(xe, d0);
      d1 = oddHalf(v, mask).fma(xo, d1);
    }
    y[yOff] = (a0.add(a1).reduceLanes(VectorOperators.ADD) + f16Tail(w, off, xs, xOff, full, n)) * Y_SCALE;
    y[yOff + yStride] = (b0.add(b1).reduceLanes(VectorOperators.ADD) + f16Tail(w, o1, xs, xOff, full, n)) * Y_SCALE;
    y[yOff + 2 * yStride] = (c0.add(c1).reduceLanes(VectorOperators.ADD) + f16Tail(w, o2, xs, xOff, full, n)) * Y_SCALE;
    y[yOff + 3 * yStride] = (d0.add(d1).reduceLanes(VectorOperators.ADD) + f16Tail(w, o3, xs, xOff, full, n)) * Y_SCALE;
  }

  /** One f16 row at byte {@code off} (rows left over after the groups of four); as {@link #f16x4}. */
  public static float f16(ByteBuffer w, int off, float[] xs, int xOff, int n) {
    FloatVector a0 = FloatVector.zero(F), a1 = a0;
    IntVector mask = IntVector.broadcast(I, F16_MASK);
    int full = n - n % BF16_BLOCK;
    for (int i = 0; i < full; i += BF16_BLOCK) {
      IntVector v = IntVector.fromByteBuffer(I, w, off + 2 * i, LE);
      a0 = evenHalf(v, mask).fma(FloatVector.fromArray(F, xs, xOff + i), a0);
      a1 = oddHalf(v, mask).fma(FloatVector.fromArray(F, xs, xOff + i + L), a1);
    }
    return (a0.add(a1).reduceLanes(VectorOperators.ADD) + f16Tail(w, off, xs, xOff, full, n)) * Y_SCALE;
  }

  /** The low halves of v as floats times 2^-112 (exact for finite halves). */
  private static FloatVector evenHalf(IntVector v, IntVector mask) {
    return v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 3).and(mask).reinterpretAsFloats();
  }

  /** The high halves of v as floats times 2^-112 (exact for finite halves). */
  private static FloatVector oddHalf(IntVector v, IntVector mask) {
    return v.lanewise(VectorOperators.ASHR, 3).and(mask).reinterpretAsFloats();
  }

  /** A half (the low 16 bits of h) as a float times 2^-112, as {@link #oddHalf} widens one lane. */
  private static float scaledHalf(int h) {
    return Float.intBitsToFloat(((h << 16) >> 3) & F16_MASK);
  }

  private static float f16Tail(byte[] w, int off, float[] xs, int xOff, int from, int n) {
    float s = 0;
    for (int i = from; i < n; i++) s += scaledHalf((w[off + 2 * i] & 0xff) | (w[off + 2 * i + 1] & 0xff) << 8) * xs[xOff + i];
    return s;
  }

  private static float f16Tail(ByteBuffer w, int off, float[] xs, int xOff, int from, int n) {
    float s = 0;
    for (int i = from; i < n; i++) s += scaledHalf(w.getShort(off + 2 * i)) * xs[xOff + i];
    return s;
  }

  // ---- Q8_0 ----

  /** y[yOff+k·yStride] = Σ_b d_kb·Σ_j q_kbj·x[32b+j], k &lt; 4, Q8_0 rows of n (a multiple of 32) at {@code off + k·stride}. */
  public static void q8x4(byte[] w, int off, int stride, float[] x, int xOff, int n, float[] y, int yOff, int yStride) {
    FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
    int o1 = off + stride, o2 = off + 2 * stride, o3 = off + 3 * stride;
    for (int k = 0, p = 0; k < n; k += Q8_BLOCK, p += Q8_BLOCK_BYTES) {
      a = block(w, off + p, x, xOff + k).fma(FloatVector.broadcast(F, scale(w, off + p)), a);
      b = block(w, o1 + p, x, xOff + k).fma(FloatVector.broadcast(F, scale(w, o1 + p)), b);
      c = block(w, o2 + p, x, xOff + k).fma(FloatVector.broadcast(F, scale(w, o2 + p)), c);
      d = block(w, o3 + p, x, xOff + k).fma(FloatVector.broadcast(F, scale(w, o3 + p)), d);
    }
    y[yOff] = a.reduceLanes(VectorOperators.ADD);
    y[yOff + yStride] = b.reduceLanes(VectorOperators.ADD);
    y[yOff + 2 * yStride] = c.reduceLanes(VectorOperators.ADD);
    y[yOff + 3 * yStride] = d.reduceLanes(VectorOperators.ADD);
  }

  /** {@link #q8x4} over a buffer (a mapped file). */
  public static void q8x4(ByteBuffer w, int off, int stride, float[] x, int xOff, int n, float[] y, int yOff, int yStride) {
    FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
    int o1 = off + stride, o2 = off + 2 * stride, o3 = off + 3 * stride;
    for (int k = 0, p = 0; k < n; k += Q8_BLOCK, p += Q8_BLOCK_BYTES) {
      a = block(w, off + p, x, xOff + k).fma(FloatVector.broadcast(F, scale(w, off + p)), a);
      b = block(w, o1 + p, x, xOff + k).fma(FloatVector.broadcast(F, scale(w, o1 + p)), b);
      c = block(w, o2 + p, x, xOff + k).fma(FloatVector.broadcast(F, scale(w, o2 + p)), c);
      d = block(w, o3 + p, x, xOff + k).fma(FloatVector.broadcast(F, scale(w, o3 + p)), d);
    }
    y[yOff] = a.reduceLanes(VectorOperators.ADD);
    y[yOff + yStride] = b.reduceLanes(VectorOperators.ADD);
    y[yOff + 2 * yStride] = c.reduceLanes(VectorOperators.ADD);
    y[yOff + 3 * yStride] = d.reduceLanes(VectorOperators.ADD);
  }

  /** One Q8_0 row at byte {@code off}. */
  public static float q8(ByteBuffer w, int off, float[] x, int xOff, int n) {
    FloatVector a = FloatVector.zero(F);
    for (int k = 0, p = off; k < n; k += Q8_BLOCK, p += Q8_BLOCK_BYTES) a = block(w, p, x, xOff + k).fma(FloatVector.broadcast(F, scale(w, p)), a);
    return a.reduceLanes(VectorOperators.ADD);
  }

  /** Little-endian shorts out of a byte[]: one load for a block's scale (two byte loads measured ~10% slower). */
  private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private static float scale(byte[] w, int p) {
    return HALF[(short) SHORT_LE.get(w, p) & 0xffff];
  }

  private static float scale(ByteBuffer w, int p) {
    return HALF[w.getShort(p) & 0xffff];
  }

  /** Σ_j q_j·x_j over the block at byte p, as a vector of partial sums. */
  private static FloatVector block(byte[] w, int p, float[] x, int xo) {
    FloatVector s = quants(w, p + 2).mul(FloatVector.fromArray(F, x, xo));
    for (int k = L; k < Q8_BLOCK; k += L) s = quants(w, p + 2 + k).fma(FloatVector.fromArray(F, x, xo + k), s);
    return s;
  }

  private static FloatVector block(ByteBuffer w, int p, float[] x, int xo) {
    FloatVector s = quants(w, p + 2).mul(FloatVector.fromArray(F, x, xo));
    for (int k = L; k < Q8_BLOCK; k += L) s = quants(w, p + 2 + k).fma(FloatVector.fromArray(F, x, xo + k), s);
    return s;
  }

  private static FloatVector quants(byte[] w, int p) {
    return (FloatVector) ByteVector.fromArray(B, w, p).convertShape(VectorOperators.B2F, F, 0);
  }

  private static FloatVector quants(ByteBuffer w, int p) {
    return (FloatVector) ByteVector.fromByteBuffer(B, w, p, LE).convertShape(VectorOperators.B2F, F, 0);
  }
}
