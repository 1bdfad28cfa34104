package org.falconet.dedup.exact.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.falconet.dedup.exact.SuffixArray;

/**
 * Finds the repeated spans of a corpus text (documents joined, each followed by the separator byte
 * {@code 0xFF}, which UTF-8 never contains) and returns the bitmap of {@link DuplicateSpans span
 * starts}.
 *
 * <p>In memory when the text fits one array: SA-IS, the LCP array (as PLCP, by Φ), and one scan of the suffix array
 * where {@code lcp >= k} with no separator within the first {@code k} bytes continues a group.
 *
 * <p>In chunks otherwise, as the Lee et al. tool does: the text file is memory-mapped; each chunk of
 * whole documents gets its own suffix array by SA-IS, saved as 64-bit corpus offsets in a file of
 * its own (a chunk whose file exists is not rebuilt: the step resumes); the chunks' arrays are then
 * merged with a heap, comparing suffixes on their first {@code k} bytes up to a separator. Each
 * chunk's full suffix order refines that comparison (no such prefix is a proper prefix of another),
 * so the merge yields every group of equal {@code k}-byte prefixes contiguously, and both ways mark
 * the same spans.
 */
public final class RepeatFinder {
  /** The byte that ends every document in the corpus text. */
  public static final int SEPARATOR = 0xFF;

  private RepeatFinder() {}

  /**
   * Span starts of {@code text[0, n)} by an in-memory suffix array.
   *
   * @param separators positions of the separator bytes, ascending
   */
  public static long[] inMemory(byte[] text, int n, long[] separators, int k, boolean keepFirst) {
    int[] sa = SuffixArray.build(text, n);
    int[] plcp = SuffixArray.plcp(n == text.length ? text : Arrays.copyOf(text, n), sa);
    DuplicateSpans spans = new DuplicateSpans(n, keepFirst);
    for (int r = 0; r < n; r++) {
      boolean same = r > 0 && plcp[sa[r]] >= k && nextSeparator(separators, sa[r]) - sa[r] >= k;
      spans.next(sa[r], same);
    }
    return spans.finish();
  }

  /**
   * Span starts of the text in {@code textFile} by chunked suffix arrays of at most
   * {@code chunkBytes} bytes (a longer document is a chunk of its own), kept in {@code dir}.
   */
  public static long[] chunked(Path textFile, long[] separators, long chunkBytes, int k, boolean keepFirst,
      Path dir) throws IOException {
    Files.createDirectories(dir);
    try (MappedText text = new MappedText(textFile)) {
      List<long[]> chunks = chunks(separators, chunkBytes);
      List<Path> files = new ArrayList<>();
      for (int c = 0; c < chunks.size(); c++) {
        Path f = dir.resolve(String.format("chunk-%05d.sa", c));
        files.add(f);
        if (!Files.exists(f)) {
          writeChunk(text, chunks.get(c)[0], chunks.get(c)[1], f);
        }
      }
      return merge(text, files, k, keepFirst);
    }
  }

  /** Chunks {@code [start, end)} ending just after a separator, each of at most {@code chunkBytes} bytes if it can. */
  static List<long[]> chunks(long[] separators, long chunkBytes) {
    List<long[]> out = new ArrayList<>();
    long start = 0;
    long end = 0;
    for (long sep : separators) {
      long docEnd = sep + 1;
      if (docEnd - start > chunkBytes && end > start) {
        out.add(new long[] {start, end});
        start = end;
      }
      end = docEnd;
    }
    if (end > start) {
      out.add(new long[] {start, end});
    }
    return out;
  }

  private static void writeChunk(MappedText text, long start, long end, Path file) throws IOException {
    if (end - start > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a document of " + (end - start) + " bytes is too long for one suffix array");
    }
    byte[] bytes = new byte[(int) (end - start)];
    text.read(start, bytes, bytes.length);
    int[] sa = SuffixArray.build(bytes);
    Path tmp = file.resolveSibling(".tmp-" + file.getFileName());
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (int p : sa) {
        if (!buf.hasRemaining()) {
          drain(ch, buf);
        }
        buf.putLong(start + p);
      }
      drain(ch, buf);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }

