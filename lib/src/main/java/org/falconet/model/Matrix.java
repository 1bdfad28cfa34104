package org.falconet.model;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import org.falconet.model.internal.HeapWeights;
import org.falconet.model.internal.Gemm;
import org.falconet.model.internal.Kernels;
import org.falconet.model.internal.MatVec;
import org.falconet.model.internal.Nd4jGemm;
import org.falconet.model.internal.Q8Kernels;
import org.falconet.model.internal.Scratch;
import org.falconet.model.internal.Scratch.Slot;
import org.falconet.model.internal.Subnormals;
import org.falconet.model.internal.Tiles;
import org.falconet.model.internal.Workers;

/**
 * A weight matrix W [rows, cols] (PyTorch's {@code nn.Linear} layout: out × in): float32 on the heap, bfloat16 or IEEE
 * half (f16) rows widened inside the kernels, or Q8_0 blocks used quantised by the kernels ({@link QuantizedRows});
 * none of the last three is ever materialised as f32. Their bytes stay memory-mapped in the
 * checkpoint, or are copied onto the Java heap by {@link #onHeap()} when the heap has room (JDK 17 compiles vector
 * loads from heap arrays better than from mapped buffers: decoding reads every weight once per token). An f16 copy on
 * the heap has its subnormal halves taken out into a small side table ({@link Subnormals}, about 0.4% of random
 * weights of spread 0.015), which every reader adds back: the decode kernels run faster without them.
 * Float32 matrices hit by 64 or more tokens at once go through ND4J's BLAS, which then keeps a second copy.
 */
public final class Matrix {
  private final int rows;
  private final int cols;
  private final float[] f32;     // [rows·cols] row-major, or null
  private final Tensor bf16;     // bfloat16 or (when f16) IEEE half rows (mapped or on the heap), or null
  private final boolean f16;     // bf16 holds IEEE halves
  private final Subnormals sub;  // f16 on the heap: the subnormal halves taken out of bf16 (zeroed there), or null
  private final QuantizedRows q8; // Q8_0 rows (mapped or on the heap), or null
  private volatile Object nd4j;  // an ND4J copy of f32 for prefill GEMMs, made on first use (INDArray)

  private Matrix(int rows, int cols, float[] f32, Tensor bf16, QuantizedRows q8) {
    this(rows, cols, f32, bf16, q8, null);
  }

  private Matrix(int rows, int cols, float[] f32, Tensor bf16, QuantizedRows q8, Subnormals sub) {
    this.sub = sub;
    this.rows = rows;
    this.cols = cols;
    this.f32 = f32;
    this.bf16 = bf16;
    this.f16 = bf16 != null && bf16.dtype() == DType.F16;
    this.q8 = q8;
  }

  /** A Q8_0 matrix over mapped blocks, used quantised. */
  public static Matrix of(QuantizedRows q) {
    return new Matrix(q.rows(), q.cols(), null, null, q);
  }

  /** A float32 matrix over {@code data} [rows·cols]. */
  public static Matrix of(int rows, int cols, float[] data) {
    if (data.length != (long) rows * cols) throw new IllegalArgumentException("matrix data has " + data.length + " floats, not " + rows + "x" + cols);
    return new Matrix(rows, cols, data, null, null);
  }

  /**
   * From a checkpoint tensor [rows, cols]: BF16 and F16 stay mapped, F32 is read into float32. An F16 tensor holding
   * any Inf or NaN is read into float32 as well (the f16 kernels widen finite halves only; the tensor is scanned once
   * here).
   */
  public static Matrix of(Tensor t) {
    int rows = (int) t.shape()[0];
    int cols = (int) t.shape()[1];
    boolean half = t.dtype() == DType.BF16 || t.dtype() == DType.F16 && finiteHalves(t.chunks());
    return half ? new Matrix(rows, cols, null, t, null) : of(rows, cols, t.toFloats());
  }

