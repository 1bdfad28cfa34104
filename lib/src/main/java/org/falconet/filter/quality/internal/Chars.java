package org.falconet.filter.quality.internal;

/**
 * Character classes shared by the quality stages, defined once so that the Java stages and the
 * independent golden script agree on what a space, a punctuation mark and a character are.
 *
 * <p>Whitespace is Python's {@code str.isspace()}: Java's {@link Character#isWhitespace} plus the
 * no-break spaces (U+00A0, U+2007, U+202F) and NEXT LINE (U+0085), which Java leaves out. A
 * "character" is a Unicode code point, as Python's {@code len} counts it.
 */
public final class Chars {
  private Chars() {}

  /** True for whitespace as Python's {@code str.isspace()} sees it (all such characters are in the BMP). */
  public static boolean isSpace(char c) {
    if (c == ' ') {
      return true;
    }
    if (c > ' ' && c < 0x85) {
      return false;
    }
    return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F' || c == '\u0085';
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
