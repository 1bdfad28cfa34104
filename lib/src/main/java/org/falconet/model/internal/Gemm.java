package org.falconet.model.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The prefill GEMM y [T, rows] = x [T, cols] · Wᵀ for many tokens at once, with W float32, bfloat16, IEEE half (f16)
 * or Q8_0.
 *
 * <p>The layout follows the BLAS tradition (Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication", 2008), turned so that the token axis runs along the vector lanes:
 * <ul>
 *   <li>x is packed once per call into panels of {@link #NT} tokens, each [cols][NT] (x transposed, the tokens of a
 *       column side by side; tokens past T are zeros);</li>
 *   <li>each task takes a range of weight rows; a block of {@link #MC} rows × {@link #KC} columns of W is converted
 *       to float once (bf16 and f16 widened, Q8_0 scaled) into a heap array, then every token panel streams past it;</li>
 *   <li>the micro-kernel holds an {@link #MR} rows × {@link #NT} tokens block of y in registers (MR·NV vector
 *       accumulators) and for each column k does MR·NV fused multiply-adds: one broadcast weight times NV vectors
 *       of x, so each x load feeds MR FMAs and each weight load feeds NV.</li>
 * </ul>
 * Every weight is read from memory and converted exactly once per call whatever T is, and no dot product is ever
 * reduced across lanes. The float vector species is the CPU's preferred one (16 lanes with AVX-512, 8 with AVX2),
 * fixed at class load; the sums are the same at every width up to float rounding order.
 */
public final class Gemm {
  private Gemm() {}

  static final VectorSpecies<Float> F = VectorWidth.FLOAT;
  /** Float lanes per vector. */
  public static final int L = F.length();
  /**
   * Vectors of tokens per micro-kernel: 4 with 16 lanes (24 accumulators of AVX-512's 32 registers), 2 with 8 (12 of
   * AVX2's 16); a last panel of at most 2 vectors of tokens takes the 2-vector kernel.
   */
  public static final int NV = L >= 16 ? 4 : 2;
  /** Tokens per panel (lanes × NV). */
  public static final int NT = NV * L;
  /** Weight rows per micro-kernel. */
  public static final int MR = 6;
  /** Weight rows converted per block (a multiple of MR). */
  public static final int MC = 96;
  /**
   * Fewest tokens for which {@code Matrix} takes this path (below it, the 4×4 tiles of {@link Tiles}); the system
   * property {@code falconet.gemm.minTokens} overrides it (for measuring one path against the other).
   */
  public static final int MIN_TOKENS = Integer.getInteger("falconet.gemm.minTokens", 16);
  /** Columns per block (a multiple of 32, so Q8_0 blocks never straddle two). */
  public static final int KC = 128;

  private static final VectorSpecies<Short> S = ShortVector.SPECIES_64.withShape(VectorShape.forBitSize(16 * L));
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_64.withShape(F.vectorShape());
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64.withShape(VectorShape.forBitSize(8 * L));

  /** How the weights are stored. */
  public enum Format {
    /** float32 on the heap. */
    F32,
    /** bfloat16, two bytes a weight, little-endian. */
    BF16,
    /** IEEE half precision, two bytes a weight, little-endian, finite (no Inf or NaN). */
    F16,
    /** ggml Q8_0: blocks of an f16 scale and 32 int8 quants, 34 bytes per 32 weights. */
    Q8_0
  }

  /** Where the bytes of a mapped weight row lie. */
  public interface Rows {
    /** The buffer holding {@code row}. */
    ByteBuffer chunk(int row);

    /** The byte offset of {@code row} in {@link #chunk}. */
    int offset(int row);

    /**
     * After f16 columns [k0, k0+kc) of rows [r0, r0+n) were converted into dst (row r at dst[(r-r0)·ld ..]): puts
     * back the weights that the stored bytes lack (an f16 copy's subnormal halves, see {@link Subnormals}); by
     * default there are none.
     */
    default void restore(int r0, int n, int k0, int kc, float[] dst, int ld) {}
  }

  /**
   * A weight matrix [rows, cols] for {@link #matmul}: float32 {@code data} (row-major), or mapped {@code rows} in
   * {@code format}.
   *
   * @param format how the weights are stored
   * @param rows   output features
   * @param cols   input features (a multiple of 32 for Q8_0)
   * @param data   the float32 weights, or null
   * @param mapped where the mapped rows lie, or null for float32
   */
  public record Weights(Format format, int rows, int cols, float[] data, Rows mapped) {
    public Weights {
      if (rows <= 0 || cols <= 0) throw new IllegalArgumentException("weights of " + rows + "x" + cols);
      if ((format == Format.F32) != (data != null) || (format != Format.F32) != (mapped != null)) {
        throw new IllegalArgumentException(format + " weights need " + (format == Format.F32 ? "float data" : "mapped rows"));
      }
      if (format == Format.Q8_0 && cols % 32 != 0) throw new IllegalArgumentException("Q8_0 rows of " + cols + " are not whole blocks of 32");
    }
  }

  /**
   * y[t·rows + r] = Σ_c W[r, c] · x[t·cols + c] for t &lt; T, split over {@code tasks} row ranges run in parallel
   * (1: on this thread).
   */
  public static void matmul(Weights w, float[] x, int T, float[] y, int tasks) {
    int rows = w.rows(), cols = w.cols();
    if (x.length < (long) T * cols || y.length < (long) T * rows) throw new IllegalArgumentException("x or y too short");
    int panels = (T + NT - 1) / NT;
    float[] xp = Scratch.floats(Scratch.Slot.GEMM_PANELS, panels * cols * NT);
    if (tasks > 1 && panels > 1) IntStream.range(0, panels).parallel().forEach(p -> pack(x, T, cols, p, xp));
    else for (int p = 0; p < panels; p++) pack(x, T, cols, p, xp);
    int blocks = (rows + MC - 1) / MC;
    int n = Math.max(1, Math.min(tasks, blocks));
    if (n == 1) {
      rowRange(w, xp, panels, T, y, 0, rows);
    } else {
      IntStream.range(0, n).parallel().forEach(k -> rowRange(w, xp, panels, T, y,
          Math.min(rows, MC * (int) ((long) blocks * k / n)), Math.min(rows, MC * (int) ((long) blocks * (k + 1) / n))));
    }
  }

  /**
   * Panel p of x [T, cols] into xp, laid out [T/NT][cols][NT] (zeros past T, written here since xp is reused), copied
   * in 16-column strips so that reads and writes stay in cache.
   */
  static void pack(float[] x, int T, int cols, int p, float[] xp) {
    int t1 = Math.min(NT, T - p * NT);
    if (t1 < NT) java.util.Arrays.fill(xp, p * cols * NT, (p + 1) * cols * NT, 0f);
    for (int c0 = 0; c0 < cols; c0 += 16) {
      int c1 = Math.min(cols, c0 + 16);
      for (int t = 0; t < t1; t++) {
        int xo = (p * NT + t) * cols;
        int base = p * cols * NT + t;
        for (int c = c0; c < c1; c++) xp[base + c * NT] = x[xo + c];
      }
    }
  }

  private static void rowRange(Weights w, float[] xp, int panels, int T, float[] y, int r0, int r1) {
    int cols = w.cols(), rows = w.rows();
    int ldc = panels * NT;
    float[] wp = Scratch.floats(Scratch.Slot.GEMM_WEIGHTS, MC * KC);
    float[] c = Scratch.floats(Scratch.Slot.GEMM_OUTPUT, MC * ldc);
    byte[] raw = new byte[KC / 32 * 34 + 2 * KC];
    for (int rb = r0; rb < r1; rb += MC) {
      int mr = Math.min(MC, r1 - rb);
      int mrPad = (mr + MR - 1) / MR * MR;
      for (int k0 = 0; k0 < cols; k0 += KC) {
        int kc = Math.min(KC, cols - k0);
        for (int r = 0; r < mr; r++) convert(w, rb + r, k0, kc, wp, r * KC, raw);
        if (w.format() == Format.F16) w.mapped().restore(rb, mr, k0, kc, wp, KC);
        java.util.Arrays.fill(wp, mr * KC, mrPad * KC, 0f);
        for (int p = 0; p < panels; p++) {
          int xo = (p * cols + k0) * NT;
          boolean narrow = NV == 2 || T - p * NT <= 2 * L;
          for (int s = 0; s < mrPad; s += MR) {
            if (narrow) micro6x2(wp, s * KC, kc, xp, xo, c, s * ldc + p * NT, ldc, k0 == 0);
            else micro6x4(wp, s * KC, kc, xp, xo, c, s * ldc + p * NT, ldc, k0 == 0);
          }
        }
      }
      for (int r = 0; r < mr; r++) {
        for (int t = 0; t < T; t++) y[t * rows + rb + r] = c[r * ldc + t];
      }
    }
  }

  /** Row {@code r}, columns [k0, k0+kc), as floats into dst[off..]. */
  static void convert(Weights w, int r, int k0, int kc, float[] dst, int off, byte[] raw) {
    switch (w.format()) {
      case F32 -> System.arraycopy(w.data(), r * w.cols() + k0, dst, off, kc);
      case BF16 -> {
        w.mapped().chunk(r).get(w.mapped().offset(r) + 2 * k0, raw, 0, 2 * kc);
        bf16ToFloat(raw, kc, dst, off);
      }
      case F16 -> {
        w.mapped().chunk(r).get(w.mapped().offset(r) + 2 * k0, raw, 0, 2 * kc);
        f16ToFloat(raw, kc, dst, off);
      }
      case Q8_0 -> {
        int nb = kc / 32;
        w.mapped().chunk(r).get(w.mapped().offset(r) + k0 / 32 * 34, raw, 0, nb * 34);
        q8ToFloat(raw, nb, dst, off);
      }
    }
  }

  /** n little-endian bfloat16 values from raw[0..2n) → dst[off..off+n). */
  static void bf16ToFloat(byte[] raw, int n, float[] dst, int off) {
    int i = 0;
    for (; i <= n - L; i += L) {
      ShortVector s = ShortVector.fromByteArray(S, raw, 2 * i, ByteOrder.LITTLE_ENDIAN);
      ((IntVector) s.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
          .intoArray(dst, off + i);
    }
    for (; i < n; i++) dst[off + i] = Float.intBitsToFloat(((raw[2 * i] & 0xff) | (raw[2 * i + 1] & 0xff) << 8) << 16);
  }

  /**
   * n little-endian finite IEEE halves from raw[0..2n) → dst[off..off+n), exactly: each half widened to an int, shifted
   * left by 13 under its sign (sign, exponent field and mantissa in a float's places, i.e. the value times 2^-112,
   * subnormals included), then multiplied by 2^112 (JDK 17's Vector API has no half-to-float conversion).
   */
  static void f16ToFloat(byte[] raw, int n, float[] dst, int off) {
    int i = 0;
    for (; i <= n - L; i += L) {
      IntVector h = (IntVector) ShortVector.fromByteArray(S, raw, 2 * i, ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.S2I, I, 0);
      h.lanewise(VectorOperators.LSHL, 13).and(0x8FFFE000).reinterpretAsFloats().mul(0x1p112f).intoArray(dst, off + i);
    }
    for (; i < n; i++) dst[off + i] = Q8Kernels.half((raw[2 * i] & 0xff) | (raw[2 * i + 1] & 0xff) << 8);
  }

  /** nb Q8_0 blocks from raw → 32·nb floats at dst[off..]. */
  static void q8ToFloat(byte[] raw, int nb, float[] dst, int off) {
    for (int b = 0; b < nb; b++) {
      int p = 34 * b;
      float d = Q8Kernels.half((raw[p] & 0xff) | (raw[p + 1] & 0xff) << 8);
      for (int j = 0; j < 32; j += L) {
        ((FloatVector) ByteVector.fromArray(B, raw, p + 2 + j).convertShape(VectorOperators.B2F, F, 0)).mul(d)
            .intoArray(dst, off + 32 * b + j);
      }
    }
  }

  /**
   * c[co + r·ldc + j] (+)= Σ_k w[wo + r·KC + k] · xp[xo + k·NT + j] for r &lt; 6, j &lt; 4·L: the 6-row ×
   * 4-vector register block, starting from zeros when {@code first}.
   */
  static void micro6x4(float[] w, int wo, int kc, float[] xp, int xo, float[] c, int co, int ldc, boolean first) {
    FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
    if (first) {
      c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = FloatVector.zero(F);
    } else {
      c00 = FloatVector.fromArray(F, c, co + 0 * ldc + 0 * L); c01 = FloatVector.fromArray(F, c, co + 0 * ldc + 1 * L); c02 = FloatVector.fromArray(F, c, co + 0 * ldc + 2 * L); c03 = FloatVector.fromArray(F, c, co + 0 * ldc + 3 * L);
      c10 = FloatVector.fromArray(F, c, co + 1 * ldc + 0 * L); c11 = FloatVector.fromArray(F, c, co + 1 * ldc + 1 * L); c12 = FloatVector.fromArray(F, c, co + 1 * ldc + 2 * L); c13 = FloatVector.fromArray(F, c, co + 1 * ldc + 3 * L);
      c20 = FloatVector.fromArray(F, c, co + 2 * ldc + 0 * L); c21 = FloatVector.fromArray(F, c, co + 2 * ldc + 1 * L); c22 = FloatVector.fromArray(F, c, co + 2 * ldc + 2 * L); c23 = FloatVector.fromArray(F, c, co + 2 * ldc + 3 * L);
      c30 = FloatVector.fromArray(F, c, co + 3 * ldc + 0 * L); c31 = FloatVector.fromArray(F, c, co + 3 * ldc + 1 * L); c32 = FloatVector.fromArray(F, c, co + 3 * ldc + 2 * L); c33 = FloatVector.fromArray(F, c, co + 3 * ldc + 3 * L);
      c40 = FloatVector.fromArray(F, c, co + 4 * ldc + 0 * L); c41 = FloatVector.fromArray(F, c, co + 4 * ldc + 1 * L); c42 = FloatVector.fromArray(F, c, co + 4 * ldc + 2 * L); c43 = FloatVector.fromArray(F, c, co + 4 * ldc + 3 * L);
      c50 = FloatVector.fromArray(F, c, co + 5 * ldc + 0 * L); c51 = FloatVector.fromArray(F, c, co + 5 * ldc + 1 * L); c52 = FloatVector.fromArray(F, c, co + 5 * ldc + 2 * L); c53 = FloatVector.fromArray(F, c, co + 5 * ldc + 3 * L);
    }
    for (int k = 0; k < kc; k++) {
      int xk = xo + k * NT;
      FloatVector b0 = FloatVector.fromArray(F, xp, xk);
      FloatVector b1 = FloatVector.fromArray(F, xp, xk + 1 * L);
      FloatVector b2 = FloatVector.fromArray(F, xp, xk + 2 * L);
      FloatVector b3 = FloatVector.fromArray(F, xp, xk + 3 * L);
      FloatVector a0 = FloatVector.broadcast(F, w[wo + k]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
      FloatVector a1 = FloatVector.broadcast(F, w[wo + 1 * KC + k]);
      c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
      FloatVector a2 = FloatVector.broadcast(F, w[wo + 2 * KC + k]);
      c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
      FloatVector a3 = FloatVector.broadcast(F, w[wo + 3 * KC + k]);
      c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
      FloatVector a4 = FloatVector.broadcast(F, w[wo + 4 * KC + k]);
      c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42); c43 = a4.fma(b3, c43);
      FloatVector a5 = FloatVector.broadcast(F, w[wo + 5 * KC + k]);
      c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52); c53 = a5.fma(b3, c53);
    }
    c00.intoArray(c, co + 0 * ldc + 0 * L); c01.intoArray(c, co + 0 * ldc + 1 * L); c02.intoArray(c, co + 0 * ldc + 2 * L); c03.intoArray(c, co + 0 * ldc + 3 * L);
    c10.intoArray(c, co + 1 * ldc + 0 * L); c11.intoArray(c, co + 1 * ldc + 1 * L); c12.intoArray(c, co + 1 * ldc + 2 * L); c13.intoArray(c, co + 1 * ldc + 3 * L);
    c20.intoArray(c, co + 2 * ldc + 0 * L); c21.intoArray(c, co + 2 * ldc + 1 * L); c22.intoArray(c, co + 2 * ldc + 2 * L); c23.intoArray(c, co + 2 * ldc + 3 * L);
    c30.intoArray(c, co + 3 * ldc + 0 * L); c31.intoArray(c, co + 3 * ldc + 1 * L); c32.intoArray(c, co + 3 * ldc + 2 * L); c33.intoArray(c, co + 3 * ldc + 3 * L);
    c40.intoArray(c, co + 4 * ldc + 0 * L); c41.intoArray(c, co + 4 * ldc + 1 * L); c42.intoArray(c, co + 4 * ldc + 2 * L); c43.intoArray(c, co + 4 * ldc + 3 * L);
    c50.intoArray(c, co + 5 * ldc + 0 * L); c51.intoArray(c, co + 5 * ldc + 1 * L); c52.intoArray(c, co + 5 * ldc + 2 * L); c53.intoArray(c, co + 5 * ldc + 3 * L);
  }

  /**
   * c[co + r·ldc + j] (+)= Σ_k w[wo + r·KC + k] · xp[xo + k·NT + j] for r &lt; 6, j &lt; 2·L: the 6-row ×
   * 2-vector register block, starting from zeros when {@code first}.
   */
  static void micro6x2(float[] w, int wo, int kc, float[] xp, int xo, float[] c, int co, int ldc, boolean first) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    if (first) {
      c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = FloatVector.zero(F);
    } else {
      c00 = FloatVector.fromArray(F, c, co + 0 * ldc + 0 * L); c01 = FloatVector.fromArray(F, c, co + 0 * ldc + 1 * L);
      c10 = FloatVector.fromArray(F, c, co + 1 * ldc + 0 * L); c11 = FloatVector.fromArray(F, c, co + 1 * ldc + 1 * L);
      c20 = FloatVector.fromArray(F, c, co + 2 * ldc + 0 * L); c21 = FloatVector.fromArray(F, c, co + 2 * ldc + 1 * L);
      c30 = FloatVector.fromArray(F, c, co + 3 * ldc + 0 * L); c31 = FloatVector.fromArray(F, c, co + 3 * ldc + 1 * L);
      c40 = FloatVector.fromArray(F, c, co + 4 * ldc + 0 * L); c41 = FloatVector.fromArray(F, c, co + 4 * ldc + 1 * L);
      c50 = FloatVector.fromArray(F, c, co + 5 * ldc + 0 * L); c51 = FloatVector.fromArray(F, c, co + 5 * ldc + 1 * L);
    }
    for (int k = 0; k < kc; k++) {
      int xk = xo + k * NT;
      FloatVector b0 = FloatVector.fromArray(F, xp, xk);
      FloatVector b1 = FloatVector.fromArray(F, xp, xk + 1 * L);
      FloatVector a0 = FloatVector.broadcast(F, w[wo + k]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(F, w[wo + 1 * KC + k]);
      c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(F, w[wo + 2 * KC + k]);
      c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(F, w[wo + 3 * KC + k]);
      c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(F, w[wo + 4 * KC + k]);
      c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(F, w[wo + 5 * KC + k]);
      c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
    }
    c00.intoArray(c, co + 0 * ldc + 0 * L); c01.intoArray(c, co + 0 * ldc + 1 * L);
    c10.intoArray(c, co + 1 * ldc + 0 * L); c11.intoArray(c, co + 1 * ldc + 1 * L);
    c20.intoArray(c, co + 2 * ldc + 0 * L); c21.intoArray(c, co + 2 * ldc + 1 * L);
    c30.intoArray(c, co + 3 * ldc + 0 * L); c31.intoArray(c, co + 3 * ldc + 1 * L);
    c40.intoArray(c, co + 4 * ldc + 0 * L); c41.intoArray(c, co + 4 * ldc + 1 * L);
    c50.intoArray(c, co + 5 * ldc + 0 * L); c51.intoArray(c, co + 5 * ldc + 1 * L);
  }
}