  /** Whether no IEEE half in the chunks has an all-ones exponent (Inf or NaN), four halves per long. */
  static boolean finiteHalves(ByteBuffer[] chunks) {
    for (ByteBuffer chunk : chunks) {
      ByteBuffer c = chunk.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
      int n = c.limit(), i = 0;
      long any = 0;
      // Per 16-bit lane, (h & 0x7c00) + 0x0400 carries into bit 15 only when the exponent field is all ones.
      for (; i + 8 <= n; i += 8) any |= (c.getLong(i) & 0x7c007c007c007c00L) + 0x0400040004000400L;
      for (; i + 2 <= n; i += 2) any |= (c.getShort(i) & 0x7c00) + 0x0400;
      if ((any & 0x8000800080008000L) != 0) return false;
    }
    return true;
  }

  /**
   * This matrix with its bf16, f16 or Q8_0 bytes copied into heap arrays (this matrix when they already are, or when it
   * is float32). {@link Falcon#load} decides whether a model's matrices go there ({@link HeapWeights}).
   */
  public Matrix onHeap() {
    if (f32 != null) return this;
    ByteBuffer[] chunks = bf16 != null ? bf16.chunks() : q8.chunks();
    if (HeapWeights.onHeap(chunks)) return this;
    ByteBuffer[] copy = HeapWeights.copy(chunks);
    if (f16) {                                        // the kernels run faster without subnormals (see Subnormals)
      Subnormals s = Subnormals.extract(copy, bf16.rowsPerChunk(), rows, cols);
      return new Matrix(rows, cols, null, new Tensor(bf16.name(), bf16.dtype(), bf16.shape(), copy, bf16.rowsPerChunk()), null, s);
    }
    return bf16 != null
        ? new Matrix(rows, cols, null, new Tensor(bf16.name(), bf16.dtype(), bf16.shape(), copy, bf16.rowsPerChunk()), null)
        : new Matrix(rows, cols, null, null, new QuantizedRows(q8.name(), rows, cols, copy, q8.rowsPerChunk()));
  }

  /** This matrix widened (bf16, f16) or dequantised (Q8_0) to float32 on the heap; this matrix when it is float32. */
  public Matrix toFloat32() {
    if (f32 != null) return this;
    if ((long) rows * cols > Integer.MAX_VALUE - 8) throw new IllegalStateException(rows + "x" + cols + " is too big for one float32 array");
    float[] data = new float[rows * cols];
    for (int r = 0; r < rows; r++) rowTo(r, data, r * cols);
    return of(rows, cols, data);
  }

  /** The bf16, f16 or Q8_0 buffers, mapped or on the heap; null for float32 (the loader releases mapped ones it copied). */
  ByteBuffer[] chunks() {
    return f32 != null ? null : bf16 != null ? bf16.chunks() : q8.chunks();
  }

