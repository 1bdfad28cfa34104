package org.falconet.spark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A larger crawl made from the sample crawl, for scaling measurements (written to a temporary
 * directory, never committed): copy {@code c} of each sample WARC file keeps its response records
 * with a new record id, a new URL ({@code ?copy=c}) and, in every run of text between HTML tags, its
 * ASCII words shuffled among their places (separators, markup and non-ASCII bytes stay put). The
 * pages keep their language, length and markup, so every stage does the same kind of work, but copies
 * are no longer near or URL duplicates of each other; short runs (menus, footers) barely change, like
 * a site's boilerplate. Copy 0 is the sample itself.
 */
final class SyntheticCrawl {
  private SyntheticCrawl() {}

  /** Writes {@code copies} copies of each {@code .warc.gz} in {@code sample} into {@code out}; returns the files. */
  static List<Path> write(Path sample, int copies, Path out) throws IOException {
    Files.createDirectories(out);
    List<Path> inputs;
    try (var s = Files.list(sample)) {
      inputs = s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
    }
    List<Path> files = new ArrayList<>();
    for (int c = 0; c < copies; c++) {
      for (Path in : inputs) {
        Path f = out.resolve(String.format("copy-%03d-%s", c, in.getFileName()));
        copy(in, c, f);
        files.add(f);
      }
    }
    return files;
  }

  private static void copy(Path in, int c, Path out) throws IOException {
    Random random = new Random(31L * c + in.getFileName().toString().hashCode());
    try (DataInputStream r = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(in), 1 << 16), 1 << 16));
         OutputStream w = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      String header;
      while ((header = readHeader(r)) != null) {
        long length = -1;
        String type = "";
        for (String line : header.split("\r\n")) {
          String lower = line.toLowerCase(java.util.Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Long.parseLong(line.substring(15).strip());
          } else if (lower.startsWith("warc-type:")) {
            type = line.substring(10).strip();
          }
        }
        if (length < 0) {
          throw new IOException(in + ": a WARC record without Content-Length");
        }
        byte[] block = new byte[(int) length];
        r.readFully(block);
        r.readFully(new byte[4]); // \r\n\r\n after the block
        if (!type.equals("response")) {
          continue;
        }
        if (c > 0) {
          header = rewriteHeader(header, c);
          shuffleWords(block, random);
        }
        ByteArrayOutputStream member = new ByteArrayOutputStream(block.length + header.length() + 8);
        try (GZIPOutputStream gz = new GZIPOutputStream(member)) {
          gz.write(header.getBytes(StandardCharsets.ISO_8859_1));
          gz.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
          gz.write(block);
          gz.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        member.writeTo(w); // one gzip member per record, as Common Crawl writes them
      }
    }
  }

  /** The header lines up to (not including) the blank line, each ending with CRLF; null at the end. */
  private static String readHeader(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      sb.append((char) b);
      if (b == '\n' && sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
        return sb.substring(0, sb.length() - 2);
      }
    }
    if (sb.toString().isBlank()) {
      return null;
    }
    throw new EOFException("truncated WARC header");
  }

  private static String rewriteHeader(String header, int c) {
    StringBuilder out = new StringBuilder();
    for (String line : header.split("\r\n")) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("warc-block-digest:") || lower.startsWith("warc-payload-digest:")) {
        continue; // the block changes
      }
      if (lower.startsWith("warc-target-uri:")) {
        String uri = line.substring(16).strip();
        line = "WARC-Target-URI: " + uri + (uri.contains("?") ? "&" : "?") + "copy=" + c;
      } else if (lower.startsWith("warc-record-id:")) {
        line = "WARC-Record-ID: <urn:uuid:" + UUID.nameUUIDFromBytes((line + c).getBytes(StandardCharsets.UTF_8)) + ">";
      }
      out.append(line).append("\r\n");
    }
    return out.toString();
  }

  /** In each run of bytes between {@code >} and {@code <} of the HTTP body, the ASCII words shuffled among their places. */
  static void shuffleWords(byte[] block, Random random) {
    int body = indexOf(block, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (body < 0) {
      return;
    }
    int i = body + 4;
    while (i < block.length) {
      int gt = i;
      while (gt < block.length && block[gt] != '>') {
        gt++;
      }
      int lt = gt + 1;
      while (lt < block.length && block[lt] != '<') {
        lt++;
      }
      shuffleRun(block, gt + 1, Math.min(lt, block.length), random);
      i = lt;
    }
  }

  private static void shuffleRun(byte[] b, int from, int to, Random random) {
    List<int[]> words = new ArrayList<>();
    int i = from;
    while (i < to) {
      if (isLetter(b[i])) {
        int s = i;
        while (i < to && isLetter(b[i])) {
          i++;
        }
        words.add(new int[] {s, i});
      } else {
        i++;
      }
    }
    if (words.size() < 2) {
      return;
    }
    List<byte[]> texts = new ArrayList<>();
    for (int[] w : words) {
      texts.add(java.util.Arrays.copyOfRange(b, w[0], w[1]));
    }
    java.util.Collections.shuffle(texts, random);
    // Reassemble: shuffled words, original separators, same total length.
    byte[] run = new byte[to - from];
    int at = 0;
    int prevEnd = from;
    for (int k = 0; k < words.size(); k++) {
      int[] w = words.get(k);
      System.arraycopy(b, prevEnd, run, at, w[0] - prevEnd);
      at += w[0] - prevEnd;
      System.arraycopy(texts.get(k), 0, run, at, texts.get(k).length);
      at += texts.get(k).length;
      prevEnd = w[1];
    }
    System.arraycopy(b, prevEnd, run, at, to - prevEnd);
    System.arraycopy(run, 0, b, from, run.length);
  }

  private static boolean isLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int indexOf(byte[] b, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= b.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (b[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
