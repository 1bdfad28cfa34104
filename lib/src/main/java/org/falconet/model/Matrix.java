package org.falconet.model;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import org.falconet.model.internal.Kernels;

/**
 * A weight matrix W [rows, cols] (PyTorch's {@code nn.Linear} layout: out × in), either float32 on the heap
 * or bfloat16 left memory-mapped in the checkpoint and widened inside the kernel, never materialised as f32.
 */
public final class Matrix {
  private final int rows;
  private final int cols;
  private final float[] f32;     // [rows·cols] row-major, or null
  private final Tensor bf16;     // mapped bfloat16 rows, or null

  private Matrix(int rows, int cols, float[] f32, Tensor bf16) {
    this.rows = rows;
    this.cols = cols;
    this.f32 = f32;
    this.bf16 = bf16;
  }

  /** A float32 matrix over {@code data} [rows·cols]. */
  public static Matrix of(int rows, int cols, float[] data) {
    if (data.length != (long) rows * cols) throw new IllegalArgumentException("matrix data has " + data.length + " floats, not " + rows + "x" + cols);
    return new Matrix(rows, cols, data, null);
  }

  /** From a checkpoint tensor [rows, cols]: BF16 stays mapped, F32 and F16 are read into float32. */
  public static Matrix of(Tensor t) {
    int rows = (int) t.shape()[0];
    int cols = (int) t.shape()[1];
    return t.dtype() == DType.BF16 ? new Matrix(rows, cols, null, t) : of(rows, cols, t.toFloats());
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The float32 data [rows·cols], or null when the matrix is mapped bfloat16. */
  public float[] data() {
    return f32;
  }

  /** Whether the weights are kept as bfloat16. */
  public boolean isBf16() {
    return bf16 != null;
  }

  /** Bytes of weights read by one pass over the matrix. */
  public long bytes() {
    return (long) rows * cols * (bf16 != null ? 2 : 4);
  }

  /** Copies row r, widened to float, into out[off..off+cols). */
  public void rowTo(int r, float[] out, int off) {
    if (f32 != null) System.arraycopy(f32, r * cols, out, off, cols);
    else bf16.rowTo(r, out, off);
  }

  /** y[t, r] = Σ_c W[r, c] · x[t, c] for t &lt; T: x [T, cols] → y [T, rows]. Parallel over rows. */
  public void matmul(float[] x, int T, float[] y) {
    int tasks = (long) rows * cols * T < (1 << 16) ? 1 : Math.min(rows, 8 * Runtime.getRuntime().availableProcessors());
    if (tasks == 1) {
      rowRange(x, T, y, 0, rows);
    } else {
      IntStream.range(0, tasks).parallel().forEach(k -> rowRange(x, T, y, (int) ((long) rows * k / tasks), (int) ((long) rows * (k + 1) / tasks)));
    }
  }

  private void rowRange(float[] x, int T, float[] y, int r0, int r1) {
    // Blocks of 16 weight rows stay in cache while every input row streams past them, so each weight
    // is read from memory once per call whatever T is.
    for (int rb = r0; rb < r1; rb += 16) {
      int re = Math.min(r1, rb + 16);
      for (int t = 0; t < T; t++) {
        int xOff = t * cols;
        int yOff = t * rows;
        if (f32 != null) {
          for (int r = rb; r < re; r++) y[yOff + r] = Kernels.dot(f32, r * cols, x, xOff, cols);
        } else {
          for (int r = rb; r < re; r++) y[yOff + r] = Kernels.dotBf16(bf16.chunkOf(r), bf16.offsetOf(r), x, xOff, cols);
        }
      }
    }
  }

  /** Scalar, single-threaded reference of {@link #matmul}. */
  public void matmulScalar(float[] x, int T, float[] y) {
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < T; t++) {
        y[t * rows + r] = f32 != null ? Kernels.dotScalar(f32, r * cols, x, t * cols, cols)
            : Kernels.dotBf16Scalar(bf16.chunkOf(r), bf16.offsetOf(r), x, t * cols, cols);
      }
    }
  }
}
