package org.falconet.gguf;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a GGUF file: its version, metadata and tensor directory (tensor data is not read).
 *
 * <p>Layout (little-endian, GGUF spec v2/v3): magic {@code "GGUF"}, u32 version, u64 tensor count,
 * u64 metadata count, then each metadata pair as (string key, u32 value type, value) and each tensor
 * as (string name, u32 dims, u64[dims], u32 type, u64 offset). A string is a u64 byte length then
 * UTF-8 bytes; an array is a u32 element type, a u64 count, then the elements.
 *
 * <p>Tensor data starts at the first multiple of {@code general.alignment} (32 unless the metadata says
 * otherwise) after the directory; each tensor's offset is relative to that start and is itself aligned.
 *
 * <p>Metadata values are {@link Long} for every integer type, {@link Double} for floats,
 * {@link Boolean}, {@link String}, and for arrays {@code long[]}, {@code double[]}, {@code boolean[]}
 * or {@code List<Object>} (strings and nested arrays).
 */
public final class GgufFile {

  /** The magic number, "GGUF" read as a little-endian u32. */
  static final int MAGIC = 0x46554747;

  /** The data alignment when the metadata has no {@code general.alignment}. */
  public static final int DEFAULT_ALIGNMENT = 32;

  /** One tensor's entry in the directory: name, shape (ggml order, fastest first), ggml type, data offset. */
  public record TensorInfo(String name, long[] dims, int type, long offset) {
    /** Number of elements. */
    public long numel() {
      long n = 1;
      for (long d : dims) n *= d;
      return n;
    }

    /** The type, or null if Falconet does not read it. */
    public GgmlType ggmlType() {
      return GgmlType.of(type);
    }
  }

  private final String source;
  private final int version;
  private final Map<String, Object> metadata;
  private final List<TensorInfo> tensors;
  private final long dataStart;
  private final long fileSize;

  private GgufFile(String source, int version, Map<String, Object> metadata, List<TensorInfo> tensors,
                   long dataStart, long fileSize) {
    this.source = source;
    this.version = version;
    this.metadata = Collections.unmodifiableMap(metadata);
    this.tensors = List.copyOf(tensors);
    this.dataStart = dataStart;
    this.fileSize = fileSize;
  }

