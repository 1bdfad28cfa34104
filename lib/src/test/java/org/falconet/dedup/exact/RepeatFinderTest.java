package org.falconet.dedup.exact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.falconet.dedup.exact.internal.RepeatFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated-span marking against a naive reference (every k-byte window without a separator put in
 * a hash map), in memory and in chunks merged over memory-mapped files.
 */
class RepeatFinderTest {
  @TempDir
  Path tmp;

  record Joined(byte[] text, long[] separators) {}

  static Joined join(List<String> docs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] seps = new long[docs.size()];
    for (int i = 0; i < docs.size(); i++) {
      out.writeBytes(docs.get(i).getBytes(UTF_8));
      seps[i] = out.size();
      out.write(0xFF);
    }
    return new Joined(out.toByteArray(), seps);
  }

  static long[] naive(byte[] t, int k, boolean keepFirst) {
    Map<String, List<Integer>> windows = new HashMap<>();
    for (int p = 0; p + k <= t.length; p++) {
      boolean sep = false;
      for (int d = 0; d < k; d++) {
        sep |= (t[p + d] & 0xFF) == 0xFF;
      }
      if (!sep) {
        windows.computeIfAbsent(new String(t, p, k, java.nio.charset.StandardCharsets.ISO_8859_1),
            w -> new ArrayList<>()).add(p);
      }
    }
    long[] bits = new long[(t.length >>> 6) + 1];
    for (List<Integer> ps : windows.values()) {
      if (ps.size() > 1) {
        for (int i = keepFirst ? 1 : 0; i < ps.size(); i++) {
          bits[ps.get(i) >>> 6] |= 1L << ps.get(i);
        }
      }
    }
    return bits;
  }

  void check(List<String> docs, int k) throws IOException {
    Joined j = join(docs);
    Path file = tmp.resolve("text-" + System.nanoTime() + ".bin");
    Files.write(file, j.text());
    for (boolean keepFirst : new boolean[] {false, true}) {
      long[] expected = naive(j.text(), k, keepFirst);
      assertArrayEquals(expected, RepeatFinder.inMemory(j.text(), j.text().length, j.separators(), k, keepFirst),
          () -> "in memory, k=" + k + " keepFirst=" + keepFirst + " docs=" + docs);
      for (long chunk : new long[] {1, 17, 64}) {
        Path dir = Files.createTempDirectory(tmp, "chunks");
        assertArrayEquals(expected, RepeatFinder.chunked(file, j.separators(), chunk, k, keepFirst, dir),
            () -> "chunks of " + chunk + ", k=" + k + " keepFirst=" + keepFirst + " docs=" + docs);
      }
    }
  }

  @Test
  void randomDocumentsOverSmallAlphabets() throws IOException {
    SplittableRandom rnd = new SplittableRandom(2);
    for (int trial = 0; trial < 40; trial++) {
      List<String> docs = new ArrayList<>();
      int sigma = 1 + rnd.nextInt(3);
      for (int d = 0, nd = 1 + rnd.nextInt(6); d < nd; d++) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, len = rnd.nextInt(60); i < len; i++) {
          sb.append((char) ('a' + rnd.nextInt(sigma)));
        }
        docs.add(sb.toString());
      }
      check(docs, 1 + rnd.nextInt(12));
    }
  }

  @Test
  void allOneLetter() throws IOException {
    check(List.of("a".repeat(100), "a".repeat(30), "a".repeat(3)), 5);
  }

  @Test
  void periodicDocuments() throws IOException {
    check(List.of("ab".repeat(40), "abc".repeat(20), "ba".repeat(15), "x"), 4);
  }

  @Test
  void unicodeDocuments() throws IOException {
    check(List.of("Привет мир 東京タワー 🚀 café", "東京タワー 🚀 naïve Привет", "мир 🚀🚀🚀 東京"), 5);
  }

  @Test
  void spansDoNotCrossDocuments() throws IOException {
    // "xyz" ends one document and begins the next: the 6-byte window across the boundary is not a repeat.
    check(List.of("abcxyz", "xyzabc", "abcxyz"), 6);
  }
}
