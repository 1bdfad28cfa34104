package org.falconet.dedup.exact.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of any size read as bytes at 64-bit positions through memory-mapped segments of 1 GiB: the
 * concatenated corpus when it is larger than one Java array.
 */
public final class MappedText implements Closeable {
  private static final int SEGMENT_BITS = 30;
  private static final long SEGMENT = 1L << SEGMENT_BITS;
  private final FileChannel channel;
  private final MappedByteBuffer[] segments;
  private final long length;

  public MappedText(Path file) throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.READ);
    length = channel.size();
    int count = (int) ((length + SEGMENT - 1) / SEGMENT);
    segments = new MappedByteBuffer[count];
    for (int i = 0; i < count; i++) {
      long start = i * SEGMENT;
      segments[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(SEGMENT, length - start));
    }
  }

  public long length() {
    return length;
  }

  /** The byte at {@code pos}, unsigned. */
  public int at(long pos) {
    return segments[(int) (pos >>> SEGMENT_BITS)].get((int) (pos & (SEGMENT - 1))) & 0xFF;
  }

  /** The 8 bytes from {@code pos} as one big-endian long (0 bytes past the end): a fast compare key. */
  public long prefix8(long pos) {
    int seg = (int) (pos >>> SEGMENT_BITS);
    int off = (int) (pos & (SEGMENT - 1));
    if (seg < segments.length && off + 8 <= segments[seg].capacity()) {
      return segments[seg].getLong(off); // MappedByteBuffer is big-endian by default
    }
    long v = 0;
    for (int d = 0; d < 8; d++) {
      v = (v << 8) | (pos + d < length ? at(pos + d) : 0);
    }
    return v;
  }

  /** Copies {@code len} bytes from {@code pos} into {@code dst[0, len)}. */
  public void read(long pos, byte[] dst, int len) {
    int done = 0;
    while (done < len) {
      long p = pos + done;
      MappedByteBuffer seg = segments[(int) (p >>> SEGMENT_BITS)];
      int off = (int) (p & (SEGMENT - 1));
      int n = Math.min(len - done, seg.capacity() - off);
      seg.get(off, dst, done, n);
      done += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
