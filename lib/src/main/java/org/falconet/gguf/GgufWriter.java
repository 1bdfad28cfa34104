package org.falconet.gguf;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a GGUF file (version 3, the layout {@link GgufFile} reads): typed metadata, then the tensor directory, then
 * each tensor's data, aligned to {@value GgufFile#DEFAULT_ALIGNMENT} bytes. Tensor data is streamed from a callback,
 * so a model larger than memory can be written.
 *
 * <pre>{@code
 * new GgufWriter().putString("general.architecture", "falcon").putU32("falcon.block_count", 32)
 *     .tensor("output_norm.weight", GgmlType.F32, new long[] {4544}, out -> ...)
 *     .write(Path.of("model.gguf"));
 * }</pre>
 */
public final class GgufWriter {
  /** Writes a tensor's bytes, exactly as many as its type and shape need. */
  @FunctionalInterface
  public interface Data {
    void writeTo(OutputStream out) throws IOException;
  }

  private record Kv(String key, int type, Object value) {}

  private record Entry(String name, GgmlType type, long[] dims, Data data, long bytes) {}

  private final List<Kv> kvs = new ArrayList<>();
  private final List<Entry> tensors = new ArrayList<>();

  /** Adds a u32 value (counts and lengths, as llama.cpp expects them). */
  public GgufWriter putU32(String key, long v) {
    if (v < 0 || v > 0xFFFFFFFFL) throw new IllegalArgumentException(key + ": " + v + " does not fit a u32");
    return add(key, GgufFile.UINT32, v);
  }

  /** Adds an f32 value. */
  public GgufWriter putF32(String key, double v) {
    return add(key, GgufFile.FLOAT32, v);
  }

  /** Adds a bool value. */
  public GgufWriter putBool(String key, boolean v) {
    return add(key, GgufFile.BOOL, v);
  }

  /** Adds a UTF-8 string. */
  public GgufWriter putString(String key, String v) {
    return add(key, GgufFile.STRING, v);
  }

  /** Adds an array of strings. */
  public GgufWriter putStrings(String key, List<String> v) {
    return add(key, GgufFile.ARRAY, List.copyOf(v));
  }

  /** Adds an array of i32. */
  public GgufWriter putI32s(String key, int[] v) {
    return add(key, GgufFile.ARRAY, v.clone());
  }

  private GgufWriter add(String key, int type, Object v) {
    for (Kv kv : kvs) {
      if (kv.key().equals(key)) throw new IllegalArgumentException("metadata '" + key + "' is set twice");
    }
    kvs.add(new Kv(key, type, v));
    return this;
  }

  /** Adds a tensor of ggml shape {@code dims} (fastest first) whose bytes {@code data} writes. */
  public GgufWriter tensor(String name, GgmlType type, long[] dims, Data data) {
    long n = 1;
    for (long d : dims) n *= d;
    long rowLen = dims.length == 0 ? 1 : dims[0];
    type.rowBytes(rowLen);   // throws unless rows fill whole blocks
    tensors.add(new Entry(name, type, dims.clone(), data, n / type.blockSize * type.typeSize));
    return this;
  }

  /** Writes the file; fails, naming the tensor, if a tensor's callback writes the wrong number of bytes. */
  public void write(Path path) throws IOException {
    long align = GgufFile.DEFAULT_ALIGNMENT;
    try (CountingStream out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 20))) {
      out.write("GGUF".getBytes(StandardCharsets.US_ASCII));
      u32(out, 3);
      u64(out, tensors.size());
      u64(out, kvs.size());
      for (Kv kv : kvs) {
        string(out, kv.key());
        u32(out, kv.type());
        value(out, kv.type(), kv.value());
      }
      long offset = 0;
      for (Entry t : tensors) {
        string(out, t.name());
        u32(out, t.dims().length);
        for (long d : t.dims()) u64(out, d);
        u32(out, t.type().id);
        u64(out, offset);
        offset += (t.bytes() + align - 1) / align * align;
      }
      pad(out, align);
      for (Entry t : tensors) {
        long start = out.count;
        t.data().writeTo(out);
        long wrote = out.count - start;
        if (wrote != t.bytes()) {
          throw new IOException(path + ": tensor '" + t.name() + "' wrote " + wrote + " bytes, its "
              + t.type() + " shape needs " + t.bytes());
        }
        pad(out, align);
      }
    }
  }

  private static void value(OutputStream out, int type, Object v) throws IOException {
    switch (type) {
      case GgufFile.UINT32 -> u32(out, (Long) v);
      case GgufFile.FLOAT32 -> out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(((Double) v).floatValue()).array());
      case GgufFile.BOOL -> out.write((Boolean) v ? 1 : 0);
      case GgufFile.STRING -> string(out, (String) v);
      case GgufFile.ARRAY -> {
        if (v instanceof int[] a) {
          u32(out, GgufFile.INT32);
          u64(out, a.length);
          ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
          for (int x : a) b.putInt(x);
          out.write(b.array());
        } else {
          List<?> list = (List<?>) v;
          u32(out, GgufFile.STRING);
          u64(out, list.size());
          for (Object o : list) string(out, (String) o);
        }
      }
      default -> throw new IllegalStateException("value type " + type);
    }
  }

  private static void pad(CountingStream out, long align) throws IOException {
    while (out.count % align != 0) out.write(0);
  }

  private static void u32(OutputStream out, long v) throws IOException {
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
  }

  private static void u64(OutputStream out, long v) throws IOException {
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
  }

  private static void string(OutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u64(out, b.length);
    out.write(b);
  }

  /** Counts the bytes written through it (for offsets and padding). */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