  /** Heap merge of the chunks' suffix arrays (64-bit offsets, memory-mapped), marking groups as they pass. */
  private static long[] merge(MappedText text, List<Path> files, int k, boolean keepFirst) throws IOException {
    int m = files.size();
    List<FileChannel> channels = new ArrayList<>();
    try {
      java.nio.LongBuffer[] runs = new java.nio.LongBuffer[m];
      for (int c = 0; c < m; c++) {
        FileChannel ch = FileChannel.open(files.get(c), StandardOpenOption.READ);
        channels.add(ch);
        // A chunk has at most 2^27 suffixes (Params caps chunks): 1 GiB of offsets, one mapping.
        runs[c] = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      }
      long[] head = new long[m];
      long[] prefix = new long[m];
      int[] heap = new int[m];
      int size = 0;
      for (int c = 0; c < m; c++) {
        if (runs[c].hasRemaining()) {
          head[c] = runs[c].get();
          prefix[c] = text.prefix8(head[c]);
          heap[size++] = c;
        }
      }
      for (int i = size / 2 - 1; i >= 0; i--) {
        siftDown(text, k, heap, size, head, prefix, i);
      }
      DuplicateSpans spans = new DuplicateSpans(text.length(), keepFirst);
      long prev = -1;
      long prevPrefix = 0;
      while (size > 0) {
        int c = heap[0];
        long pos = head[c];
        long pre = prefix[c];
        // Different first 8 bytes (k >= 8) settle it at once; else compare up to k bytes.
        boolean same = prev >= 0 && (k < 8 || pre == prevPrefix) && sharesPrefix(text, prev, pos, k);
        spans.next(pos, same);
        prev = pos;
        prevPrefix = pre;
        if (runs[c].hasRemaining()) {
          head[c] = runs[c].get();
          prefix[c] = text.prefix8(head[c]);
        } else {
          heap[0] = heap[--size];
        }
        siftDown(text, k, heap, size, head, prefix, 0);
      }
      return spans.finish();
    } finally {
      for (FileChannel ch : channels) {
        ch.close();
      }
    }
  }

  /*
   * Suffix comparisons read 8 bytes at a time (MappedText.prefix8, big-endian, so an unsigned
   * comparison of two words is the comparison of their first differing bytes). Past the end of the
   * text the words hold zeros, but the text ends with a separator, which every comparison stops at.
   */

  /** True if the suffixes at {@code p} and {@code q} agree on {@code k} bytes with no separator among them. */
  static boolean sharesPrefix(MappedText t, long p, long q, int k) {
    for (int d = 0; d < k; d += 8) {
      long a = t.prefix8(p + d);
      long b = t.prefix8(q + d);
      int lim = Math.min(8, k - d);
      if (a != b && Long.numberOfLeadingZeros(a ^ b) >>> 3 < lim) {
        return false;
      }
      if (firstSeparator(a, lim) < lim) {
        return false;
      }
    }
    return true;
  }

  /** Order on the first {@code k} bytes, cut after a separator. */
  private static int compare(MappedText t, int k, long p, long q) {
    for (int d = 0; d < k; d += 8) {
      long a = t.prefix8(p + d);
      long b = t.prefix8(q + d);
      int lim = Math.min(8, k - d);
      int diff = a == b ? 8 : Long.numberOfLeadingZeros(a ^ b) >>> 3;
      if (firstSeparator(a, Math.min(diff, lim)) < Math.min(diff, lim)) {
        return 0; // both reach the same separator before any difference
      }
      if (diff < lim) {
        return Long.compareUnsigned(a, b);
      }
    }
    return 0;
  }

  /** Index of the first 0xFF among the first {@code lim} bytes of big-endian {@code w}, or {@code lim}. */
  private static int firstSeparator(long w, int lim) {
    for (int i = 0; i < lim; i++) {
      if ((w >>> (56 - 8 * i) & 0xFF) == SEPARATOR) {
        return i;
      }
    }
    return lim;
  }

  /**
   * Heap order: first by the raw first 8 bytes, then by {@link #compare}. Raw bytes past a separator
   * may order suffixes whose k-byte keys are equal, which is harmless: the order only has to refine
   * the key order for every group of equal keys to come out contiguous.
   */
  private static boolean less(MappedText t, int k, long[] head, long[] prefix, int a, int b) {
    int c = Long.compareUnsigned(prefix[a], prefix[b]);
    if (c == 0) {
      c = compare(t, k, head[a], head[b]);
    }
    return c < 0 || (c == 0 && a < b);
  }

  private static void siftDown(MappedText t, int k, int[] heap, int size, long[] head, long[] prefix, int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int s = l + 1 < size && less(t, k, head, prefix, heap[l + 1], heap[l]) ? l + 1 : l;
      if (!less(t, k, head, prefix, heap[s], heap[i])) {
        return;
      }
      int tmp = heap[i];
      heap[i] = heap[s];
      heap[s] = tmp;
      i = s;
    }
  }

  /** The position of the first separator at or after {@code pos}. */
  static long nextSeparator(long[] separators, long pos) {
    int i = Arrays.binarySearch(separators, pos);
    if (i < 0) {
      i = -i - 1;
    }
    return i < separators.length ? separators[i] : Long.MAX_VALUE;
  }
}
