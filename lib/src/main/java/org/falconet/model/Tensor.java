package org.falconet.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor as stored in a checkpoint: its dtype, shape and bytes, memory-mapped and never copied until asked.
 * The bytes are split by rows into chunks of at most 2 GiB (a {@link ByteBuffer} cannot address more).
 *
 * @param name         the checkpoint name, e.g. {@code transformer.h.0.mlp.dense_h_to_4h.weight}
 * @param dtype        stored element type
 * @param shape        dimensions, outermost first
 * @param chunks       little-endian buffers, each holding {@code rowsPerChunk} whole rows (the last may hold fewer)
 * @param rowsPerChunk rows in each chunk
 */
public record Tensor(String name, DType dtype, long[] shape, ByteBuffer[] chunks, int rowsPerChunk) {

  /** Number of elements. */
  public long numel() {
    long n = 1;
    for (long s : shape) n *= s;
    return n;
  }

  /** Rows: the first dimension (1 for a scalar). */
  public long rows() {
    return shape.length == 0 ? 1 : shape[0];
  }

  /** Elements per row: the product of all but the first dimension. */
  public long rowLength() {
    return shape.length == 0 ? 1 : numel() / Math.max(1, shape[0]);
  }

  /** A read-only little-endian view of the chunk holding {@code row}, positioned nowhere in particular. */
  public ByteBuffer chunkOf(long row) {
    return chunks[(int) (row / rowsPerChunk)];
  }

  /** Byte offset of {@code row} inside {@link #chunkOf}. */
  public int offsetOf(long row) {
    return (int) ((row % rowsPerChunk) * rowLength() * dtype.size);
  }

  /** Element {@code col} of {@code row} widened to float. */
  public float get(long row, long col) {
    ByteBuffer b = chunkOf(row);
    int off = offsetOf(row) + (int) (col * dtype.size);
    return switch (dtype) {
      case F32 -> b.getFloat(off);
      case F16 -> DType.f16ToFloat(b.getShort(off));
      case BF16 -> DType.bf16ToFloat(b.getShort(off));
    };
  }

  /** Copies one row, widened to float, into {@code out[outOff..]}. */
  public void rowTo(long row, float[] out, int outOff) {
    int n = (int) rowLength();
    ByteBuffer b = chunkOf(row).duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int off = offsetOf(row);
    switch (dtype) {
      case F32 -> b.position(off).asFloatBuffer().get(out, outOff, n);
      case F16 -> {
        for (int i = 0; i < n; i++) out[outOff + i] = DType.f16ToFloat(b.getShort(off + 2 * i));
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) out[outOff + i] = DType.bf16ToFloat(b.getShort(off + 2 * i));
      }
    }
  }

  /** The whole tensor widened to float (only for tensors under 2^31 elements). */
  public float[] toFloats() {
    long n = numel();
    if (n > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(name + ": " + n + " elements do not fit a Java array");
    }
    float[] out = new float[(int) n];
    int len = (int) rowLength();
    for (long r = 0; r < rows(); r++) rowTo(r, out, (int) (r * len));
    return out;
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape);
  }
}
