package org.falconet.crawl.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a WARC file (plain, or gzip with one or more members) into the bytes of single records,
 * before any parsing, so that damage stays local: a broken gzip member, a truncated record or a
 * wrong {@code Content-Length} becomes one {@link Damaged} chunk and framing resumes at the next
 * gzip member or the next {@code WARC/} line.
 *
 * <p>Framing only moves forward: a record is emitted once its own bytes (and, for gzip, its member's
 * trailer) have been read and checked, never depending on what follows. So damage at byte {@code x}
 * cannot change any record that ends before {@code x}.
 */
public final class RecordFramer {

  /** One piece of the file, in file order. */
  public sealed interface Chunk {
    /** Where it starts in the file (for gzip, the offset of its member). */
    long offset();
  }

  /** The bytes of one record: header, blank line and block, without the trailing CRLF CRLF. */
  public record Good(long offset, byte[] bytes) implements Chunk {}

  /** Bytes that cannot be framed as a record, with a {@code snake_case} reason and a detail. */
  public record Damaged(long offset, String reason, String detail) implements Chunk {}

  /** Decompressed member or plain file size above which framing gives up on the piece. */
  static final long MAX_PIECE = 1L << 30; // 1 GiB: far above Common Crawl's 1 MiB payload truncation

  private static final byte[] WARC_MAGIC = "WARC/".getBytes(StandardCharsets.US_ASCII);

  private RecordFramer() {}

  /**
   * Frames every record of {@code file}, gzip or not (decided by the first two bytes).
   *
   * @throws IOException only if the file cannot be opened or read from the disk
   */
  public static void frame(Path file, Consumer<Chunk> sink) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer head = ByteBuffer.allocate(2);
      ch.read(head, 0);
      if (size >= 2 && (head.get(0) & 0xff) == 0x1f && (head.get(1) & 0xff) == 0x8b) {
        new GzipMembers(ch, size, sink).run();
      } else {
        if (size > MAX_PIECE) {
          sink.accept(new Damaged(0, "oversized_record",
              "uncompressed WARC larger than " + MAX_PIECE + " bytes; compress it with one gzip member per record"));
          return;
        }
        split(Files.readAllBytes(file), 0, false, sink);
      }
    }
  }

  /**
   * Splits decompressed bytes into records. In member mode every chunk reports {@code base} (the
   * member's offset); otherwise chunks report {@code base + position}.
   */
  static void split(byte[] data, long base, boolean memberMode, Consumer<Chunk> sink) {
    int pos = 0;
    int len = data.length;
    while (true) {
      while (pos < len && (data[pos] == '\r' || data[pos] == '\n')) {
        pos++;
      }
      if (pos >= len) {
        return;
      }
      long at = memberMode ? base : base + pos;
      if (!startsWith(data, pos, WARC_MAGIC)) {
        sink.accept(new Damaged(at, "malformed_warc_header", "no 'WARC/' version line"));
        int next = nextRecordStart(data, pos + 1);
        if (next < 0) {
          return;
        }
        pos = next;
        continue;
      }
      int headerEnd = indexOf(data, pos, "\r\n\r\n");
      int sepLen = 4;
      int lf = indexOf(data, pos, "\n\n");
      if (lf >= 0 && (headerEnd < 0 || lf < headerEnd)) {
        headerEnd = lf;
        sepLen = 2;
      }
      if (headerEnd < 0) {
        sink.accept(new Damaged(at, "truncated_record", "WARC header not terminated"));
        return;
      }
      long contentLength = contentLength(data, pos, headerEnd);
      if (contentLength < 0) {
        sink.accept(new Damaged(at, "missing_warc_header", "Content-Length missing or invalid"));
        int next = nextRecordStart(data, headerEnd);
        if (next < 0) {
          return;
        }
        pos = next;
        continue;
      }
      long end = (long) headerEnd + sepLen + contentLength;
      if (end > len) {
        int next = nextRecordStart(data, headerEnd);
        if (next >= 0) {
          sink.accept(new Damaged(at, "content_length_mismatch",
              "Content-Length " + contentLength + " runs into the next record"));
          pos = next;
          continue;
        }
        sink.accept(new Damaged(at, "truncated_record",
            "record ends " + (end - len) + " bytes short of its Content-Length " + contentLength));
        return;
      }
      int e = (int) end;
      int trailer = trailerLength(data, e);
      if (trailer < 0) {
        sink.accept(new Damaged(at, "content_length_mismatch",
            "no blank line after the " + contentLength + " bytes the header announces"));
        int next = nextRecordStart(data, headerEnd);
        if (next < 0) {
          return;
        }
        pos = next;
        continue;
      }
      sink.accept(new Good(at, Arrays.copyOfRange(data, pos, e)));
      pos = e + trailer;
    }
  }

  /** Length of the record trailer at {@code e}: CRLF CRLF (or LF LF, or end of data); -1 if absent. */
  private static int trailerLength(byte[] d, int e) {
    int len = d.length;
    if (e == len) {
      return 0;
    }
    if (startsWith(d, e, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
      return 4;
    }
    if (startsWith(d, e, "\n\n".getBytes(StandardCharsets.US_ASCII))) {
      return 2;
    }
    // Lenient about a short trailer at the very end, or before the next record.
    int k = e;
    while (k < len && (d[k] == '\r' || d[k] == '\n')) {
      k++;
    }
    return k == len || (k > e && startsWith(d, k, WARC_MAGIC)) ? k - e : -1;
  }

  private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);

  /** The value of the first Content-Length field in {@code d[from, to)}; -1 if absent or invalid. */
  private static long contentLength(byte[] d, int from, int to) {
    for (int line = from; line < to; ) {
      int eol = line;
      while (eol < to && d[eol] != '\n') {
        eol++;
      }
      if (eol - line > CONTENT_LENGTH.length && isBlankUntilColon(d, line + CONTENT_LENGTH.length, eol)) {
        boolean name = true;
        for (int i = 0; i < CONTENT_LENGTH.length && name; i++) {
          name = (d[line + i] | 0x20) == CONTENT_LENGTH[i];
        }
        if (name) {
          String v = new String(d, line, eol - line, StandardCharsets.ISO_8859_1);
          try {
            long n = Long.parseLong(v.substring(v.indexOf(':') + 1).trim());
            return n >= 0 ? n : -1;
          } catch (NumberFormatException e) {
            return -1;
          }
        }
      }
      line = eol + 1;
    }
    return -1;
  }

  private static boolean isBlankUntilColon(byte[] d, int from, int to) {
    for (int i = from; i < to; i++) {
      if (d[i] == ':') {
        return true;
      }
      if (d[i] != ' ' && d[i] != '\t') {
        return false;
      }
    }
    return false;
  }

  /** The next {@code WARC/} at the start of a line, at or after {@code from}; -1 if none. */
  static int nextRecordStart(byte[] d, int from) {
    for (int i = Math.max(from, 1); i <= d.length - WARC_MAGIC.length; i++) {
      if (d[i] == 'W' && d[i - 1] == '\n' && startsWith(d, i, WARC_MAGIC)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] d, int at, byte[] prefix) {
    if (at < 0 || at + prefix.length > d.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (d[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] d, int from, String s) {
    byte[] p = s.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = from; i <= d.length - p.length; i++) {
      for (int j = 0; j < p.length; j++) {
        if (d[i + j] != p[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
