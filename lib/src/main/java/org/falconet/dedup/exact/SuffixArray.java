package org.falconet.dedup.exact;

import java.util.Arrays;

/**
 * Suffix arrays by SA-IS (Nong, Zhang and Chan 2009, "Linear suffix array construction by almost
 * pure induced-sorting") and their LCP arrays by Kasai et al. (2001), in linear time.
 *
 * <p>SA-IS in brief: classify each suffix as S (smaller than the next suffix) or L (larger); the
 * leftmost S of each run (LMS) splits the text into LMS substrings; one induced-sorting pass sorts
 * those substrings, equal ones get one name, and if names repeat the string of names is solved
 * recursively; a last induced-sorting pass from the sorted LMS suffixes sorts every suffix. The
 * end of the text is a virtual sentinel smaller than every byte. Bytes compare unsigned.
 *
 * <p>Memory: the text, the {@code int} suffix array ({@code 4n} bytes), a bit per byte of suffix
 * types, and the reduced problem ({@code 8m} bytes for {@code m <= n/2} LMS suffixes, about
 * {@code n/3} on text); Kasai adds a rank and an LCP array ({@code 8n}), the Φ algorithm one
 * array ({@code 4n}).
 *
 * <pre>{@code
 * byte[] t = "banana".getBytes(UTF_8);
 * int[] sa = SuffixArray.build(t);        // [5, 3, 1, 0, 4, 2]
 * int[] lcp = SuffixArray.lcp(t, sa);     // [0, 1, 3, 0, 0, 2]
 * }</pre>
 */
public final class SuffixArray {

  private SuffixArray() {}

  /** The suffix array of {@code text}: start positions of its suffixes in lexicographic order. */
  public static int[] build(byte[] text) {
    return build(text, text.length);
  }

  /** The suffix array of {@code text[0, n)}. */
  public static int[] build(byte[] text, int n) {
    int[] sa = new int[n];
    if (n > 0) {
      sais(new ByteText(text), sa, n, 256);
    }
    return sa;
  }