  /** Reads the header of the GGUF file at {@code path}. */
  public static GgufFile read(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = Math.min(ch.size(), Integer.MAX_VALUE);
      ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      return parse(buf, path.toString(), ch.size());
    }
  }

  /** Parses a GGUF header from {@code buf}, the whole file; {@code source} names it in error messages. */
  public static GgufFile parse(ByteBuffer buf, String source) {
    return parse(buf, source, buf.remaining());
  }

  /** Parses a GGUF header from {@code buf}, the start of a file of {@code fileSize} bytes. */
  static GgufFile parse(ByteBuffer buf, String source, long fileSize) {
    buf = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    Reader r = new Reader(buf, source);
    try {
      int magic = buf.getInt();
      if (magic != MAGIC) {
        throw new GgufFormatException(source + ": not a GGUF file (magic 0x" + Integer.toHexString(magic) + ")");
      }
      int version = buf.getInt();
      if (version != 2 && version != 3) {
        throw new GgufFormatException(source + ": unsupported GGUF version " + version + " (2 and 3 are read)");
      }
      long tensorCount = r.count("tensor count");
      long kvCount = r.count("metadata count");
      Map<String, Object> meta = new LinkedHashMap<>();
      for (long i = 0; i < kvCount; i++) {
        String key = r.string("metadata key #" + i);
        int type = buf.getInt();
        meta.put(key, r.value(type, key));
      }
      List<TensorInfo> tensors = new ArrayList<>();
      for (long i = 0; i < tensorCount; i++) {
        String name = r.string("tensor name #" + i);
        int nDims = buf.getInt();
        if (nDims < 0 || nDims > 8) {
          throw new GgufFormatException(source + ": tensor '" + name + "' has " + nDims + " dimensions");
        }
        long[] dims = new long[nDims];
        for (int d = 0; d < nDims; d++) {
          dims[d] = buf.getLong();
        }
        tensors.add(new TensorInfo(name, dims, buf.getInt(), buf.getLong()));
      }
      long alignment = DEFAULT_ALIGNMENT;
      if (meta.get("general.alignment") instanceof Long a) {
        if (a <= 0 || Long.bitCount(a) != 1) {
          throw new GgufFormatException(source + ": general.alignment " + a + " is not a power of two");
        }
        alignment = a;
      }
      long dataStart = (buf.position() + alignment - 1) / alignment * alignment;
      return new GgufFile(source, version, meta, tensors, dataStart, fileSize);
    } catch (BufferUnderflowException e) {
      throw new GgufFormatException(source + ": truncated at byte " + buf.position());
    }
  }

  /** The format version (2 or 3). */
  public int version() {
    return version;
  }

  /** Every metadata pair, in file order. */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** The tensor directory, in file order. */
  public List<TensorInfo> tensors() {
    return tensors;
  }

  /** Where tensor data starts in the file, in bytes. */
  public long dataStart() {
    return dataStart;
  }

  /** The data alignment in bytes. */
  public long alignment() {
    return metadata.get("general.alignment") instanceof Long a ? a : DEFAULT_ALIGNMENT;
  }

  /** The file's size in bytes. */
  public long fileSize() {
    return fileSize;
  }

  /** The file's name as given when it was read, for messages. */
  public String source() {
    return source;
  }

  /** The directory entry named {@code name}, or null. */
  public TensorInfo tensor(String name) {
    for (TensorInfo t : tensors) {
      if (t.name().equals(name)) return t;
    }
    return null;
  }

  /**
   * The absolute file offset of {@code t}'s data after checking that its type is one Falconet reads, its rows fill
   * whole blocks, its offset is aligned and its bytes lie inside the file; every error names the tensor.
   */
  public long dataOffset(TensorInfo t) {
    GgmlType type = t.ggmlType();
    String where = source + ": tensor '" + t.name() + "'";
    if (type == null) {
      throw new GgufFormatException(where + " has ggml type " + t.type() + ", which is not read (F32, F16, BF16, Q8_0, Q4_0 are)");
    }
    for (long d : t.dims()) {
      if (d < 0 || d > (1L << 40)) throw new GgufFormatException(where + " has dimension " + d);
    }
    long rowLen = t.dims().length == 0 ? 1 : t.dims()[0];
    if (rowLen % type.blockSize != 0) {
      throw new GgufFormatException(where + ": rows of " + rowLen + " elements do not fill whole " + type + " blocks of " + type.blockSize);
    }
    long bytes = t.numel() / type.blockSize * type.typeSize;
    if (t.offset() < 0 || t.offset() % alignment() != 0) {
      throw new GgufFormatException(where + ": data offset " + t.offset() + " is not a multiple of the alignment " + alignment());
    }
    long end = dataStart + t.offset() + bytes;
    if (end > fileSize) {
      throw new GgufFormatException(where + ": data ends at byte " + end + " but the file has only " + fileSize
          + " bytes (truncated file?)");
    }
    return dataStart + t.offset();
  }

  /** Whether the metadata has {@code key}. */
  public boolean has(String key) {
    return metadata.containsKey(key);
  }

  /** The string value of {@code key}; an error naming the key if absent or not a string. */
  public String string(String key) {
    return typed(key, String.class, "a string");
  }

  /** The integer value of {@code key} (any integer type). */
  public long integer(String key) {
    return typed(key, Long.class, "an integer");
  }

  /** The floating-point value of {@code key} (f32 or f64). */
  public double real(String key) {
    return typed(key, Double.class, "a float");
  }

  /** The integer array at {@code key}, widened to long. */
  public long[] integers(String key) {
    return typed(key, long[].class, "an integer array");
  }

  /** The string array at {@code key}. */
  public List<String> strings(String key) {
    List<?> list = typed(key, List.class, "a string array");
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw new GgufFormatException(source + ": metadata '" + key + "' is not a string array");
      }
      out.add(s);
    }
    return out;
  }

  private <T> T typed(String key, Class<T> type, String what) {
    Object v = metadata.get(key);
    if (v == null) {
      throw new GgufFormatException(source + ": no metadata '" + key + "'");
    }
    if (!type.isInstance(v)) {
      throw new GgufFormatException(source + ": metadata '" + key + "' is not " + what);
    }
    return type.cast(v);
  }

  /** Value types of the GGUF spec, by their numbers. */
  static final int UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6,
      BOOL = 7, STRING = 8, ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12;

  /** Reads typed values off the buffer, naming the file and key on every error. */
  private record Reader(ByteBuffer buf, String source) {

    long count(String what) {
      long n = buf.getLong();
      if (n < 0 || n > buf.remaining()) {
        throw new GgufFormatException(source + ": implausible " + what + " " + Long.toUnsignedString(n));
      }
      return n;
    }

    String string(String what) {
      long len = buf.getLong();
      if (len < 0 || len > buf.remaining()) {
        throw new GgufFormatException(source + ": " + what + ": string length " + Long.toUnsignedString(len)
            + " runs past the end of the file");
      }
      ByteBuffer slice = buf.slice(buf.position(), (int) len);
      buf.position(buf.position() + (int) len);
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(slice).toString();
      } catch (CharacterCodingException e) {
        throw new GgufFormatException(source + ": " + what + ": invalid UTF-8");
      }
    }

    Object value(int type, String key) {
      return switch (type) {
        case UINT8 -> (long) (buf.get() & 0xFF);
        case INT8 -> (long) buf.get();
        case UINT16 -> (long) (buf.getShort() & 0xFFFF);
        case INT16 -> (long) buf.getShort();
        case UINT32 -> buf.getInt() & 0xFFFFFFFFL;
        case INT32 -> (long) buf.getInt();
        case UINT64, INT64 -> buf.getLong();
        case FLOAT32 -> (double) buf.getFloat();
        case FLOAT64 -> buf.getDouble();
        case BOOL -> bool(key);
        case STRING -> string("metadata '" + key + "'");
        case ARRAY -> array(key);
        default -> throw new GgufFormatException(source + ": metadata '" + key + "': unknown value type " + type);
      };
    }

    boolean bool(String key) {
      byte b = buf.get();
      if (b != 0 && b != 1) {
        throw new GgufFormatException(source + ": metadata '" + key + "': bool byte " + b);
      }
      return b == 1;
    }

    Object array(String key) {
      int type = buf.getInt();
      long n = count("length of array '" + key + "'");
      int len = (int) n;
      switch (type) {
        case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> {
          long[] a = new long[len];
          for (int i = 0; i < len; i++) {
            a[i] = (Long) value(type, key);
          }
          return a;
        }
        case FLOAT32, FLOAT64 -> {
          double[] a = new double[len];
          for (int i = 0; i < len; i++) {
            a[i] = (Double) value(type, key);
          }
          return a;
        }
        case BOOL -> {
          boolean[] a = new boolean[len];
          for (int i = 0; i < len; i++) {
            a[i] = bool(key);
          }
          return a;
        }
        case STRING, ARRAY -> {
          List<Object> a = new ArrayList<>(len);
          for (int i = 0; i < len; i++) {
            a.add(value(type, key));
          }
          return Collections.unmodifiableList(a);
        }
        default -> throw new GgufFormatException(source + ": metadata '" + key + "': unknown array element type " + type);
      }
    }
  }
}