  /** Whether the weights are held in heap arrays (float32, or bf16/f16/Q8_0 bytes copied by {@link #onHeap()}). */
  public boolean isOnHeap() {
    return f32 != null || HeapWeights.onHeap(bf16 != null ? bf16.chunks() : q8.chunks());
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The float32 data [rows·cols], or null when the matrix is bfloat16, f16 or Q8_0. */
  public float[] data() {
    return f32;
  }

  /** Whether the weights are kept as bfloat16. */
  public boolean isBf16() {
    return bf16 != null && !f16;
  }

  /** Whether the weights are kept as IEEE half precision (f16). */
  public boolean isF16() {
    return f16;
  }

  /** Whether the weights are kept as Q8_0 blocks. */
  public boolean isQ8() {
    return q8 != null;
  }

  /** The Q8_0 rows, or null. */
  public QuantizedRows quantized() {
    return q8;
  }

  /** Bytes of weights read by one pass over the matrix. */
  public long bytes() {
    if (q8 != null) return (long) rows * q8.rowBytes();
    return (long) rows * cols * (bf16 != null ? 2 : 4);
  }

  /** Copies row r, widened (or dequantised) to float, into out[off..off+cols). */
  public void rowTo(int r, float[] out, int off) {
    if (f32 != null) System.arraycopy(f32, r * cols, out, off, cols);
    else if (q8 != null) Q8Kernels.dequantize(q8.chunkOf(r), q8.offsetOf(r), out, off, cols);
    else bf16.rowTo(r, out, off);
    if (sub != null) sub.restore(r, 0, cols, out, off);
  }

  /** y[t, r] = Σ_c W[r, c] · x[t, c] for t &lt; T: x [T, cols] → y [T, rows]. Parallel over rows. */
  public void matmul(float[] x, int T, float[] y) {
    if (f32 != null && T >= Nd4jGemm.MIN_TOKENS && Nd4jGemm.available()) {
      // Many tokens: BLAS through ND4J wins (see Nd4jGemm); it keeps its own copy of the weights.
      Object w = nd4j;
      if (w == null) {
        synchronized (this) {
          if (nd4j == null) nd4j = Nd4jGemm.weights(f32, rows, cols);
          w = nd4j;
        }
      }
      Nd4jGemm.matmul((org.nd4j.linalg.api.ndarray.INDArray) w, x, T, y);
      return;
    }
    if (T < 4 && f32 == null) {                       // decoding: matrix-vector kernels (MatVec)
      matvec(x, T, y);
      return;
    }
    if (f32 == null && (T >= Gemm.MIN_TOKENS || f16)) { // a prompt over bf16/f16/Q8_0 weights: the packed GEMM (Gemm)
      Gemm.matmul(gemmWeights(), x, T, y, 4 * Runtime.getRuntime().availableProcessors());
      return;
    }
    float[] in = x;
    if (bf16 != null) {                               // the bf16 kernels read x pair-permuted (see Tiles)
      in = Scratch.floats(Slot.KERNEL_INPUT, T * cols);
      for (int t = 0; t < T; t++) Tiles.pairPermute(x, t * cols, in, t * cols, cols);
    }
    float[] xin = in;
    int tasks = (long) rows * cols * T < (1 << 16) ? 1 : Math.min(rows / 4, 8 * Runtime.getRuntime().availableProcessors());
    if (tasks <= 1) {
      rowRange(xin, T, y, 0, rows);
    } else {
      // Split rows into task ranges aligned to 4, so tiles never straddle two tasks.
      int quads = (rows + 3) / 4;
      IntStream.range(0, tasks).parallel().forEach(k -> rowRange(xin, T, y,
          Math.min(rows, 4 * (int) ((long) quads * k / tasks)), Math.min(rows, 4 * (int) ((long) quads * (k + 1) / tasks))));
    }
  }

  /** y = W·x for T &lt; 4 tokens, one token at a time, four rows per kernel call; row ranges over the {@link Workers}. */
  private void matvec(float[] x, int T, float[] y) {
    float[] in = x;
    if (bf16 != null) {                               // the bf16 kernels read x pair-permuted (see MatVec)
      in = Scratch.floats(Slot.KERNEL_INPUT, T * cols);
      boolean ok = true;
      for (int t = 0; t < T; t++) {
        if (f16) ok &= MatVec.f16Input(x, t * cols, in, t * cols, cols);
        else Tiles.pairPermute(x, t * cols, in, t * cols, cols);
      }
      if (!ok) {                                      // |x| >= 2^72 would overflow the f16 kernels' scaled input
        Gemm.matmul(gemmWeights(), x, T, y, 1);
        return;
      }
    }
    float[] xin = in;
    int quads = (rows + 3) / 4;
    int tasks = (long) rows * cols * T < (1 << 16) ? 1 : Math.min(quads, 4 * Workers.threads());
    if (tasks <= 1) {
      matvecRange(xin, T, y, 0, rows);
    } else {
      Workers.run(tasks, k -> matvecRange(xin, T, y,
          Math.min(rows, 4 * (int) ((long) quads * k / tasks)), Math.min(rows, 4 * (int) ((long) quads * (k + 1) / tasks))));
    }
  }

  /**
   * Rows r0..r1 for each of the T tokens, read as four quarters side by side: each kernel call takes one row from each
   * quarter, so each quarter is one long sequential stream through memory (its rows follow each other) that the
   * hardware prefetchers follow without restarting at every row. Four adjacent rows per call instead restart four
   * streams every four rows, which costs ~30% on rows as short as Falcon-7B's 4,544 columns (MatVecBench).
   */
  private void matvecRange(float[] x, int T, float[] y, int r0, int r1) {
    int rowBytes = q8 != null ? q8.rowBytes() : 2 * cols;
    int q = (r1 - r0) / 4;                            // rows per quarter
    for (int t = 0; t < T; t++) {
      int xo = t * cols;
      int yo = t * rows;
      for (int r = r0; r < r0 + q; r++) {
        ByteBuffer c = chunk(r);
        if (chunk(r + 3 * q) != c) {                  // the quarters straddle two chunks here
          for (int k = 0; k < 4; k++) y[yo + r + k * q] = matvecRow(r + k * q, x, xo);
          continue;
        }
        int off = offset(r);
        int stride = q * rowBytes;
        if (c.hasArray()) {
          byte[] a = c.array();
          off += c.arrayOffset();
          if (q8 != null) MatVec.q8x4(a, off, stride, x, xo, cols, y, yo + r, q);
          else if (f16) MatVec.f16x4(a, off, stride, x, xo, cols, y, yo + r, q);
          else MatVec.bf16x4(a, off, stride, x, xo, cols, y, yo + r, q);
        } else {
          if (q8 != null) MatVec.q8x4(c, off, stride, x, xo, cols, y, yo + r, q);
          else if (f16) MatVec.f16x4(c, off, stride, x, xo, cols, y, yo + r, q);
          else MatVec.bf16x4(c, off, stride, x, xo, cols, y, yo + r, q);
        }
      }
      for (int r = r0 + 4 * q; r < r1; r++) y[yo + r] = matvecRow(r, x, xo);
      if (sub != null) sub.addToF16Input(x, xo, cols, y, yo, r0, r1);
    }
  }

  private float matvecRow(int r, float[] x, int xo) {
    ByteBuffer c = chunk(r);
    int off = offset(r);
    return q8 != null ? MatVec.q8(c, off, x, xo, cols) : f16 ? MatVec.f16(c, off, x, xo, cols) : MatVec.bf16(c, off, x, xo, cols);
  }

  private ByteBuffer chunk(int r) {
    return q8 != null ? q8.chunkOf(r) : bf16.chunkOf(r);
  }

  private int offset(int r) {
    return q8 != null ? q8.offsetOf(r) : bf16.offsetOf(r);
  }

  /** This matrix as {@link Gemm} reads it. */
  private Gemm.Weights gemmWeights() {
    if (q8 != null) {
      return new Gemm.Weights(Gemm.Format.Q8_0, rows, cols, null, new Gemm.Rows() {
        @Override public ByteBuffer chunk(int row) { return q8.chunkOf(row); }
        @Override public int offset(int row) { return q8.offsetOf(row); }
      });
    }
    return new Gemm.Weights(f16 ? Gemm.Format.F16 : Gemm.Format.BF16, rows, cols, null, new Gemm.Rows() {
      @Override public ByteBuffer chunk(int row) { return bf16.chunkOf(row); }
      @Override public int offset(int row) { return bf16.offsetOf(row); }
      @Override public void restore(int r0, int n, int k0, int kc, float[] dst, int ld) {
        if (sub != null) {
          for (int r = 0; r < n; r++) sub.restore(r0 + r, k0, kc, dst, r * ld);
        }
      }
    });
  }

  private void rowRange(float[] x, int T, float[] y, int r0, int r1) {
    if (q8 != null) {
      q8RowRange(x, T, y, r0, r1);
      return;
    }
    // Blocks of 16 weight rows stay in cache while every input row streams past them, so each weight is read
    // from memory once per call whatever T is; inside a block, 4×4 register tiles (Tiles) when T ≥ 4.
    float[] tile = new float[16];
    for (int rb = r0; rb < r1; rb += 16) {
      int re = Math.min(r1, rb + 16);
      int t = 0;
      for (; t + 4 <= T; t += 4) {
        int r = rb;
        for (; r + 4 <= re; r += 4) {
          if (f32 != null) {
            Tiles.tile4x4(f32, r * cols, (r + 1) * cols, (r + 2) * cols, (r + 3) * cols,
                x, t * cols, (t + 1) * cols, (t + 2) * cols, (t + 3) * cols, cols, tile);
          } else {
            Tiles.tile4x4Bf16(bf16.chunkOf(r), bf16.offsetOf(r), bf16.chunkOf(r + 1), bf16.offsetOf(r + 1),
                bf16.chunkOf(r + 2), bf16.offsetOf(r + 2), bf16.chunkOf(r + 3), bf16.offsetOf(r + 3),
                x, t * cols, (t + 1) * cols, (t + 2) * cols, (t + 3) * cols, cols, tile);
          }
          for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) y[(t + b) * rows + r + a] = tile[4 * a + b];
          }
        }
        for (; r < re; r++) {
          for (int b = 0; b < 4; b++) y[(t + b) * rows + r] = dot(r, x, (t + b) * cols);
        }
      }
      for (; t < T; t++) {
        for (int r = rb; r < re; r++) y[t * rows + r] = dot(r, x, t * cols);
      }
    }
  }

  /**
   * The Q8_0 form of {@link #rowRange}: one token at a time, dot products straight off the blocks; four or more, each
   * block of 16 rows is dequantised once into a scratch tile that all the tokens then stream past (4×4 tiles).
   */
  private void q8RowRange(float[] x, int T, float[] y, int r0, int r1) {
    if (T < 4) {
      for (int r = r0; r < r1; r++) {
        for (int t = 0; t < T; t++) y[t * rows + r] = Q8Kernels.dot(q8.chunkOf(r), q8.offsetOf(r), x, t * cols, cols);
      }
      return;
    }
    float[] w = new float[16 * cols];
    float[] tile = new float[16];
    for (int rb = r0; rb < r1; rb += 16) {
      int re = Math.min(r1, rb + 16);
      for (int r = rb; r < re; r++) Q8Kernels.dequantize(q8.chunkOf(r), q8.offsetOf(r), w, (r - rb) * cols, cols);
      int t = 0;
      for (; t + 4 <= T; t += 4) {
        int r = rb;
        for (; r + 4 <= re; r += 4) {
          int o = (r - rb) * cols;
          Tiles.tile4x4(w, o, o + cols, o + 2 * cols, o + 3 * cols,
              x, t * cols, (t + 1) * cols, (t + 2) * cols, (t + 3) * cols, cols, tile);
          for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) y[(t + b) * rows + r + a] = tile[4 * a + b];
          }
        }
        for (; r < re; r++) {
          for (int b = 0; b < 4; b++) y[(t + b) * rows + r] = Kernels.dot(w, (r - rb) * cols, x, (t + b) * cols, cols);
        }
      }
      for (; t < T; t++) {
        for (int r = rb; r < re; r++) y[t * rows + r] = Kernels.dot(w, (r - rb) * cols, x, t * cols, cols);
      }
    }
  }

  private float dot(int r, float[] x, int xOff) {
    return f32 != null ? Kernels.dot(f32, r * cols, x, xOff, cols)
        : Tiles.dotBf16(bf16.chunkOf(r), bf16.offsetOf(r), x, xOff, cols);
  }

  /** Scalar, single-threaded reference of {@link #matmul}. */
  public void matmulScalar(float[] x, int T, float[] y) {
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < T; t++) {
        y[t * rows + r] = f32 != null ? Kernels.dotScalar(f32, r * cols, x, t * cols, cols)
            : q8 != null ? Q8Kernels.dotScalar(q8.chunkOf(r), q8.offsetOf(r), x, t * cols, cols)
            : f16 ? Kernels.dotF16Scalar(bf16.chunkOf(r), bf16.offsetOf(r), x, t * cols, cols)
            : Kernels.dotBf16Scalar(bf16.chunkOf(r), bf16.offsetOf(r), x, t * cols, cols);
      }
    }
    if (sub != null) {
      for (int t = 0; t < T; t++) sub.addTo(x, t * cols, y, t * rows, 0, rows);
    }
  }
}
