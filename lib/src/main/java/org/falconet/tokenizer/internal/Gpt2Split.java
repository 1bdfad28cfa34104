package org.falconet.tokenizer.internal;

/**
 * GPT-2's pre-tokenizer regex, scanned by hand:
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}
 * (Radford et al. 2019, {@code encoder.py}; the regex of Hugging Face's {@code ByteLevel}).
 *
 * <p>Characters are classed as Hugging Face's Oniguruma classes them ({@link HuggingFaceUnicode}).
 */
public final class Gpt2Split {
  private Gpt2Split() {}

  private static final int SPACE = HuggingFaceUnicode.SPACE;

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
    int last = Character.isLowSurrogate(s.charAt(k - 1)) ? k - 2 : k - 1;   // start of the last space
    return last > i ? last : k;       // '\s+(?!\S)' leaves the last space to the next word; else '\s+'
  }

  private static int classAt(CharSequence s, int i) {
    return HuggingFaceUnicode.gpt2Class(Character.codePointAt(s, i));
  }

  /** The class of {@code cp} as a letter: L, N, S (space) or O (other). */
  public static char classOf(int cp) {
    return "LNSO".charAt(HuggingFaceUnicode.javaClass(cp));
  }
}
