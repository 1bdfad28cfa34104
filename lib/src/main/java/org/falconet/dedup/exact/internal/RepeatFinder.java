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
      int[] heap = new int[m];
      int size = 0;
      for (int c = 0; c < m; c++) {
        if (runs[c].hasRemaining()) {
          head[c] = runs[c].get();
          heap[size++] = c;
        }
      }
      for (int i = size / 2 - 1; i >= 0; i--) {
        siftDown(text, k, heap, size, head, i);
      }
      DuplicateSpans spans = new DuplicateSpans(text.length(), keepFirst);
      long prev = -1;
      while (size > 0) {
        int c = heap[0];
        long pos = head[c];
        spans.next(pos, prev >= 0 && sharesPrefix(text, prev, pos, k));
        prev = pos;
        if (runs[c].hasRemaining()) {
          head[c] = runs[c].get();
        } else {
          heap[0] = heap[--size];
        }
        siftDown(text, k, heap, size, head, 0);
      }
      return spans.finish();
    } finally {
      for (FileChannel ch : channels) {
        ch.close();
      }
    }
  }

  /** True if the suffixes at {@code p} and {@code q} agree on {@code k} bytes with no separator among them. */
  static boolean sharesPrefix(MappedText t, long p, long q, int k) {
    long len = t.length();
    for (int d = 0; d < k; d++) {
      if (p + d >= len || q + d >= len) {
        return false;
      }
      int a = t.at(p + d);
      if (a == SEPARATOR || a != t.at(q + d)) {
        return false;
      }
    }
    return true;
  }

  /** Order on the first {@code k} bytes, cut after a separator; ties by chunk. */
  private static int compare(MappedText t, int k, long p, long q) {
    long len = t.length();
    for (int d = 0; d < k; d++) {
      int a = p + d < len ? t.at(p + d) : -1;
      int b = q + d < len ? t.at(q + d) : -1;
      if (a != b) {
        return a < b ? -1 : 1;
      }
      if (a == SEPARATOR || a < 0) {
        return 0;
      }
    }
    return 0;
  }

  private static boolean less(MappedText t, int k, long[] head, int a, int b) {
    int c = compare(t, k, head[a], head[b]);
    return c < 0 || (c == 0 && a < b);
  }

  private static void siftDown(MappedText t, int k, int[] heap, int size, long[] head, int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int s = l + 1 < size && less(t, k, head, heap[l + 1], heap[l]) ? l + 1 : l;
      if (!less(t, k, head, heap[s], heap[i])) {
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
