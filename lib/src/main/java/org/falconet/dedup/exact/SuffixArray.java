package org.falconet.dedup.exact;

import java.util.Arrays;

/**
 * Suffix arrays by SA-IS (Nong, Zhang and Chan 2009, "Linear suffix array construction by almost
 * pure induced-sorting") and their LCP arrays by the Φ algorithm (Kärkkäinen, Manzini and Puglisi
 * 2009), in linear time.
 *
 * <p>SA-IS in brief: classify each suffix as S (smaller than the next suffix) or L (larger); the
 * leftmost S of each run (LMS) splits the text into LMS substrings; one induced-sorting pass sorts
 * those substrings, equal ones get one name, and if names repeat the string of names is solved
 * recursively; a last induced-sorting pass from the sorted LMS suffixes sorts every suffix. The
 * end of the text is a virtual sentinel smaller than every byte. Bytes compare unsigned.
 *
 * <p>Memory: the text, the {@code int} suffix array ({@code 4n} bytes), a bit per byte of suffix
 * types, and the reduced problem ({@code 8m} bytes for {@code m <= n/2} LMS suffixes, about
 * {@code n/3} on text); {@link #plcp} adds one array ({@code 4n}), {@link #lcp} two ({@code 8n}).
 *
 * <p>Speed: the passes that read the text symbol by symbol run on the primitive array of each
 * level (bytes, then ints); LMS substrings are named by comparing their lengths, then their symbols
 * (no type bits in the comparison); the sorted LMS suffixes are seeded into their buckets from
 * per-symbol counts, without reading the text. {@code SuffixArrayBenchmark} measures it.
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
   * The LCP array: {@code lcp[i]} is the length of the longest common prefix of the suffixes at
   * {@code sa[i-1]} and {@code sa[i]}; {@code lcp[0] = 0}. Computed as the {@link #plcp PLCP array}
   * (text-order access, the fast part) permuted into rank order: the same result and peak memory
   * ({@code 8n} bytes) as Kasai et al.'s (2001) rank-array method, about twice as fast here.
   */
  public static int[] lcp(byte[] text, int[] sa) {
    int[] plcp = plcp(text, sa);
    int n = sa.length;
    int[] lcp = new int[n];
    for (int i = 0; i < n; i++) {
      lcp[i] = plcp[sa[i]];
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

  /**
   * Symbols of one level: bytes at the top, names of LMS substrings in the recursion. Each pass that
   * reads the text symbol by symbol is written once per symbol type, on the primitive array, so that
   * the loops have no virtual call or boxing inside; {@link #sais} holds the level's logic once.
   */
  private abstract static class Text {
    /**
     * Sets the S-type bits (the last suffix is L: it is larger than the virtual sentinel after it),
     * counts each symbol, counts LMS positions by first symbol; returns the number of LMS positions.
     */
    abstract int classify(int n, long[] types, int[] counts, int[] lmsCounts);

    /** Stage 1's seeds: every LMS position at the end of its bucket, in text order. */
    abstract void placeLms(long[] lms, int[] sa, int[] bucketEnds);

    /** Whether {@code t[p, p + len) == t[q, q + len)}. */
    abstract boolean equal(int p, int q, int len);

    /** Left to right: each sorted suffix's L predecessor goes to the front of its bucket. */
    abstract void induceL(int[] sa, int n, int[] bucketStarts);

    /** Right to left: each sorted suffix's S predecessor goes to the back of its bucket. */
    abstract void induceS(int[] sa, int n, int[] bucketEnds);
  }

  private static boolean isSet(long[] bits, int i) {
    return (bits[i >>> 6] & (1L << i)) != 0;
  }

  /**
   * Turns the S-type bits into LMS bits in place, 64 positions at a time: i is LMS iff i is S and
   * i - 1 is L (position 0 never is).
   */
  private static void typesToLms(long[] bits) {
    for (int w = bits.length - 1; w >= 0; w--) {
      long s = bits[w];
      bits[w] = s & ~((s << 1) | (w > 0 ? bits[w - 1] >>> 63 : 1L));
    }
  }

  /** Sorts the suffixes of {@code t[0, n)} (symbols in {@code [0, k)}) into {@code sa[0, n)}. */
  private static void sais(Text t, int[] sa, int n, int k) {
    long[] lms = new long[(n >>> 6) + 1];
    int[] counts = new int[k];
    int[] lmsCounts = new int[k];
    int m = t.classify(n, lms, counts, lmsCounts);
    typesToLms(lms); // the induction passes need no type bits, only LMS bits are read from here on
    int[] bkt = new int[k];

    // Stage 1: LMS suffixes at their buckets' ends, then induce: sorts the LMS substrings.
    Arrays.fill(sa, 0, n, -1);
    t.placeLms(lms, sa, bucketEnds(counts, bkt));
    t.induceL(sa, n, bucketStarts(counts, bkt));
    t.induceS(sa, n, bucketEnds(counts, bkt));

    // Compact the sorted LMS positions into sa[0, m); park each one's substring length (up to and
    // including the next LMS symbol, or the virtual sentinel) at sa[m + p/2]: LMS positions are
    // never adjacent, so the p/2 are distinct and m + p/2 < n.
    for (int i = 0, j = 0; i < n; i++) {
      int p = sa[i];
      if (p > 0 && isSet(lms, p)) {
        sa[j++] = p;
      }
    }
    Arrays.fill(sa, m, n, -1);
    for (int w = lms.length - 1, next = n; w >= 0; w--) {
      for (long b = lms[w]; b != 0; ) {
        int hi = 63 - Long.numberOfLeadingZeros(b);
        b ^= 1L << hi;
        int i = (w << 6) | hi;
        sa[m + (i >>> 1)] = next - i + 1;
        next = i;
      }
    }
    // Name the substrings in sorted order: equal lengths and equal symbols mean equal substrings
    // (types follow from the symbols right to left, and both end on an S symbol); the one ending
    // at the sentinel (p + len = n + 1) is unique.
    int names = 0;
    for (int i = 0, prev = -1, prevLen = 0; i < m; i++) {
      int p = sa[i];
      int len = sa[m + (p >>> 1)];
      if (prev < 0 || len != prevLen || p + len > n || prev + len > n || !t.equal(p, prev, len)) {
        names++;
      }
      prev = p;
      prevLen = len;
      sa[m + (p >>> 1)] = names - 1;
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

    // Stage 3: sorted LMS suffixes at their buckets' ends, then induce everything. The sorted
    // suffixes' first symbols never decrease, and lmsCounts[c] of them start with c: they fill the
    // buckets' ends from the last one without reading the text.
    for (int w = 0, j = 0; w < lms.length; w++) {
      for (long b = lms[w]; b != 0; b &= b - 1) {
        reduced[j++] = (w << 6) | Long.numberOfTrailingZeros(b); // an LMS ordinal's text position
      }
    }
    for (int i = 0; i < m; i++) {
      sa1[i] = reduced[sa1[i]];
    }
    Arrays.fill(sa, 0, n, -1);
    bucketEnds(counts, bkt);
    for (int c = k - 1, i = m - 1; c >= 0; c--) {
      for (int e = bkt[c], q = lmsCounts[c]; q > 0; q--) {
        sa[--e] = sa1[i--];
      }
    }
    t.induceL(sa, n, bucketStarts(counts, bkt));
    t.induceS(sa, n, bucketEnds(counts, bkt));
  }

  private static int[] bucketStarts(int[] counts, int[] bkt) {
    int sum = 0;
    for (int c = 0; c < counts.length; c++) {
      bkt[c] = sum;
      sum += counts[c];
    }
    return bkt;
  }

  private static int[] bucketEnds(int[] counts, int[] bkt) {
    int sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += counts[c];
      bkt[c] = sum;
    }
    return bkt;
  }

  /*
   * The two induction passes, where SA-IS spends its time, read no type bits: an entry stored
   * negated (~j) says that its predecessor j-1 is S. For an L suffix j, j-1 is S iff t[j-1] < t[j];
   * for an S suffix j, iff t[j-1] <= t[j]; an LMS seed's predecessor is L by definition. The L pass
   * induces from positive entries (predecessor L) and leaves negated ones for the S pass, which
   * induces from negated entries (and restores them) and skips positive ones. -1 is an empty slot:
   * 0 is never negated.
   */

  private static final class ByteText extends Text {
    final byte[] t;

    ByteText(byte[] t) {
      this.t = t;
    }

    @Override
    int classify(int n, long[] types, int[] counts, int[] lmsCounts) {
      byte[] t = this.t;
      int next = t[n - 1] & 0xFF;
      counts[next]++;
      boolean nextS = false;
      int m = 0;
      for (int i = n - 2; i >= 0; i--) {
        int c = t[i] & 0xFF;
        counts[c]++;
        boolean s = c < next || (c == next && nextS);
        if (s) {
          types[i >>> 6] |= 1L << i;
        } else if (nextS) {
          m++; // i + 1 is LMS
          lmsCounts[next]++;
        }
        nextS = s;
        next = c;
      }
      return m;
    }

    @Override
    void placeLms(long[] lms, int[] sa, int[] bkt) {
      for (int w = lms.length - 1; w >= 0; w--) {
        for (long b = lms[w]; b != 0; ) {
          int hi = 63 - Long.numberOfLeadingZeros(b);
          b ^= 1L << hi;
          int i = (w << 6) | hi;
          sa[--bkt[t[i] & 0xFF]] = i;
        }
      }
    }

    @Override
    boolean equal(int p, int q, int len) {
      for (int d = 0; d < len; d++) {
        if (t[p + d] != t[q + d]) {
          return false;
        }
      }
      return true;
    }

    @Override
    void induceL(int[] sa, int n, int[] bkt) {
      byte[] t = this.t;
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

    @Override
    void induceS(int[] sa, int n, int[] bkt) {
      byte[] t = this.t;
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
  }

  private static final class IntText extends Text {
    final int[] t;

    IntText(int[] t) {
      this.t = t;
    }

    @Override
    int classify(int n, long[] types, int[] counts, int[] lmsCounts) {
      int[] t = this.t;
      int next = t[n - 1];
      counts[next]++;
      boolean nextS = false;
      int m = 0;
      for (int i = n - 2; i >= 0; i--) {
        int c = t[i];
        counts[c]++;
        boolean s = c < next || (c == next && nextS);
        if (s) {
          types[i >>> 6] |= 1L << i;
        } else if (nextS) {
          m++;
          lmsCounts[next]++;
        }
        nextS = s;
        next = c;
      }
      return m;
    }

    @Override
    void placeLms(long[] lms, int[] sa, int[] bkt) {
      for (int w = lms.length - 1; w >= 0; w--) {
        for (long b = lms[w]; b != 0; ) {
          int hi = 63 - Long.numberOfLeadingZeros(b);
          b ^= 1L << hi;
          int i = (w << 6) | hi;
          sa[--bkt[t[i]]] = i;
        }
      }
    }

    @Override
    boolean equal(int p, int q, int len) {
      for (int d = 0; d < len; d++) {
        if (t[p + d] != t[q + d]) {
          return false;
        }
      }
      return true;
    }

    @Override
    void induceL(int[] sa, int n, int[] bkt) {
      int[] t = this.t;
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

    @Override
    void induceS(int[] sa, int n, int[] bkt) {
      int[] t = this.t;
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
}
