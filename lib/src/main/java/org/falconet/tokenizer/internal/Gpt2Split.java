package org.falconet.tokenizer.internal;

/**
 * GPT-2's pre-tokenizer regex, scanned by hand:
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}
 * (Radford et al. 2019, {@code encoder.py}; the regex of Hugging Face's {@code ByteLevel}).
 *
 * <p>{@code \s} is Unicode White_Space, as in Oniguruma, the regex engine Hugging Face uses.
 */
public final class Gpt2Split {
  private Gpt2Split() {}

  private static final int LETTER = 0, NUMBER = 1, SPACE = 2, OTHER = 3;

  /** Appends the pieces of {@code s[start, end)} to {@code out} as (start, end) pairs. */
  public static void split(CharSequence s, int start, int end, IntList out) {
    int i = start;
    while (i < end) {
      int j = next(s, i, end);
      out.add(i, j);
      i = j;
    }
  }

  /** The end of the piece that starts at {@code i}. */
  static int next(CharSequence s, int i, int end) {
    char c = s.charAt(i);
    if (c == '\'' && i + 1 < end) {
      char d = s.charAt(i + 1);
      if (d == 's' || d == 't' || d == 'm' || d == 'd') {
        return i + 2;
      }
      if (i + 2 < end) {
        char e = s.charAt(i + 2);
        if ((d == 'r' && e == 'e') || (d == 'v' && e == 'e') || (d == 'l' && e == 'l')) {
          return i + 3;
        }
      }
    }
    int cls = classAt(s, i);
    int j = i;
    if (c == ' ' && i + 1 < end) {
      int nextCls = classAt(s, i + 1);
      if (nextCls != SPACE) {
        cls = nextCls;
        j = i + 1;
      }
    }
    if (cls != SPACE) {
      // ' ?\p{L}+', ' ?\p{N}+' or ' ?[^\s\p{L}\p{N}]+': a run of one class.
      while (j < end && classAt(s, j) == cls) {
        j += Character.charCount(Character.codePointAt(s, j));
      }
      return j;
    }
    int k = i;
    while (k < end && classAt(s, k) == SPACE) {
      k += Character.charCount(Character.codePointAt(s, k));
    }
    if (k == end) {
      return k;                       // '\s+(?!\S)' up to the end
    }
    int last = k - 1;                 // every White_Space char is in the BMP
    return last > i ? last : k;       // '\s+(?!\S)' leaves the last space to the next word; else '\s+'
  }

  private static int classAt(CharSequence s, int i) {
    int cp = Character.codePointAt(s, i);
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER -> {
        return LETTER;
      }
      case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> {
        return NUMBER;
      }
      default -> {
        return isWhiteSpace(cp) ? SPACE : OTHER;
      }
    }
  }

  /** Unicode's White_Space property (PropList.txt): what Oniguruma's {@code \s} matches. */
  public static boolean isWhiteSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
        || cp == 0x205F || cp == 0x3000;
  }
}
