package org.falconet.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length, a JSON header mapping each tensor name
 * to {@code {dtype, shape, data_offsets:[begin,end]}} (offsets relative to the end of the header), then the raw
 * little-endian data. Every claim of the header is checked against the file before anything is mapped.
 */
public final class SafetensorsFile {
  /** Largest header we accept; the format's own reference implementation caps it at 100 MB. */
  static final long MAX_HEADER = 100_000_000L;

  /** One header entry: where a tensor lives in the file. */
  public record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  private final Path path;
  private final long dataStart;
  private final Map<String, Entry> entries;

  private SafetensorsFile(Path path, long dataStart, Map<String, Entry> entries) {
    this.path = path;
    this.dataStart = dataStart;
    this.entries = entries;
  }

  /** The file's path. */
  public Path path() {
    return path;
  }

  /** Header entries by name, in header order. */
  public Map<String, Entry> entries() {
    return entries;
  }

  /** Reads and validates the header of {@code path}; maps nothing yet. */
  public static SafetensorsFile open(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) throw new CheckpointException(path + ": truncated safetensors file (" + size + " bytes, no header)");
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.getLong(0);
      if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > size - 8) {
        throw new CheckpointException(path + ": safetensors header length " + headerLen
            + " is impossible for a file of " + size + " bytes (truncated or not safetensors)");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8);
      JsonNode header;
      try {
        header = new ObjectMapper().readTree(hb.array());
      } catch (IOException e) {
        throw new CheckpointException(path + ": safetensors header is not valid JSON");
      }
      if (header == null || !header.isObject()) throw new CheckpointException(path + ": safetensors header is not a JSON object");
      long dataStart = 8 + headerLen;
      long dataLen = size - dataStart;
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        var f = it.next();
        if (f.getKey().equals("__metadata__")) continue;
        entries.put(f.getKey(), parseEntry(path, f.getKey(), f.getValue(), dataLen));
      }
      checkNoOverlap(path, entries);
      return new SafetensorsFile(path, dataStart, entries);
    }
  }

  private static Entry parseEntry(Path path, String name, JsonNode e, long dataLen) throws CheckpointException {
    String where = path + ": tensor " + name;
    DType dtype = DType.parse(e.path("dtype").asText(""));
    if (dtype == null) throw new CheckpointException(where + ": dtype '" + e.path("dtype").asText() + "' is not F32, F16 or BF16");
    JsonNode sh = e.get("shape");
    JsonNode off = e.get("data_offsets");
    if (sh == null || !sh.isArray() || off == null || !off.isArray() || off.size() != 2) {
      throw new CheckpointException(where + ": header entry lacks shape or data_offsets");
    }
    long[] shape = new long[sh.size()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) {
      if (!sh.get(i).canConvertToLong() || sh.get(i).asLong() < 0) throw new CheckpointException(where + ": bad shape " + sh);
      shape[i] = sh.get(i).asLong();
      numel = Math.multiplyHigh(numel, shape[i]) != 0 ? -1 : numel * shape[i];
      if (numel < 0 || numel > (1L << 50)) throw new CheckpointException(where + ": shape " + sh + " is absurdly large");
    }
    if (!off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) throw new CheckpointException(where + ": bad data_offsets " + off);
    long begin = off.get(0).asLong();
    long end = off.get(1).asLong();
    if (begin < 0 || end < begin) throw new CheckpointException(where + ": data_offsets " + off + " are not an interval");
    if (end - begin != numel * dtype.size) {
      throw new CheckpointException(where + ": data_offsets " + off + " span " + (end - begin) + " bytes but "
          + dtype + sh + " needs " + numel * dtype.size);
    }
    if (end > dataLen) {
      throw new CheckpointException(where + ": data ends at byte " + end + " but the file has only " + dataLen
          + " bytes of data (truncated file?)");
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static void checkNoOverlap(Path path, Map<String, Entry> entries) throws CheckpointException {
    List<Entry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparingLong(Entry::begin));
    for (int i = 1; i < sorted.size(); i++) {
      Entry a = sorted.get(i - 1);
      Entry b = sorted.get(i);
      if (b.begin() < a.end()) {
        throw new CheckpointException(path + ": tensor " + b.name() + " overlaps tensor " + a.name() + " in the data");
      }
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) throw new IOException("unexpected end of file");
      pos += n;
    }
  }

  /** Memory-maps one tensor, in row-aligned chunks of at most 2 GiB. */
  public Tensor map(String name) throws IOException {
    Entry e = entries.get(name);
    if (e == null) throw new CheckpointException(path + ": no tensor " + name);
    long rows = e.shape().length == 0 ? 1 : e.shape()[0];
    long rowBytes = rows == 0 ? 0 : (e.end() - e.begin()) / rows;
    long maxChunk = Integer.MAX_VALUE - 7L;
    if (rowBytes > maxChunk) throw new CheckpointException(path + ": tensor " + name + " has rows over 2 GiB");
    int rowsPerChunk = rowBytes == 0 ? (int) Math.max(1, rows) : (int) Math.min(rows, maxChunk / rowBytes);
    rowsPerChunk = Math.max(1, rowsPerChunk);
    int nChunks = (int) Math.max(1, (rows + rowsPerChunk - 1) / rowsPerChunk);
    ByteBuffer[] chunks = new ByteBuffer[nChunks];
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      for (int c = 0; c < nChunks; c++) {
        long first = (long) c * rowsPerChunk;
        long n = Math.min(rowsPerChunk, rows - first);
        long len = Math.max(0, n * rowBytes);
        chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin() + first * rowBytes, len)
            .order(ByteOrder.LITTLE_ENDIAN);
      }
    }
    return new Tensor(name, e.dtype(), e.shape(), chunks, rowsPerChunk);
  }
}
