package org.falconet.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.falconet.gguf.GgmlType;

/**
 * A matrix [rows, cols] stored as ggml's Q8_0 blocks, left memory-mapped in its GGUF file: each row is cols/32 blocks
 * of 34 bytes, an f16 scale d then 32 int8 quants q, weight = d·q. Also the Q8_0 and Q4_0 block codecs, written from
 * ggml's reference ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref} in ggml-quants.c) so that a file
 * Falconet writes holds the bytes llama.cpp's own quantiser would.
 *
 * @param name         the tensor name, for messages
 * @param rows         rows (output features)
 * @param cols         elements per row, a multiple of 32
 * @param chunks       little-endian buffers, each holding {@code rowsPerChunk} whole rows (the last may hold fewer)
 * @param rowsPerChunk rows in each chunk
 */
public record QuantizedRows(String name, int rows, int cols, ByteBuffer[] chunks, int rowsPerChunk) {
  /** Elements per block, for both Q8_0 and Q4_0 (QK8_0 = QK4_0 = 32 in ggml). */
  public static final int BLOCK = 32;

  public QuantizedRows {
    if (cols % BLOCK != 0) throw new IllegalArgumentException(name + ": Q8_0 rows of " + cols + " are not whole blocks of 32");
  }

  /** Bytes of one row. */
  public int rowBytes() {
    return cols / BLOCK * GgmlType.Q8_0.typeSize;
  }

  /** The buffer holding {@code row}. */
  public ByteBuffer chunkOf(int row) {
    return chunks[row / rowsPerChunk];
  }

  /** Byte offset of {@code row} inside {@link #chunkOf}. */
  public int offsetOf(int row) {
    return (row % rowsPerChunk) * rowBytes();
  }

  /** Row {@code row} dequantised into {@code out[off..off+cols)}. */
  public void rowTo(int row, float[] out, int off) {
    dequantizeQ8_0(chunkOf(row), offsetOf(row), out, off, cols);
  }

  /** Quantises {@code n} floats of {@code x} from {@code off} (n a multiple of 32) as Q8_0 blocks into {@code out}. */
  public static void quantizeQ8_0(float[] x, int off, int n, ByteBuffer out) {
    out.order(ByteOrder.LITTLE_ENDIAN);
    for (int b = off; b < off + n; b += BLOCK) {
      float amax = 0;
      for (int j = 0; j < BLOCK; j++) amax = Math.max(amax, Math.abs(x[b + j]));
      float d = amax / 127;                            // (1 << 7) - 1
      float id = d != 0 ? 1f / d : 0f;
      out.putShort(DType.floatToF16(d));
      for (int j = 0; j < BLOCK; j++) out.put((byte) roundf(x[b + j] * id));
    }
  }

  /** Q8_0 blocks at {@code in[inOff..]} → {@code n} floats at {@code out[outOff..]}. */
  public static void dequantizeQ8_0(ByteBuffer in, int inOff, float[] out, int outOff, int n) {
    for (int b = 0; b < n / BLOCK; b++) {
      int p = inOff + b * GgmlType.Q8_0.typeSize;
      float d = DType.f16ToFloat(in.getShort(p));
      for (int j = 0; j < BLOCK; j++) out[outOff + b * BLOCK + j] = d * in.get(p + 2 + j);
    }
  }

  /** Quantises {@code n} floats as Q4_0 blocks: d = (the value of largest magnitude) / −8, q = min(15, ⌊x/d + 8.5⌋). */
  public static void quantizeQ4_0(float[] x, int off, int n, ByteBuffer out) {
    out.order(ByteOrder.LITTLE_ENDIAN);
    for (int b = off; b < off + n; b += BLOCK) {
      float amax = 0;
      float max = 0;
      for (int j = 0; j < BLOCK; j++) {
        if (amax < Math.abs(x[b + j])) {
          amax = Math.abs(x[b + j]);
          max = x[b + j];
        }
      }
      float d = max / -8;
      float id = d != 0 ? 1f / d : 0f;
      out.putShort(DType.floatToF16(d));
      for (int j = 0; j < BLOCK / 2; j++) {
        int lo = Math.min(15, (int) (x[b + j] * id + 8.5f));
        int hi = Math.min(15, (int) (x[b + BLOCK / 2 + j] * id + 8.5f));
        out.put((byte) (lo | hi << 4));
      }
    }
  }

  /** Q4_0 blocks at {@code in[inOff..]} → {@code n} floats at {@code out[outOff..]}. */
  public static void dequantizeQ4_0(ByteBuffer in, int inOff, float[] out, int outOff, int n) {
    for (int b = 0; b < n / BLOCK; b++) {
      int p = inOff + b * GgmlType.Q4_0.typeSize;
      float d = DType.f16ToFloat(in.getShort(p));
      for (int j = 0; j < BLOCK / 2; j++) {
        int q = in.get(p + 2 + j) & 0xff;
        out[outOff + b * BLOCK + j] = d * ((q & 0xf) - 8);
        out[outOff + b * BLOCK + BLOCK / 2 + j] = d * ((q >>> 4) - 8);
      }
    }
  }

  /** C's roundf: to nearest, halves away from zero (Math.round would take −2.5 to −2). */
  static int roundf(float v) {
    double a = Math.floor(Math.abs((double) v) + 0.5);
    return (int) (v < 0 ? -a : a);
  }
}
