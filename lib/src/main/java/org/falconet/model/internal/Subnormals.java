package org.falconet.model.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The subnormal halves of an f16 weight matrix copied onto the heap, taken out of it: each is zeroed in the copy and
 * kept here (row, column, bits), and added back by whoever reads the copy.
 *
 * <p>Why: the decode kernels ({@link MatVec#f16x4}) widen a half to a float with integer operations, which turns a
 * subnormal half into a subnormal float, and a multiply with a subnormal operand costs the x86 core a microcode
 * assist (Java cannot set the flush-to-zero and denormals-are-zero modes). Random weights of standard deviation 0.015
 * hold about 0.4% subnormal halves, so one 16-lane vector in 15 carries one: on the 8-layer Falcon-7B-shaped model
 * decoding ran at 3.0 tokens/s with them and 5.3 without (2 threads). Zeroed, the kernels never see one; the few
 * products they miss are added back from here, exactly. Mapped weights (never written) keep their subnormals and the
 * slower but equally exact kernels.
 */
public final class Subnormals {
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int[] start;   // [rows + 1]: entries of row r are start[r] .. start[r+1)
  private final int[] col;
  private final short[] bits;

  private Subnormals(int[] start, int[] col, short[] bits) {
    this.start = start;
    this.col = col;
    this.bits = bits;
  }

  /**
   * Takes the subnormal halves out of {@code chunks} (heap buffers over arrays this caller owns, {@code rowsPerChunk}
   * rows of {@code cols} little-endian halves each, from array offset 0): zeroes them there (keeping the sign) and
   * returns them, or null when there are none.
   */
  public static Subnormals extract(ByteBuffer[] chunks, int rowsPerChunk, int rows, int cols) {
    int[] start = new int[rows + 1];
    int[] colOut = new int[16];
    short[] bitsOut = new short[16];
    int n = 0;
    int rowBytes = 2 * cols;
    for (int r = 0; r < rows; r++) {
      ByteBuffer c = chunks[r / rowsPerChunk];
      if (!c.hasArray() || c.arrayOffset() != 0) throw new IllegalArgumentException("subnormals are taken out of heap copies only");
      byte[] a = c.array();
      int off = (r % rowsPerChunk) * rowBytes;
      for (int i = 0; i < cols; i++) {
        if ((i & 3) == 0 && i + 4 <= cols && noSubnormal((long) LONG_LE.get(a, off + 2 * i))) {
          i += 3;                                     // four normal halves (or zeros) at once
          continue;
        }
        if (take(a, off, i)) {
          if (n == colOut.length) {
            colOut = Arrays.copyOf(colOut, 2 * n);
            bitsOut = Arrays.copyOf(bitsOut, 2 * n);
          }
          colOut[n] = i;
          bitsOut[n++] = half(a, off, i);
          a[off + 2 * i] = 0;
          a[off + 2 * i + 1] &= (byte) 0x80;
        }
      }
      start[r + 1] = n;
    }
    return n == 0 ? null : new Subnormals(start, Arrays.copyOf(colOut, n), Arrays.copyOf(bitsOut, n));
  }

  /** Whether none of the four little-endian halves in v is subnormal (SWAR: per 16-bit lane, exponent or mantissa zero test). */
  private static boolean noSubnormal(long v) {
    // Per 16-bit lane: bit 15 set when the exponent field is not zero, bit 10 set when the mantissa is not zero.
    long expNonZero = ((v & 0x7c007c007c007c00L) + 0x7c007c007c007c00L) & 0x8000800080008000L;
    long mantNonZero = ((v & 0x03ff03ff03ff03ffL) + 0x03ff03ff03ff03ffL) & 0x0400040004000400L;
    return (mantNonZero & ~(expNonZero >>> 5)) == 0;
  }

  private static short half(byte[] a, int off, int k) {
    return (short) ((a[off + 2 * k] & 0xff) | (a[off + 2 * k + 1] & 0xff) << 8);
  }

  /** Whether the half at column k is subnormal (exponent field zero, mantissa not). */
  private static boolean take(byte[] a, int off, int k) {
    int h = half(a, off, k);
    return (h & 0x7c00) == 0 && (h & 0x3ff) != 0;
  }

  /** How many halves were taken out. */
  public int count() {
    return col.length;
  }

  /** Bytes held: 6 per half taken out, 4 per row. */
  public long bytes() {
    return 6L * col.length + 4L * start.length;
  }

  /** y[yOff + r] += Σ w[r, c]·x[xOff + c] over the halves taken out of rows r0 ≤ r &lt; r1. */
  public void addTo(float[] x, int xOff, float[] y, int yOff, int r0, int r1) {
    for (int r = r0; r < r1; r++) {
      float s = 0;
      for (int e = start[r]; e < start[r + 1]; e++) s += Q8Kernels.half(bits[e]) * x[xOff + col[e]];
      if (start[r + 1] > start[r]) y[yOff + r] += s;
    }
  }

  /**
   * {@link #addTo} for the input as {@link MatVec#f16x4} reads it ({@link MatVec#f16Input}: pair-permuted, times
   * 2^56) over n columns.
   */
  public void addToF16Input(float[] xs, int xOff, int n, float[] y, int yOff, int r0, int r1) {
    int block = MatVec.BF16_BLOCK, lanes = block / 2, full = n - n % block;
    for (int r = r0; r < r1; r++) {
      if (start[r + 1] == start[r]) continue;
      float s = 0;
      for (int e = start[r]; e < start[r + 1]; e++) {
        int c = col[e];
        int j = c % block;
        int p = c >= full ? c : c - j + (j & 1) * lanes + (j >> 1);
        s += Q8Kernels.half(bits[e]) * xs[xOff + p];
      }
      y[yOff + r] += s * 0x1p-56f;
    }
  }

  /** dst[off + c - k0] = w[row, c] for the halves taken out of row {@code row} at columns k0 ≤ c &lt; k0 + kc. */
  public void restore(int row, int k0, int kc, float[] dst, int off) {
    int end = start[row + 1];
    int e = Arrays.binarySearch(col, start[row], end, k0);         // a row's columns are in order
    if (e < 0) e = -e - 1;
    for (; e < end && col[e] < k0 + kc; e++) dst[off + col[e] - k0] = Q8Kernels.half(bits[e]);
  }
}
