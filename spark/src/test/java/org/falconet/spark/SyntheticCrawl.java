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
 * A synthetic crawl of any size for scaling measurements, deterministic from a seed and written
 * outside the repository (never committed). Its pages are the sample crawl's response records (real
 * Common Crawl HTML in its real mix of languages, lengths, boilerplate and junk, so every stage does
 * its usual work and keeps its usual share), each drawn at random and made a new page: a new record
 * id, a new URL on the same host ({@code ?s=N}) and, in every run of text between HTML tags, its ASCII
 * words shuffled among their places (separators, markup and non-ASCII bytes stay put; short runs such
 * as menus barely change, like a site's boilerplate). Into that stream it plants what the three
 * deduplicators must find, against a sample of earlier pages of the whole crawl (so copies fall in
 * other files, on other executors):
 *
 * <ul>
 *   <li>{@link Params#exactShare}: an earlier page's body under a new URL (an exact duplicate:
 *       MinHash removes it);
 *   <li>{@link Params#nearShare}: an earlier page's body with one word pair in 300 swapped (a near
 *       duplicate: word 5-gram Jaccard about 0.97, above RefinedWeb's MinHash threshold);
 *   <li>{@link Params#urlShare}: a fresh body under an earlier page's URL (URL dedup removes it);
 *   <li>{@link Params#syndicatedShare}: a fresh page with one of {@link Params#syndicatedParagraphs}
 *       paragraphs of 400–800 bytes inserted after its longest paragraph (a span exact-substring dedup
 *       removes from every page but the first, where the extractor keeps it).
 * </ul>
 *
 * Files are of about {@link Params#fileBytes} gzipped, one gzip member per record as Common Crawl
 * writes them, until {@code totalBytes} are written.
 */
final class SyntheticCrawl {
  private SyntheticCrawl() {}

  /**
   * What to plant, as shares of the pages written.
   *
   * @param seed the generator's seed: the same seed, sample and sizes give the same files, byte for byte
   */
  record Params(long seed, long fileBytes, double exactShare, double nearShare, double urlShare,
      double syndicatedShare, int syndicatedParagraphs) {
    /** Shares of the order RefinedWeb reports for Common Crawl (MinHash and exact dedup remove some 10–20% each). */
    static Params defaults(long seed) {
      return new Params(seed, 8_000_000, 0.04, 0.06, 0.03, 0.05, 64);
    }

    Params {
      if (fileBytes < 100_000 || exactShare + nearShare + urlShare + syndicatedShare > 0.9 || syndicatedParagraphs < 1) {
        throw new IllegalArgumentException("bad synthetic-crawl parameters: " + this);
      }
    }
  }

  /** Pages kept for drawing duplicates from: a uniform sample of every page written so far. */
  private static final int RESERVOIR = 512;

  private record Page(String uri, byte[] block) {}

  private record Record(String header, byte[] block) {}

  /** Writes about {@code totalBytes} of gzipped WARC into {@code out} (created); returns the files in order. */
  static List<Path> generate(Path sample, long totalBytes, Params params, Path out) throws IOException {
    Files.createDirectories(out);
    List<Record> pool = new ArrayList<>();
    try (var s = Files.list(sample)) {
      for (Path in : s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList()) {
        pool.addAll(responses(in));
      }
    }
    if (pool.isEmpty()) {
      throw new IOException("no WARC response records in " + sample);
    }
    Random random = new Random(params.seed());
    List<byte[]> syndicated = new ArrayList<>();
    for (int k = 0; k < params.syndicatedParagraphs(); k++) {
      syndicated.add(paragraph(random));
    }
    List<Page> earlier = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    long written = 0;
    long n = 0;
    int fileCount = (int) Math.max(1, Math.round((double) totalBytes / params.fileBytes()));
    for (int f = 0; f < fileCount; f++) {
      Path file = out.resolve(String.format("synthetic-%05d.warc.gz", f));
      long fileTarget = (totalBytes - written) / (fileCount - f);
      long fileWritten = 0;
      try (var w = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        while (fileWritten < fileTarget) {
          Record source = pool.get(random.nextInt(pool.size()));
          String uri = targetUri(source.header());
          byte[] block = source.block().clone();
          shuffleWords(block, random);
          double u = random.nextDouble();
          if (!earlier.isEmpty() && u < params.exactShare()) {
            block = earlier.get(random.nextInt(earlier.size())).block().clone();
          } else if (!earlier.isEmpty() && (u -= params.exactShare()) < params.nearShare()) {
            block = earlier.get(random.nextInt(earlier.size())).block().clone();
            swapWords(block, random);
          } else if (!earlier.isEmpty() && (u -= params.nearShare()) < params.urlShare()) {
            uri = earlier.get(random.nextInt(earlier.size())).uri();
          } else if (u - params.urlShare() < params.syndicatedShare()) {
            block = insertBeforeBodyEnd(block, syndicated.get(random.nextInt(syndicated.size())));
          }
          String newUri = uri.equals(targetUri(source.header())) ? uri + (uri.contains("?") ? "&" : "?") + "s=" + n : uri;
          Page page = new Page(newUri, block);
          // Reservoir sampling (Vitter's algorithm R): every page so far equally likely to be copied.
          if (earlier.size() < RESERVOIR) {
            earlier.add(page);
          } else {
            long j = (long) (random.nextDouble() * (n + 1));
            if (j < RESERVOIR) {
              earlier.set((int) j, page);
            }
          }
          byte[] member = member(rewriteHeader(source.header(), newUri, params.seed() + ":" + n, block.length), block);
          w.write(member);
          fileWritten += member.length;
          n++;
        }
      }
      written += fileWritten;
      files.add(file);
    }
    return files;
  }

  /** The response records of a WARC file, header and block. */
  private static List<Record> responses(Path in) throws IOException {
    List<Record> out = new ArrayList<>();
    try (DataInputStream r = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(in), 1 << 16), 1 << 16))) {
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
        if (type.equals("response")) {
          out.add(new Record(header, block));
        }
      }
    }
    return out;
  }

  private static String targetUri(String header) {
    for (String line : header.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("warc-target-uri:")) {
        return line.substring(16).strip();
      }
    }
    return "http://synthetic.invalid/";
  }

  private static byte[] member(String header, byte[] block) throws IOException {
    ByteArrayOutputStream member = new ByteArrayOutputStream(block.length / 3 + 256);
    try (GZIPOutputStream gz = new GZIPOutputStream(member)) {
      gz.write(header.getBytes(StandardCharsets.ISO_8859_1));
      gz.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      gz.write(block);
      gz.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    return member.toByteArray();
  }

  /** A paragraph of 400–800 bytes of common English words, as syndicated text or a site-wide notice. */
  private static byte[] paragraph(Random random) {
    String[] words = ("the of and to in is that for it as was with be by on not he this are or his from at which "
        + "but have an they you were her she there been one all we their has would when if so no will more can "
        + "about time people year new said who could other into than then some what only its also after first "
        + "two may over most these our way work where many how well even because through any made state those "
        + "market report city government company system school water music world family history").split(" ");
    int target = 400 + random.nextInt(401);
    StringBuilder sb = new StringBuilder("<p>");
    int sentence = 0;
    while (sb.length() < target) {
      String w = words[random.nextInt(words.length)];
      sb.append(sentence == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
      sentence++;
      if (sentence > 8 && random.nextInt(6) == 0) {
        sb.append(". ");
        sentence = 0;
      } else {
        sb.append(' ');
      }
    }
    sb.setLength(sb.length() - 1);
    sb.append(".</p>\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The block with {@code html} inserted after its longest paragraph (else before {@code </body>}, else at the end), HTTP Content-Length fixed. */
  private static byte[] insertBeforeBodyEnd(byte[] block, byte[] html) {
    String s = new String(block, StandardCharsets.ISO_8859_1);
    int body = s.indexOf("\r\n\r\n");
    if (body < 0) {
      return block;
    }
    // After the page's longest paragraph, inside its main text where an extractor keeps it; else before </body>.
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    int at = -1;
    int longest = 0;
    for (int end = lower.indexOf("</p>", body); end >= 0; end = lower.indexOf("</p>", end + 4)) {
      int open = lower.lastIndexOf("<p", end);
      if (open > body && end - open > longest) {
        longest = end - open;
        at = end + 4;
      }
    }
    if (at < 0) {
      at = lower.lastIndexOf("</body>");
    }
    if (at < body) {
      at = s.length();
    }
    String http = s.substring(0, body);
    String payload = s.substring(body + 4, at) + new String(html, StandardCharsets.ISO_8859_1) + s.substring(at);
    http = http.replaceAll("(?im)^content-length:.*$", "Content-Length: " + payload.length());
    return (http + "\r\n\r\n" + payload).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Swaps one pair of ASCII words in 300 (at least one pair) among the body's text runs. */
  static void swapWords(byte[] block, Random random) {
    int body = indexOf(block, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (body < 0) {
      return;
    }
    List<int[]> words = new ArrayList<>();
    boolean inTag = false;
    for (int i = body + 4; i < block.length; i++) {
      byte c = block[i];
      if (c == '<') {
        inTag = true;
      } else if (c == '>') {
        inTag = false;
      } else if (!inTag && isLetter(c) && (i == 0 || !isLetter(block[i - 1]))) {
        int e = i;
        while (e < block.length && isLetter(block[e])) {
          e++;
        }
        words.add(new int[] {i, e});
      }
    }
    int swaps = Math.max(1, words.size() / 300);
    int done = 0;
    // Same-length, different words only (every offset stays put, and the page really changes); a
    // bounded number of tries, so a page without such a pair stays an exact copy.
    for (int tries = 0; done < swaps && tries < 200 * swaps && words.size() >= 2; tries++) {
      int[] a = words.get(random.nextInt(words.size()));
      int[] b = words.get(random.nextInt(words.size()));
      if (a[1] - a[0] != b[1] - b[0] || java.util.Arrays.equals(block, a[0], a[1], block, b[0], b[1])) {
        continue;
      }
      byte[] t = java.util.Arrays.copyOfRange(block, a[0], a[1]);
      System.arraycopy(block, b[0], block, a[0], t.length);
      System.arraycopy(t, 0, block, b[0], t.length);
      done++;
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

  /** The header with a new URI, a record id from {@code name}, the block's length, and no digests (the block changed). */
  private static String rewriteHeader(String header, String uri, String name, int length) {
    StringBuilder out = new StringBuilder();
    for (String line : header.split("\r\n")) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("warc-block-digest:") || lower.startsWith("warc-payload-digest:")) {
        continue;
      }
      if (lower.startsWith("warc-target-uri:")) {
        line = "WARC-Target-URI: " + uri;
      } else if (lower.startsWith("warc-record-id:")) {
        line = "WARC-Record-ID: <urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)) + ">";
      } else if (lower.startsWith("content-length:")) {
        line = "Content-Length: " + length;
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
