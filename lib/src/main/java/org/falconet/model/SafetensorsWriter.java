package org.falconet.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@code .safetensors} file row by row, so that checkpoints larger than memory (a 7B-shaped benchmark
 * model) stream to disk. Floats are narrowed to the tensor's dtype on the way out.
 */
public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  /** Fills one row (the product of all but the first dimension) of a tensor. */
  @FunctionalInterface
  public interface Rows {
    void row(long r, float[] out);
  }

  /** One tensor to write. */
  public record Spec(String name, DType dtype, long[] shape, Rows rows) {
    /** A tensor whose values are given in full, row-major. */
    public static Spec of(String name, DType dtype, float[] data, long... shape) {
      long rowLen = shape.length == 0 ? 1 : numel(shape) / Math.max(1, shape[0]);
      return new Spec(name, dtype, shape, (r, out) -> System.arraycopy(data, (int) (r * rowLen), out, 0, (int) rowLen));
    }
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long s : shape) n *= s;
    return n;
  }

  /** Writes the tensors in order, header first. */
  public static void write(Path path, List<Spec> tensors) throws IOException {
    ObjectMapper m = new ObjectMapper();
    ObjectNode header = m.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Spec s : tensors) {
      long bytes = numel(s.shape()) * s.dtype().size;
      ObjectNode e = header.putObject(s.name());
      e.put("dtype", s.dtype().name());
      var shape = e.putArray("shape");
      for (long d : s.shape()) shape.add(d);
      e.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] h = m.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int pad = (8 - h.length % 8) % 8;     // the format pads the header with spaces to a multiple of 8
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length + pad);
      out.write(len.array());
      out.write(h);
      for (int i = 0; i < pad; i++) out.write(' ');
      for (Spec s : tensors) {
        long rows = s.shape().length == 0 ? 1 : s.shape()[0];
        int rowLen = (int) (rows == 0 ? 0 : numel(s.shape()) / rows);
        float[] row = new float[rowLen];
        ByteBuffer buf = ByteBuffer.allocate(rowLen * s.dtype().size).order(ByteOrder.LITTLE_ENDIAN);
        for (long r = 0; r < rows; r++) {
          s.rows().row(r, row);
          buf.clear();
          for (float f : row) {
            switch (s.dtype()) {
              case F32 -> buf.putFloat(f);
              case BF16 -> buf.putShort(DType.floatToBf16(f));
              case F16 -> buf.putShort(floatToF16(f));
            }
          }
          out.write(buf.array(), 0, buf.position());
        }
      }
    }
  }

  /** float → IEEE half bits (see {@link DType#floatToF16}). */
  static short floatToF16(float f) {
    return DType.floatToF16(f);
  }
}
