package org.falconet.filter.quality.internal;

import java.util.List;
import java.util.Locale;

/**
 * The boilerplate phrases of RefinedWeb's line-wise corrections (Penedo et al. 2023, appendix G.2),
 * and how they are cut out of a short line: start phrases at its first word, end phrases at its
 * last, anywhere phrases at any word start, all without regard to case, on word boundaries, with
 * the menu separators around them.
 */
public final class BoilerplatePhrases {

  /** The rule that matched ({@code boilerplate_start}, {@code _end} or {@code _anywhere}, the first one) and the line left. */
  public record Cut(String rule, String kept) {}

  private final List<String> startPhrases;
  private final List<String> endPhrases;
  private final List<String> anywherePhrases;
  /** First characters of start and anywhere phrases, last characters of end phrases (ASCII). */
  private final boolean[] startFirst;
  private final boolean[] anywhereFirst;
  private final boolean[] endLast;
  /** Whether some phrase starts or ends with a non-ASCII or non-alphanumeric character: then no shortcut. */
  private final boolean hasNonAsciiPhrase;

  /** Phrases in lower case. */
  public BoilerplatePhrases(List<String> startPhrases, List<String> endPhrases, List<String> anywherePhrases) {
    this.startPhrases = List.copyOf(startPhrases);
    this.endPhrases = List.copyOf(endPhrases);
    this.anywherePhrases = List.copyOf(anywherePhrases);
    this.startFirst = asciiSet(startPhrases, false);
    this.anywhereFirst = asciiSet(anywherePhrases, false);
    this.endLast = asciiSet(endPhrases, true);
    this.hasNonAsciiPhrase = java.util.stream.Stream.of(startPhrases, anywherePhrases, endPhrases)
        .flatMap(List::stream)
        .anyMatch(p -> !isAsciiLetterOrDigit(p.charAt(0)) || !isAsciiLetterOrDigit(p.charAt(p.length() - 1)));
  }

  /**
   * A cheap test before {@link #cutPhrases}: can a start phrase begin at the line's first word, an
   * end phrase end at its last word, or an anywhere phrase begin at any word start? Compares one
   * character per word start with the phrases' first (last) characters.
   */
  public boolean mayHavePhrase(String text, int start, int end) {
    boolean firstWord = true;
    char lastWordChar = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        continue;
      }
      lastWordChar = c;
      if (i > start && Character.isLetterOrDigit(text.charAt(i - 1))) {
        continue;
      }
      char lower = Character.toLowerCase(c);
      if (lower < 128 && ((firstWord && startFirst[lower]) || anywhereFirst[lower]) || lower >= 128 && hasNonAsciiPhrase) {
        return true;
      }
      firstWord = false;
    }
    char last = Character.toLowerCase(lastWordChar);
    return last < 128 ? endLast[last] : hasNonAsciiPhrase;
  }

  private static boolean[] asciiSet(List<String> phrases, boolean lastChar) {
    boolean[] set = new boolean[128];
    for (String p : phrases) {
      char c = lastChar ? p.charAt(p.length() - 1) : p.charAt(0);
      if (c < 128) {
        set[c] = true;
      }
    }
    return set;
  }


  /** Cuts the boilerplate phrases out of a short line; null if none matches. */
  public Cut cut(String line) {
    String rule = null;
    String s = line;
    // At the start, after leading separators ("» Sign in | Home").
    int a = skipNonWord(s, 0, s.length());
    char first = a < s.length() ? Character.toLowerCase(s.charAt(a)) : 0;
    for (String p : startPhrases) {
      if (p.charAt(0) == first && matchesAt(s, a, p)) {
        int e = skipSeparators(s, a + p.length(), s.length());
        s = s.substring(e);
        rule = "boilerplate_start";
        break;
      }
    }
    // At the end, before trailing separators ("Read more...", "Read more »").
    int b = trimNonWord(s, 0, s.length());
    char lastChar = b > 0 ? Character.toLowerCase(s.charAt(b - 1)) : 0;
    for (String p : endPhrases) {
      int at = b - p.length();
      if (at >= 0 && p.charAt(p.length() - 1) == lastChar && matchesAt(s, at, p)) {
        s = s.substring(0, trimSeparators(s, 0, at));
        rule = rule == null ? "boilerplate_end" : rule;
        break;
      }
    }
    // Anywhere: every occurrence, with the separators before it.
    String lower = s.toLowerCase(Locale.ROOT);
    boolean sameLength = lower.length() == s.length();
    for (String p : anywherePhrases) {
      if (sameLength && lower.indexOf(p) < 0) {
        continue;
      }
      int from = 0;
      while (true) {
        int at = indexOfIgnoreCase(s, p, from);
        if (at < 0) {
          break;
        }
        if (matchesAt(s, at, p)) {
          int cutFrom = trimSeparators(s, 0, at);
          int cutTo = at + p.length();
          s = s.substring(0, cutFrom) + (cutFrom > 0 && cutTo < s.length() ? " " : "")
              + s.substring(skipSeparators(s, cutTo, s.length()));
          rule = rule == null ? "boilerplate_anywhere" : rule;
          from = cutFrom;
        } else {
          from = at + 1;
        }
      }
    }
    return rule == null ? null : new Cut(rule, s.strip());
  }

  /** Case-insensitive match of {@code phrase} at {@code at}, with word boundaries on both sides. */
  private static boolean matchesAt(String s, int at, String phrase) {
    int end = at + phrase.length();
    return end <= s.length() && s.regionMatches(true, at, phrase, 0, phrase.length())
        && (at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1)))
        && (end == s.length() || !Character.isLetterOrDigit(s.charAt(end)));
  }

  private static int indexOfIgnoreCase(String s, String phrase, int from) {
    for (int i = from; i + phrase.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, phrase, 0, phrase.length())) {
        return i;
      }
    }
    return -1;
  }

  /** Separators that go with a cut phrase: whitespace and the marks menus put between items. */
  private static boolean isSeparator(char c) {
    return Chars.isSpace(c) || "|:-\u2013\u2014\u00bb\u00ab\u203a\u2039\u2022\u00b7/>\\<~*=+,;".indexOf(c) >= 0;
  }

  /** Skips what is neither letter nor digit: the "» " before a start phrase. */
  private static int skipNonWord(String s, int from, int to) {
    while (from < to && !Character.isLetterOrDigit(s.charAt(from))) {
      from++;
    }
    return from;
  }

  /** Trims what is neither letter nor digit: the "..." or " »" after an end phrase. */
  private static int trimNonWord(String s, int from, int to) {
    while (to > from && !Character.isLetterOrDigit(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  private static int skipSeparators(String s, int from, int to) {
    while (from < to && isSeparator(s.charAt(from))) {
      from++;
    }
    return from;
  }

  private static int trimSeparators(String s, int from, int to) {
    while (to > from && isSeparator(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return c < 128 && Character.isLetterOrDigit(c);
  }

  /** Whether {@code s} has a letter or digit. */
  public static boolean hasLetterOrDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetterOrDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

}
