package org.falconet.filter.quality.internal;

/**
 * Character classes shared by the quality stages, defined once so that the Java stages and the
 * independent golden script agree on what a space, a punctuation mark and a character are.
 *
 * <p>Whitespace is Python's {@code str.isspace()} (Python 3.11): Java's {@link Character#isWhitespace}
 * plus the no-break spaces (U+00A0, U+2007, U+202F) and NEXT LINE (U+0085), which Java leaves out,
 * listed explicitly (all in the BMP). A
 * "character" is a Unicode code point, as Python's {@code len} counts it.
 */
public final class Chars {
  private Chars() {}

  /** True for whitespace as Python's {@code str.isspace()} sees it (all such characters are in the BMP). */
  public static boolean isSpace(char c) {
    if (c <= ' ') {
      return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
    }
    if (c < 0x85) {
      return false;
    }
    if (c < 0x1680) {
      return c == 0x85 || c == 0xA0;
    }
    // The rest of Python's str.isspace() set: OGHAM SPACE MARK, EN QUAD..HAIR SPACE, LINE and
    // PARAGRAPH SEPARATOR, NARROW NO-BREAK SPACE, MEDIUM MATHEMATICAL SPACE, IDEOGRAPHIC SPACE.
    return c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
        || c == 0x205F || c == 0x3000;
  }

  /** True for Unicode punctuation (general categories Pc, Pd, Ps, Pe, Pi, Pf, Po). */
  public static boolean isPunctuation(int cp) {
    if (cp < 128) {
      return (cp >= '!' && cp <= '/' && cp != '$' && cp != '+') || (cp >= ':' && cp <= '@' && cp != '<' && cp != '=' && cp != '>')
          || (cp >= '[' && cp <= '`' && cp != '^' && cp != '`') || cp == '{' || cp == '}';
    }
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> {
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** Number of code points in {@code s[from, to)}: UTF-16 units less the low surrogates of pairs. */
  public static int codePoints(CharSequence s, int from, int to) {
    int n = to - from;
    for (int i = from + 1; i < to; i++) {
      if (Character.isLowSurrogate(s.charAt(i)) && Character.isHighSurrogate(s.charAt(i - 1))) {
        n--;
      }
    }
    return n;
  }

  /** Index of the first non-space character in {@code s[from, to)}, or {@code to}. */
  public static int skipSpace(CharSequence s, int from, int to) {
    while (from < to && isSpace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  /** One past the last non-space character in {@code s[from, to)}, or {@code from}. */
  public static int trimEnd(CharSequence s, int from, int to) {
    while (to > from && isSpace(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }
}
