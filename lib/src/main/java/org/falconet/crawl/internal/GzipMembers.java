package org.falconet.crawl.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks the gzip members of a file with positional reads, so that after a damaged member it can
 * step back and resync at the next gzip header; each intact member is handed to
 * {@link RecordFramer#split} to be cut into records.
 */
final class GzipMembers {
  private final FileChannel ch;
  private final long size;
  private final Consumer<RecordFramer.Chunk> sink;
  private final Inflater inflater = new Inflater(true);
  private final byte[] in = new byte[1 << 16];
  private byte[] out = new byte[1 << 16];
  /** A window on the file: bytes {@code [winStart, winStart + winLen)}. */
  private final byte[] win = new byte[1 << 20];
  private long winStart;
  private int winLen;

  GzipMembers(FileChannel ch, long size, Consumer<RecordFramer.Chunk> sink) {
    this.ch = ch;
    this.size = size;
    this.sink = sink;
  }

  void run() throws IOException {
    long pos = 0;
    boolean resyncing = false;
    try {
      while (pos < size) {
        Member m = inflate(pos);
        if (m.error == null) {
          resyncing = false;
          RecordFramer.split(Arrays.copyOf(out, m.length), pos, true, sink);
          pos = m.next;
          continue;
        }
        if (!resyncing) {
          if (m.error.equals("trailing_bytes")) {
            if (!allPadding(pos)) {
              sink.accept(new RecordFramer.Damaged(pos, "corrupt_gzip_member", "bytes that are not a gzip member"));
            }
          } else {
            sink.accept(new RecordFramer.Damaged(pos, m.error, m.detail));
          }
        }
        resyncing = true;
        long next = nextMagic(pos + 1);
        if (next < 0) {
          return;
        }
        pos = next;
      }
    } finally {
      inflater.end();
    }
  }

  private record Member(int length, long next, String error, String detail) {}

  private Member inflate(long start) throws IOException {
    byte[] h = read(start, 10);
    boolean magic = h.length >= 1 && (h[0] & 0xff) == 0x1f && (h.length < 2 || (h[1] & 0xff) == 0x8b)
        && (h.length < 3 || h[2] == 8);
    if (!magic) {
      return new Member(0, 0, "trailing_bytes", null);
    }
    if (h.length < 10) {
      return new Member(0, 0, "truncated_gzip_member", "gzip header cut short");
    }
    int flags = h[3] & 0xff;
    if ((flags & 0xe0) != 0) {
      return new Member(0, 0, "corrupt_gzip_member", "reserved gzip flags set");
    }
    long p = start + 10;
    if ((flags & 4) != 0) { // FEXTRA
      byte[] x = read(p, 2);
      if (x.length < 2) {
        return new Member(0, 0, "truncated_gzip_member", "gzip header cut short");
      }
      p += 2 + ((x[0] & 0xff) | (x[1] & 0xff) << 8);
    }
    for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
      if ((flags & bit) != 0) {
        long z = find0(p);
        if (z < 0) {
          return new Member(0, 0, "truncated_gzip_member", "gzip header cut short");
        }
        p = z + 1;
      }
    }
    if ((flags & 2) != 0) { // FHCRC
      p += 2;
    }
    inflater.reset();
    int n = 0;
    long fed = p;
    try {
      while (!inflater.finished()) {
        if (inflater.needsInput()) {
          if (!cover(fed)) {
            return new Member(0, 0, "truncated_gzip_member", "file ends inside a gzip member");
          }
          int off = (int) (fed - winStart);
          inflater.setInput(win, off, winLen - off);
          fed = winStart + winLen;
        }
        if (n == out.length) {
          if (out.length >= RecordFramer.MAX_PIECE) {
            return new Member(0, 0, "oversized_record", "gzip member inflates past " + RecordFramer.MAX_PIECE + " bytes");
          }
          out = Arrays.copyOf(out, (int) Math.min(RecordFramer.MAX_PIECE, out.length * 2L));
        }
        int k = inflater.inflate(out, n, out.length - n);
        n += k;
        if (k == 0 && (inflater.needsDictionary())) {
          return new Member(0, 0, "corrupt_gzip_member", "deflate stream asks for a dictionary");
        }
      }
    } catch (DataFormatException e) {
      return new Member(0, 0, "corrupt_gzip_member", "bad deflate data: " + e.getMessage());
    }
    long end = fed - inflater.getRemaining();
    byte[] t = read(end, 8);
    if (t.length < 8) {
      return new Member(0, 0, "truncated_gzip_member", "gzip trailer cut short");
    }
    CRC32 crc = new CRC32();
    crc.update(out, 0, n);
    long want = (t[0] & 0xffL) | (t[1] & 0xffL) << 8 | (t[2] & 0xffL) << 16 | (t[3] & 0xffL) << 24;
    long isize = (t[4] & 0xffL) | (t[5] & 0xffL) << 8 | (t[6] & 0xffL) << 16 | (t[7] & 0xffL) << 24;
    if (crc.getValue() != want || (n & 0xffffffffL) != isize) {
      return new Member(0, 0, "corrupt_gzip_member", "gzip CRC or length check failed");
    }
    return new Member(n, end + 8, null, null);
  }

  /** Makes the window hold the byte at {@code at} (and what follows); false at the end of the file. */
  private boolean cover(long at) throws IOException {
    if (at >= winStart && at < winStart + winLen) {
      return true;
    }
    if (at >= size) {
      return false;
    }
    ByteBuffer b = ByteBuffer.wrap(win);
    while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
      // positional reads until the window is full or the file ends
    }
    winStart = at;
    winLen = b.position();
    return winLen > 0;
  }

  private byte[] read(long at, int n) throws IOException {
    int want = (int) Math.max(0, Math.min(n, size - at));
    if (want > 0 && cover(at) && at + want > winStart + winLen) {
      winLen = 0; // too close to the window's end: reload it from here
      cover(at);
    }
    if (want == 0 || !cover(at)) {
      return new byte[0];
    }
    int off = (int) (at - winStart);
    return Arrays.copyOfRange(win, off, off + Math.min(want, winLen - off));
  }

  private long find0(long from) throws IOException {
    for (long p = from; p < size; p += in.length) {
      byte[] b = read(p, in.length);
      for (int i = 0; i < b.length; i++) {
        if (b[i] == 0) {
          return p + i;
        }
      }
    }
    return -1;
  }

  private boolean allPadding(long from) throws IOException {
    for (long p = from; p < size; p += in.length) {
      for (byte x : read(p, in.length)) {
        if (x != 0 && x != '\r' && x != '\n' && x != ' ') {
          return false;
        }
      }
    }
    return true;
  }

  /** Offset of the next {@code 1f 8b 08} at or after {@code from}; -1 if none. */
  private long nextMagic(long from) throws IOException {
    for (long p = from; p < size; p += in.length - 2) {
      byte[] b = read(p, in.length);
      for (int i = 0; i + 2 < b.length; i++) {
        if ((b[i] & 0xff) == 0x1f && (b[i + 1] & 0xff) == 0x8b && b[i + 2] == 8) {
          return p + i;
        }
      }
      if (b.length < in.length) {
        return -1;
      }
    }
    return -1;
  }
}
