package org.falconet.model.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-tiled matrix kernels: 4 weight rows × 4 input rows per pass, 16 vector accumulators, so each loaded
 * weight vector feeds four FMAs (prefill), and a bfloat16 matrix-vector kernel that widens two weights per
 * 32-bit lane (decode).
 *
 * <p>bfloat16 trick: read the weights as little-endian ints; each int holds weight 2i in its low half and 2i+1
 * in its high half, so {@code int << 16} is the even weights as floats and {@code int & 0xFFFF0000} the odd ones.
 * The input x is permuted once per call ({@link #pairPermute}) into, per block of 2·L elements, its L even
 * elements then its L odd ones, so both halves meet their inputs with plain vector loads.
 *
 * <p>L is the CPU's preferred float vector length (8 lanes with AVX2, 16 with AVX-512), chosen at run time: a fixed
 * 256-bit shape would leave half of an AVX-512 unit idle.
 */
public final class Tiles {
  private Tiles() {}

  private static final VectorSpecies<Float> F = VectorWidth.FLOAT;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_64.withShape(F.vectorShape());
  /** Float lanes per vector. */
  public static final int L = F.length();
  /** Elements per bf16 block: L ints = 2·L weights. */
  public static final int BLOCK = 2 * L;

  /** x [n] → the even/odd block permutation the bf16 kernels expect; the tail past the last block is copied. */
  public static void pairPermute(float[] x, int xOff, float[] out, int outOff, int n) {
    int full = n - n % BLOCK;
    for (int b = 0; b < full; b += BLOCK) {
      for (int i = 0; i < BLOCK / 2; i++) {
        out[outOff + b + i] = x[xOff + b + 2 * i];
        out[outOff + b + BLOCK / 2 + i] = x[xOff + b + 2 * i + 1];
      }
    }
    System.arraycopy(x, xOff + full, out, outOff + full, n - full);
  }

  /** Σ bf16 w[i]·x[i] with xp the pair-permuted x (see {@link #pairPermute}); two blocks per step, four accumulators. */
  public static float dotBf16(ByteBuffer w, int wOff, float[] xp, int xOff, int n) {
    FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
    int full = n - n % BLOCK;
    IntVector mask = IntVector.broadcast(I, 0xFFFF0000);
    int i = 0;
    for (; i + BLOCK < full; i += 2 * BLOCK) {
      IntVector v = IntVector.fromByteBuffer(I, w, wOff + 2 * i, ByteOrder.LITTLE_ENDIAN);
      IntVector u = IntVector.fromByteBuffer(I, w, wOff + 2 * (i + BLOCK), ByteOrder.LITTLE_ENDIAN);
      s0 = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F, xp, xOff + i), s0);
      s1 = v.and(mask).reinterpretAsFloats().fma(FloatVector.fromArray(F, xp, xOff + i + L), s1);
      s2 = u.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F, xp, xOff + i + BLOCK), s2);
      s3 = u.and(mask).reinterpretAsFloats().fma(FloatVector.fromArray(F, xp, xOff + i + BLOCK + L), s3);
    }
    for (; i < full; i += BLOCK) {
      IntVector v = IntVector.fromByteBuffer(I, w, wOff + 2 * i, ByteOrder.LITTLE_ENDIAN);
      s0 = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F, xp, xOff + i), s0);
      s1 = v.and(mask).reinterpretAsFloats().fma(FloatVector.fromArray(F, xp, xOff + i + L), s1);
    }
    float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) s += Float.intBitsToFloat((w.getShort(wOff + 2 * i) & 0xffff) << 16) * xp[xOff + i];
    return s;
  }

  /**
   * out[4·a + b] = Σ_k w_a[k]·x_b[k] for four f32 weight rows at w0..w3 and four inputs at x0..x3.
   */
  public static void tile4x4(float[] w, int w0, int w1, int w2, int w3, float[] x, int x0, int x1, int x2, int x3,
                             int n, float[] out) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00,
        c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    int step = F.length();
    int k = 0;
    for (; k <= n - step; k += step) {
      FloatVector a0 = FloatVector.fromArray(F, w, w0 + k), a1 = FloatVector.fromArray(F, w, w1 + k),
          a2 = FloatVector.fromArray(F, w, w2 + k), a3 = FloatVector.fromArray(F, w, w3 + k);
      FloatVector b = FloatVector.fromArray(F, x, x0 + k);
      c00 = a0.fma(b, c00); c10 = a1.fma(b, c10); c20 = a2.fma(b, c20); c30 = a3.fma(b, c30);
      b = FloatVector.fromArray(F, x, x1 + k);
      c01 = a0.fma(b, c01); c11 = a1.fma(b, c11); c21 = a2.fma(b, c21); c31 = a3.fma(b, c31);
      b = FloatVector.fromArray(F, x, x2 + k);
      c02 = a0.fma(b, c02); c12 = a1.fma(b, c12); c22 = a2.fma(b, c22); c32 = a3.fma(b, c32);
      b = FloatVector.fromArray(F, x, x3 + k);
      c03 = a0.fma(b, c03); c13 = a1.fma(b, c13); c23 = a2.fma(b, c23); c33 = a3.fma(b, c33);
    }
    out[0] = c00.reduceLanes(VectorOperators.ADD); out[1] = c01.reduceLanes(VectorOperators.ADD);
    out[2] = c02.reduceLanes(VectorOperators.ADD); out[3] = c03.reduceLanes(VectorOperators.ADD);
    out[4] = c10.reduceLanes(VectorOperators.ADD); out[5] = c11.reduceLanes(VectorOperators.ADD);
    out[6] = c12.reduceLanes(VectorOperators.ADD); out[7] = c13.reduceLanes(VectorOperators.ADD);
    out[8] = c20.reduceLanes(VectorOperators.ADD); out[9] = c21.reduceLanes(VectorOperators.ADD);
    out[10] = c22.reduceLanes(VectorOperators.ADD); out[11] = c23.reduceLanes(VectorOperators.ADD);
    out[12] = c30.reduceLanes(VectorOperators.ADD); out[13] = c31.reduceLanes(VectorOperators.ADD);
    out[14] = c32.reduceLanes(VectorOperators.ADD); out[15] = c33.reduceLanes(VectorOperators.ADD);
    if (k < n) {
      int[] wo = {w0, w1, w2, w3};
      int[] xo = {x0, x1, x2, x3};
      for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
          for (int kk = k; kk < n; kk++) out[4 * a + b] += w[wo[a] + kk] * x[xo[b] + kk];
        }
      }
    }
  }

  /**
   * The bfloat16 form of {@link #tile4x4}: four weight rows in (possibly different) buffers at byte offsets, four
   * pair-permuted inputs.
   */
  public static void tile4x4Bf16(ByteBuffer w0, int o0, ByteBuffer w1, int o1, ByteBuffer w2, int o2, ByteBuffer w3,
                                 int o3, float[] xp, int x0, int x1, int x2, int x3, int n, float[] out) {
    FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00,
        c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    IntVector mask = IntVector.broadcast(I, 0xFFFF0000);
    int full = n - n % BLOCK;
    for (int k = 0; k < full; k += BLOCK) {
      IntVector v0 = IntVector.fromByteBuffer(I, w0, o0 + 2 * k, ByteOrder.LITTLE_ENDIAN);
      IntVector v1 = IntVector.fromByteBuffer(I, w1, o1 + 2 * k, ByteOrder.LITTLE_ENDIAN);
      IntVector v2 = IntVector.fromByteBuffer(I, w2, o2 + 2 * k, ByteOrder.LITTLE_ENDIAN);
      IntVector v3 = IntVector.fromByteBuffer(I, w3, o3 + 2 * k, ByteOrder.LITTLE_ENDIAN);
      // even weights against the first L permuted inputs of the block
      FloatVector a0 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector a1 = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector a2 = v2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector a3 = v3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector b = FloatVector.fromArray(F, xp, x0 + k);
      c00 = a0.fma(b, c00); c10 = a1.fma(b, c10); c20 = a2.fma(b, c20); c30 = a3.fma(b, c30);
      b = FloatVector.fromArray(F, xp, x1 + k);
      c01 = a0.fma(b, c01); c11 = a1.fma(b, c11); c21 = a2.fma(b, c21); c31 = a3.fma(b, c31);
      b = FloatVector.fromArray(F, xp, x2 + k);
      c02 = a0.fma(b, c02); c12 = a1.fma(b, c12); c22 = a2.fma(b, c22); c32 = a3.fma(b, c32);
      b = FloatVector.fromArray(F, xp, x3 + k);
      c03 = a0.fma(b, c03); c13 = a1.fma(b, c13); c23 = a2.fma(b, c23); c33 = a3.fma(b, c33);
      // odd weights against the last L
      a0 = v0.and(mask).reinterpretAsFloats();
      a1 = v1.and(mask).reinterpretAsFloats();
      a2 = v2.and(mask).reinterpretAsFloats();
      a3 = v3.and(mask).reinterpretAsFloats();
      b = FloatVector.fromArray(F, xp, x0 + k + L);
      c00 = a0.fma(b, c00); c10 = a1.fma(b, c10); c20 = a2.fma(b, c20); c30 = a3.fma(b, c30);
      b = FloatVector.fromArray(F, xp, x1 + k + L);
      c01 = a0.fma(b, c01); c11 = a1.fma(b, c11); c21 = a2.fma(b, c21); c31 = a3.fma(b, c31);
      b = FloatVector.fromArray(F, xp, x2 + k + L);
      c02 = a0.fma(b, c02); c12 = a1.fma(b, c12); c22 = a2.fma(b, c22); c32 = a3.fma(b, c32);
      b = FloatVector.fromArray(F, xp, x3 + k + L);
      c03 = a0.fma(b, c03); c13 = a1.fma(b, c13); c23 = a2.fma(b, c23); c33 = a3.fma(b, c33);
    }
    out[0] = c00.reduceLanes(VectorOperators.ADD); out[1] = c01.reduceLanes(VectorOperators.ADD);
    out[2] = c02.reduceLanes(VectorOperators.ADD); out[3] = c03.reduceLanes(VectorOperators.ADD);
    out[4] = c10.reduceLanes(VectorOperators.ADD); out[5] = c11.reduceLanes(VectorOperators.ADD);
    out[6] = c12.reduceLanes(VectorOperators.ADD); out[7] = c13.reduceLanes(VectorOperators.ADD);
    out[8] = c20.reduceLanes(VectorOperators.ADD); out[9] = c21.reduceLanes(VectorOperators.ADD);
    out[10] = c22.reduceLanes(VectorOperators.ADD); out[11] = c23.reduceLanes(VectorOperators.ADD);
    out[12] = c30.reduceLanes(VectorOperators.ADD); out[13] = c31.reduceLanes(VectorOperators.ADD);
    out[14] = c32.reduceLanes(VectorOperators.ADD); out[15] = c33.reduceLanes(VectorOperators.ADD);
    if (full < n) {
      ByteBuffer[] wb = {w0, w1, w2, w3};
      int[] wo = {o0, o1, o2, o3};
      int[] xo = {x0, x1, x2, x3};
      for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
          for (int kk = full; kk < n; kk++) {
            out[4 * a + b] += Float.intBitsToFloat((wb[a].getShort(wo[a] + 2 * kk) & 0xffff) << 16) * xp[xo[b] + kk];
          }
        }
      }
    }
  }
}
