package org.falconet.spark;

/**
 * Winnowing anchors (Schleimer, Wilkerson and Aiken 2003, "Winnowing: local algorithms for document
 * fingerprinting"): every window of {@code k} bytes is represented by one of its {@code t}-byte grams,
 * the one of smallest hash (the leftmost on ties). The choice depends on the window's bytes only,
 * so two equal windows anywhere in the corpus choose the same gram at the same offset, with the same
 * hash: grouping anchors by hash brings every copy of a repeated window together, while only about
 * {@code 2 / (k - t + 2)} of the positions are anchors.
 */
final class SpanAnchors {
  /** Odd multiplier of the rolling gram hash. */
  private static final long BASE = 0x100000001B3L;

  private SpanAnchors() {}

  /**
   * The gram length for windows of {@code k} bytes: 32 bytes (rare in natural text unless copied,
   * so few unrelated anchors share a hash), at most half the window.
   */
  static int gram(int k) {
    return Math.max(1, Math.min(32, k / 2));
  }

  /** The hash of each {@code t}-byte gram of {@code b[from, to)}, by start: {@code to - from - t + 1} values. */
  static long[] gramHashes(byte[] b, int from, int to, int t) {
    int n = to - from - t + 1;
    if (n <= 0) {
      return new long[0];
    }
    long top = 1;
    for (int j = 1; j < t; j++) {
      top *= BASE;
    }
    long h = 0;
    for (int j = 0; j < t; j++) {
      h = h * BASE + (b[from + j] & 0xFF) + 1;
    }
    long[] out = new long[n];
    out[0] = mix(h);
    for (int i = 1; i < n; i++) {
      h = (h - ((b[from + i - 1] & 0xFF) + 1) * top) * BASE + (b[from + i + t - 1] & 0xFF) + 1;
      out[i] = mix(h);
    }
    return out;
  }

  /**
   * For each window of {@code w} consecutive grams (window start {@code p}, grams {@code [p, p + w)}),
   * the index of its leftmost smallest hash: {@code h.length - w + 1} values, non-decreasing.
   */
  static int[] windowAnchors(long[] h, int w) {
    int windows = h.length - w + 1;
    if (windows <= 0) {
      return new int[0];
    }
    int[] out = new int[windows];
    int[] deque = new int[h.length];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < h.length; i++) {
      // Strictly greater: an equal earlier hash stays in front, so the front is the leftmost minimum.
      while (tail > head && h[deque[tail - 1]] > h[i]) {
        tail--;
      }
      deque[tail++] = i;
      int p = i - w + 1;
      if (p >= 0) {
        while (deque[head] < p) {
          head++;
        }
        out[p] = deque[head];
      }
    }
    return out;
  }

  /** MurmurHash3's 64-bit finaliser: polynomial hashes of similar grams become unrelated. */
  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return x;
  }
}
