package org.falconet.dedup.exact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SA-IS and Kasai against a naive reference: suffixes sorted by comparison, prefixes compared byte by byte. */
class SuffixArrayTest {

  static int[] naiveSa(byte[] t) {
    Integer[] idx = new Integer[t.length];
    for (int i = 0; i < t.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Arrays.compareUnsigned(t, a, t.length, t, b, t.length));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  static int[] naiveLcp(byte[] t, int[] sa) {
    int[] lcp = new int[sa.length];
    for (int i = 1; i < sa.length; i++) {
      int h = 0;
      while (sa[i] + h < t.length && sa[i - 1] + h < t.length && t[sa[i] + h] == t[sa[i - 1] + h]) {
        h++;
      }
      lcp[i] = h;
    }
    return lcp;
  }

  static void check(byte[] t) {
    int[] expected = naiveSa(t);
    int[] sa = SuffixArray.build(t);
    assertArrayEquals(expected, sa, () -> "SA of " + Arrays.toString(t));
    int[] lcp = naiveLcp(t, expected);
    assertArrayEquals(lcp, SuffixArray.lcp(t, sa), () -> "LCP of " + Arrays.toString(t));
    int[] plcp = SuffixArray.plcp(t, sa);
    for (int i = 0; i < sa.length; i++) {
      assertEquals(lcp[i], plcp[sa[i]], "PLCP at rank " + i);
    }
  }

  @Test
  void banana() {
    byte[] t = "banana".getBytes(UTF_8);
    assertArrayEquals(new int[] {5, 3, 1, 0, 4, 2}, SuffixArray.build(t));
    assertArrayEquals(new int[] {0, 1, 3, 0, 0, 2}, SuffixArray.lcp(t, SuffixArray.build(t)));
  }

  @Test
  void tinyAndEmpty() {
    check(new byte[0]);
    check(new byte[] {7});
    check(new byte[] {7, 7});
    check(new byte[] {8, 7});
    check(new byte[] {7, 8});
  }

  @Test
  void randomStringsOverSmallAndFullAlphabets() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int trial = 0; trial < 300; trial++) {
      int n = rnd.nextInt(1, 400);
      int sigma = trial % 3 == 0 ? 256 : 1 + rnd.nextInt(4);
      byte[] t = new byte[n];
      for (int i = 0; i < n; i++) {
        t[i] = (byte) (sigma == 256 ? rnd.nextInt(256) : 'a' + rnd.nextInt(sigma));
      }
      check(t);
    }
  }

  @Test
  void allOneLetter() {
    byte[] t = new byte[3000];
    Arrays.fill(t, (byte) 'a');
    check(t);
    Arrays.fill(t, (byte) 0xFF);
    check(t);
    Arrays.fill(t, (byte) 0);
    check(t);
  }

  @Test
  void periodicStrings() {
    for (String period : new String[] {"ab", "abc", "aab", "abaab", "ba", "\u00ff\u0000"}) {
      check(period.repeat(700 / period.length()).getBytes(UTF_8));
      check((period.repeat(300) + "x" + period.repeat(200)).getBytes(UTF_8));
    }
    // Fibonacci word: the classic worst case for repetitions.
    String a = "a";
    String b = "ab";
    while (b.length() < 2000) {
      String c = b + a;
      a = b;
      b = c;
    }
    check(b.getBytes(UTF_8));
  }

  @Test
  void unicodeText() {
    check("Привет, мир! 東京タワー 🚀🚀 café café naïve — «quotes» 東京タワー".repeat(20).getBytes(UTF_8));
  }

  @Test
  void textWithSeparators() {
    byte[] t = "the same sentence\u0000the same sentence\u0000other".getBytes(UTF_8);
    t[17] = (byte) 0xFF;
    t[35] = (byte) 0xFF;
    check(t);
  }
}
