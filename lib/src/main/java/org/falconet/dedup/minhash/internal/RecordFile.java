package org.falconet.dedup.minhash.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fixed-size little-endian records on disk: band keys {@code long key} of 8 bytes (the document is
 * the record's position), bucket records {@code (long key, int doc)} of 12 bytes (sorted runs) and
 * edge records {@code (int a, int b)} of 8 bytes, written and read through a private buffer (no
 * per-record locking or boxing).
 */
public final class RecordFile {
  /** Bytes of a band key record: a 64-bit key, the document implicit in its position. */
  public static final int KEY_BYTES = 8;
  /** Bytes of a bucket record: a 64-bit band key and a 32-bit document index. */
  public static final int BUCKET_BYTES = 12;
  /** Bytes of an edge record: two 32-bit document indexes. */
  public static final int EDGE_BYTES = 8;

  private RecordFile() {}

  /** Appends records to a new file. */
  public static final class Writer implements Closeable {
    private final FileChannel ch;
    private final ByteBuffer buf;

    public Writer(Path file, int bufferBytes) throws IOException {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
      buf = ByteBuffer.allocate(bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public void bucket(long key, int doc) throws IOException {
      if (buf.remaining() < BUCKET_BYTES) {
        flush();
      }
      buf.putLong(key).putInt(doc);
    }

    public void key(long key) throws IOException {
      if (buf.remaining() < KEY_BYTES) {
        flush();
      }
      buf.putLong(key);
    }

    public void edge(int a, int b) throws IOException {
      if (buf.remaining() < EDGE_BYTES) {
        flush();
      }
      buf.putInt(a).putInt(b);
    }

    private void flush() throws IOException {
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }

    @Override
    public void close() throws IOException {
      try {
        flush();
      } finally {
        ch.close();
      }
    }
  }

  /**
   * Reads {@code count} 8-byte keys from key record {@code first} on into {@code dst[0, count)}, in
   * bulk (about the speed of the disk).
   */
  public static void readKeys(Path file, long first, long[] dst, int count) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() < (first + count) * KEY_BYTES) {
        throw new IOException("truncated key file " + file + ": " + ch.size() + " bytes, need "
            + (first + count) * KEY_BYTES);
      }
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      long pos = first * KEY_BYTES;
      int done = 0;
      while (done < count) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), (long) (count - done) * KEY_BYTES));
        while (buf.hasRemaining()) {
          int r = ch.read(buf, pos);
          if (r < 0) {
            throw new IOException("truncated key file " + file);
          }
          pos += r;
        }
        buf.flip();
        int k = buf.remaining() / KEY_BYTES;
        buf.asLongBuffer().get(dst, done, k);
        done += k;
      }
    }
  }

  /** Reads records of one size sequentially. */
  public static final class Reader implements Closeable {
    private final FileChannel ch;
    private final ByteBuffer buf;
    private final int recordBytes;
    private long left;

    public Reader(Path file, int recordBytes, int bufferBytes) throws IOException {
      this(file, recordBytes, bufferBytes, 0, -1);
    }

    /** Reads {@code count} records from record {@code first} on ({@code count < 0}: to the end). */
    public Reader(Path file, int recordBytes, int bufferBytes, long first, long count) throws IOException {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      this.recordBytes = recordBytes;
      long total = ch.size() / recordBytes;
      left = count < 0 ? total - first : Math.min(count, total - first);
      ch.position(first * recordBytes);
      buf = ByteBuffer.allocate(bufferBytes - bufferBytes % recordBytes).order(ByteOrder.LITTLE_ENDIAN);
      buf.limit(0);
    }

    /** Records not yet read. */
    public long remaining() {
      return left;
    }

    /** Makes the next record readable by {@link #getLong()}/{@link #getInt()}; false at the end. */
    public boolean next() throws IOException {
      if (left == 0) {
        return false;
      }
      if (buf.remaining() < recordBytes) {
        buf.compact();
        while (buf.position() < recordBytes) {
          if (ch.read(buf) < 0) {
            throw new IOException("truncated record file");
          }
        }
        buf.flip();
      }
      left--;
      return true;
    }

    public long getLong() {
      return buf.getLong();
    }

    public int getInt() {
      return buf.getInt();
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}