  /**
   * Kasai's LCP array: {@code lcp[i]} is the length of the longest common prefix of the suffixes at
   * {@code sa[i-1]} and {@code sa[i]}; {@code lcp[0] = 0}.
   */
  public static int[] lcp(byte[] text, int[] sa) {
    int n = sa.length;
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[sa[i]] = i;
    }
    int[] lcp = new int[n];
    int h = 0;
    for (int i = 0; i < n; i++) {
      int r = rank[i];
      if (r == 0) {
        h = 0;
        continue;
      }
      int j = sa[r - 1];
      while (i + h < n && j + h < n && text[i + h] == text[j + h]) {
        h++;
      }
      lcp[r] = h;
      if (h > 0) {
        h--;
      }
    }
    return lcp;
  }

  /**
   * The permuted LCP array by the Φ algorithm (Kärkkäinen, Manzini and Puglisi 2009):
   * {@code plcp[sa[i]] == lcp(text, sa)[i]}, indexed by text position instead of rank. Same result
   * as Kasai's with one array fewer (4n bytes instead of 8n) and text-order memory access, hence
   * what the deduplicator uses.
   */
  public static int[] plcp(byte[] text, int[] sa) {
    int n = sa.length;
    int[] phi = new int[n];
    if (n == 0) {
      return phi;
    }
    phi[sa[0]] = -1;
    for (int i = 1; i < n; i++) {
      phi[sa[i]] = sa[i - 1];
    }
    int h = 0;
    for (int i = 0; i < n; i++) {
      int j = phi[i];
      if (j < 0) {
        phi[i] = 0;
        h = 0;
        continue;
      }
      while (i + h < n && j + h < n && text[i + h] == text[j + h]) {
        h++;
      }
      phi[i] = h; // phi[i] is read before being overwritten: the array becomes PLCP in place
      if (h > 0) {
        h--;
      }
    }
    return phi;
  }

  /** Symbols of a text level: bytes at the top, names of LMS substrings in the recursion. */
  private abstract static class Text {
    abstract int at(int i);
  }

  private static final class ByteText extends Text {
    final byte[] t;

    ByteText(byte[] t) {
      this.t = t;
    }

    @Override
    int at(int i) {
      return t[i] & 0xFF;
    }
  }

  private static final class IntText extends Text {
    final int[] t;

    IntText(int[] t) {
      this.t = t;
    }

    @Override
    int at(int i) {
      return t[i];
    }
  }

  private static boolean isS(long[] types, int i) {
    return (types[i >>> 6] & (1L << i)) != 0;
  }

  private static boolean isLms(long[] types, int i) {
    return i > 0 && isS(types, i) && !isS(types, i - 1);
  }

  /** Sorts the suffixes of {@code t[0, n)} (symbols in {@code [0, k)}) into {@code sa[0, n)}. */
  private static void sais(Text t, int[] sa, int n, int k) {
    long[] types = new long[(n >>> 6) + 1];
    // The last suffix is L: it is larger than the virtual sentinel after it.
    for (int i = n - 2; i >= 0; i--) {
      int a = t.at(i);
      int b = t.at(i + 1);
      if (a < b || (a == b && isS(types, i + 1))) {
        types[i >>> 6] |= 1L << i;
      }
    }
    int[] counts = new int[k];
    for (int i = 0; i < n; i++) {
      counts[t.at(i)]++;
    }
    int[] bkt = new int[k];

    // Stage 1: LMS suffixes at their buckets' ends, then induce: sorts the LMS substrings.
    Arrays.fill(sa, 0, n, -1);
    bucketEnds(counts, bkt);
    for (int i = n - 1; i >= 1; i--) {
      if (isLms(types, i)) {
        sa[--bkt[t.at(i)]] = i;
      }
    }
    induceL(t, sa, n, types, counts, bkt);
    induceS(t, sa, n, types, counts, bkt);

    // Compact the sorted LMS positions into sa[0, m) and name their substrings.
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (isLms(types, sa[i] < 0 ? 0 : sa[i])) {
        sa[m++] = sa[i];
      }
    }
    Arrays.fill(sa, m, n, -1);
    int names = 0;
    int prev = -1;
    for (int i = 0; i < m; i++) {
      int p = sa[i];
      if (prev < 0 || !sameLmsSubstring(t, types, n, p, prev)) {
        names++;
      }
      prev = p;
      sa[m + (p >>> 1)] = names - 1; // LMS positions are never adjacent: p/2 are distinct, m + p/2 < n
    }
    int[] reduced = new int[m];
    for (int i = n - 1, j = m - 1; i >= m && j >= 0; i--) {
      if (sa[i] >= 0) {
        reduced[j--] = sa[i];
      }
    }

    // Stage 2: sort the LMS suffixes, recursively if two LMS substrings share a name.
    int[] sa1 = new int[m];
    if (names < m) {
      sais(new IntText(reduced), sa1, m, names);
    } else {
      for (int i = 0; i < m; i++) {
        sa1[reduced[i]] = i;
      }
    }

    // Stage 3: sorted LMS suffixes at their buckets' ends (in reverse), then induce everything.
    for (int i = 1, j = 0; i < n; i++) {
      if (isLms(types, i)) {
        reduced[j++] = i; // reduced now maps an LMS ordinal to its text position
      }
    }
    Arrays.fill(sa, 0, n, -1);
    bucketEnds(counts, bkt);
    for (int i = m - 1; i >= 0; i--) {
      int p = reduced[sa1[i]];
      sa[--bkt[t.at(p)]] = p;
    }
    induceL(t, sa, n, types, counts, bkt);
    induceS(t, sa, n, types, counts, bkt);
  }

  private static boolean sameLmsSubstring(Text t, long[] types, int n, int p, int q) {
    for (int d = 0; ; d++) {
      if (p + d == n || q + d == n) {
        return false; // the virtual sentinel is unique
      }
      if (t.at(p + d) != t.at(q + d) || isS(types, p + d) != isS(types, q + d)) {
        return false;
      }
      if (d > 0 && isLms(types, p + d)) {
        return isLms(types, q + d);
      }
    }
  }

  private static void bucketStarts(int[] counts, int[] bkt) {
    int sum = 0;
    for (int c = 0; c < counts.length; c++) {
      bkt[c] = sum;
      sum += counts[c];
    }
  }

  private static void bucketEnds(int[] counts, int[] bkt) {
    int sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += counts[c];
      bkt[c] = sum;
    }
  }

  /*
   * The two induction passes, where SA-IS spends its time, are written once per symbol type (bytes,
   * ints) rather than through Text, and read no type bits: an entry stored negated (~j) says that
   * its predecessor j-1 is S. For an L suffix j, j-1 is S iff t[j-1] < t[j]; for an S suffix j, iff
   * t[j-1] <= t[j]; an LMS seed's predecessor is L by definition. The L pass induces from positive
   * entries (predecessor L) and leaves negated ones for the S pass, which induces from negated
   * entries (and restores them) and skips positive ones. -1 is an empty slot: 0 is never negated.
   */

  /** Left to right: each sorted suffix's L predecessor goes to the front of its bucket. */
  private static void induceL(Text t, int[] sa, int n, long[] types, int[] counts, int[] bkt) {
    bucketStarts(counts, bkt);
    if (t instanceof ByteText b) {
      induceL(b.t, sa, n, bkt);
    } else {
      induceL(((IntText) t).t, sa, n, bkt);
    }
  }

  private static void induceL(byte[] t, int[] sa, int n, int[] bkt) {
    int last = n - 1; // the suffix before the virtual sentinel comes first
    sa[bkt[t[last] & 0xFF]++] = last > 0 && (t[last - 1] & 0xFF) < (t[last] & 0xFF) ? ~last : last;
    for (int i = 0; i < n; i++) {
      int p = sa[i];
      if (p > 0) {
        int j = p - 1;
        int c = t[j] & 0xFF;
        sa[bkt[c]++] = j > 0 && (t[j - 1] & 0xFF) < c ? ~j : j;
      }
    }
  }

  private static void induceL(int[] t, int[] sa, int n, int[] bkt) {
    int last = n - 1;
    sa[bkt[t[last]]++] = last > 0 && t[last - 1] < t[last] ? ~last : last;
    for (int i = 0; i < n; i++) {
      int p = sa[i];
      if (p > 0) {
        int j = p - 1;
        int c = t[j];
        sa[bkt[c]++] = j > 0 && t[j - 1] < c ? ~j : j;
      }
    }
  }

  /** Right to left: each sorted suffix's S predecessor goes to the back of its bucket. */
  private static void induceS(Text t, int[] sa, int n, long[] types, int[] counts, int[] bkt) {
    bucketEnds(counts, bkt);
    if (t instanceof ByteText b) {
      induceS(b.t, sa, n, bkt);
    } else {
      induceS(((IntText) t).t, sa, n, bkt);
    }
  }

  private static void induceS(byte[] t, int[] sa, int n, int[] bkt) {
    for (int i = n - 1; i >= 0; i--) {
      int p = sa[i];
      if (p < -1) {
        p = ~p;
        sa[i] = p;
        int j = p - 1;
        int c = t[j] & 0xFF;
        sa[--bkt[c]] = j > 0 && (t[j - 1] & 0xFF) <= c ? ~j : j;
      }
    }
  }

  private static void induceS(int[] t, int[] sa, int n, int[] bkt) {
    for (int i = n - 1; i >= 0; i--) {
      int p = sa[i];
      if (p < -1) {
        p = ~p;
        sa[i] = p;
        int j = p - 1;
        int c = t[j];
        sa[--bkt[c]] = j > 0 && t[j - 1] <= c ? ~j : j;
      }
    }
  }
}
