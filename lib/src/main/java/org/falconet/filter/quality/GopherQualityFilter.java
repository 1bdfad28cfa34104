package org.falconet.filter.quality;

import java.util.Locale;
import java.util.Set;
import org.falconet.corpus.Document;
import org.falconet.filter.quality.internal.Chars;
import org.falconet.pipeline.Filter;

/**
 * Gopher's document-wise quality filter (Rae et al. 2021, arXiv 2112.11446, appendix A, "quality
 * filtering"), RefinedWeb's second filtering stage (Penedo et al. 2023, section 3.2): drops documents
 * too short or too long, with odd word lengths, many hashes or ellipses, mostly bullet lines, many
 * lines ending in an ellipsis, few alphabetic words or too few English stop words.
 *
 * <p>Our reading of the units, which the golden script implements independently:
 * <ul>
 *   <li><b>Word</b>: a whitespace-separated token with its leading and trailing punctuation (Unicode
 *       categories P*) removed; a token that is all punctuation ("—", "...") is not a word. Word
 *       length is in code points.
 *   <li><b>Line</b>: a non-blank line (see {@link GopherRepetitionFilter}); bullet and ellipsis
 *       fractions are over non-blank lines. A bullet line starts, after indentation, with one of
 *       {@link Params#bullets()}; an ellipsis line ends, before trailing space, with "..." or "…".
 *   <li><b>Hash / ellipsis ratio</b>: occurrences of '#' / of "..." (non-overlapping, "...." is one)
 *       plus '…' in the whole text, over the number of words.
 *   <li><b>Stop words</b>: occurrences (not distinct words) of the list among the lower-cased words;
 *       "at least two of the following words" could also mean two different ones.
 * </ul>
 * The document is kept when every measure is within its limit (bounds included). A document that is
 * still HTML (no text) is removed as {@code not_extracted}.
 */
public final class GopherQualityFilter implements Filter {

  /**
   * Limits, all inclusive.
   *
   * @param minWords           fewest words
   * @param maxWords           most words
   * @param minMeanWordLength  shortest mean word length (characters)
   * @param maxMeanWordLength  longest mean word length
   * @param maxHashRatio       most '#' per word
   * @param maxEllipsisRatio   most "..." or "…" per word
   * @param maxBulletLineFrac  largest share of lines starting with a bullet
   * @param maxEllipsisLineFrac largest share of lines ending with an ellipsis
   * @param minAlphaWordFrac   smallest share of words with an alphabetic character
   * @param minStopWords       fewest stop-word occurrences
   * @param stopWords          the stop words, lower case
   * @param bullets            characters that start a bullet line
   */
  public record Params(int minWords, int maxWords, double minMeanWordLength, double maxMeanWordLength,
                       double maxHashRatio, double maxEllipsisRatio, double maxBulletLineFrac,
                       double maxEllipsisLineFrac, double minAlphaWordFrac, int minStopWords,
                       Set<String> stopWords, String bullets) {

    /**
     * Gopher's values (Rae et al. 2021, appendix A): 50 to 100,000 words, mean word length 3 to 10,
     * hash and ellipsis ratios 0.1, 90% bullet lines, 30% ellipsis lines, 80% alphabetic words, 2 of
     * {the, be, to, of, and, that, have, with}. The bullet characters are ours (the paper lists none):
     * the Unicode bullets plus '-' and '*', as extracted lists start.
     */
    public static final Params PAPER = new Params(50, 100_000, 3, 10, 0.1, 0.1, 0.9, 0.3, 0.8, 2,
        Set.of("the", "be", "to", "of", "and", "that", "have", "with"), "•‣◦⁃∙●○▪▫■□·-*");

    public Params {
      if (minWords < 0 || maxWords < minWords) {
        throw new IllegalArgumentException("need 0 <= minWords <= maxWords, got " + minWords + ", " + maxWords);
      }
      if (!(minMeanWordLength >= 0 && maxMeanWordLength >= minMeanWordLength)) {
        throw new IllegalArgumentException("need 0 <= minMeanWordLength <= maxMeanWordLength");
      }
      for (double f : new double[] {maxHashRatio, maxEllipsisRatio, maxBulletLineFrac, maxEllipsisLineFrac,
          minAlphaWordFrac}) {
        if (!(f >= 0)) {
          throw new IllegalArgumentException("ratios must be >= 0, got " + f);
        }
      }
      if (minStopWords < 0) {
        throw new IllegalArgumentException("minStopWords must be >= 0");
      }
      stopWords = Set.copyOf(stopWords);
      for (String w : stopWords) {
        if (w.isEmpty() || !w.equals(w.toLowerCase(java.util.Locale.ROOT))) {
          throw new IllegalArgumentException("stop words must be non-empty and lower case: '" + w + "'");
        }
      }
      if (bullets.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
        throw new IllegalArgumentException("bullets must be BMP characters");
      }
    }
  }

  /** Every measure of one document. */
  public record Measures(int words, double meanWordLength, double hashRatio, double ellipsisRatio,
                         double bulletLineFrac, double ellipsisLineFrac, double alphaWordFrac, int stopWords) {}

  private final Params params;
  private final int longestStopWord;
  /** ASCII letters (lower case) that some stop word starts with: a cheap test before the set lookup. */
  private final boolean[] stopWordStart = new boolean[128];
  /** The stop words as characters, for comparing ASCII words in place. */
  private final char[][] stopWordChars;

  public GopherQualityFilter(Params params) {
    this.params = params;
    this.longestStopWord = params.stopWords().stream().mapToInt(String::length).max().orElse(0);
    for (String w : params.stopWords()) {
      char c = w.charAt(0);
      if (c >= 128) {
        throw new IllegalArgumentException("stop words must start with an ASCII character: " + w);
      }
      stopWordStart[c | 0x20] = true;
    }
    this.stopWordChars = params.stopWords().stream().map(String::toCharArray).toArray(char[][]::new);
  }

  /** The filter with Gopher's limits. */
  public static GopherQualityFilter paper() {
    return new GopherQualityFilter(Params.PAPER);
  }

  /** The parameters this stage runs with (what a run's manifest records). */
  @Override
  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return "gopher_quality";
  }

  @Override
  public Verdict check(Document doc) {
    if (doc.text() == null) {
      return Verdict.drop("not_extracted");
    }
    Measures m = measure(doc.text());
    Params p = params;
    // Gopher appendix A, in its order.
    if (m.words() < p.minWords()) {
      return Verdict.drop("too_few_words");
    }
    if (m.words() > p.maxWords()) {
      return Verdict.drop("too_many_words");
    }
    if (m.meanWordLength() < p.minMeanWordLength()) {
      return Verdict.drop("mean_word_length_too_short");
    }
    if (m.meanWordLength() > p.maxMeanWordLength()) {
      return Verdict.drop("mean_word_length_too_long");
    }
    if (m.hashRatio() > p.maxHashRatio()) {
      return Verdict.drop("too_many_hashes");
    }
    if (m.ellipsisRatio() > p.maxEllipsisRatio()) {
      return Verdict.drop("too_many_ellipses");
    }
    if (m.bulletLineFrac() > p.maxBulletLineFrac()) {
      return Verdict.drop("too_many_bullet_lines");
    }
    if (m.ellipsisLineFrac() > p.maxEllipsisLineFrac()) {
      return Verdict.drop("too_many_ellipsis_lines");
    }
    if (m.alphaWordFrac() < p.minAlphaWordFrac()) {
      return Verdict.drop("too_few_alpha_words");
    }
    if (m.stopWords() < p.minStopWords()) {
      return Verdict.drop("too_few_stop_words");
    }
    return Verdict.keep();
  }

  /** All measures of {@code text}, by the definitions in the class comment. One pass over the text. */
  public Measures measure(String text) {
    char[] cs = text.toCharArray();
    int len = cs.length;
    int words = 0, alphaWords = 0, stop = 0;
    long wordChars = 0;
    int hashes = 0, ellipses = 0, dots = 0;
    int lines = 0, bulletLines = 0, ellipsisLines = 0;
    int wordStart = -1, lineFirst = -1, lineLast = -1;
    for (int i = 0; i <= len; i++) {
      char c = i < len ? cs[i] : '\n'; // a final newline closes the last word and line
      // Symbols: '#', '…', and "..." counted without overlap (a run of k dots holds k / 3).
      if (c == '.') {
        dots++;
      } else {
        ellipses += dots / 3;
        dots = 0;
        if (c == '#') {
          hashes++;
        } else if (c == '…') {
          ellipses++;
        }
      }
      if (!Chars.isSpace(c)) {
        if (wordStart < 0) {
          wordStart = i;
        }
        if (lineFirst < 0) {
          lineFirst = i;
        }
        lineLast = i;
        continue;
      }
      if (wordStart >= 0) {
        long w = word(cs, wordStart, i);
        wordStart = -1;
        if (w >= 0) {
          words++;
          wordChars += w & 0xFFFFFFFFL;
          alphaWords += (int) (w >>> 32) & 1;
          stop += (int) (w >>> 33) & 1;
        }
      }
      if (c == '\n') {
        if (lineFirst >= 0) {
          lines++;
          if (params.bullets().indexOf(cs[lineFirst]) >= 0) {
            bulletLines++;
          }
          if (cs[lineLast] == '…'
              || (lineLast - lineFirst >= 2 && cs[lineLast] == '.' && cs[lineLast - 1] == '.' && cs[lineLast - 2] == '.')) {
            ellipsisLines++;
          }
        }
        lineFirst = -1;
      }
    }
    return new Measures(words, words == 0 ? 0 : (double) wordChars / words, ratio(hashes, words),
        ratio(ellipses, words), ratio(bulletLines, lines), ratio(ellipsisLines, lines), ratio(alphaWords, words), stop);
  }

  /**
   * The token {@code cs[s, e)} as a word: -1 if it is all punctuation, else its length in code points
   * (low 32 bits), bit 32 set if it has a letter, bit 33 if it is a stop word.
   */
  private long word(char[] cs, int s, int e) {
    int a = s, b = e;
    while (a < b && Chars.isPunctuation(Character.codePointAt(cs, a, b))) {
      a += Character.charCount(Character.codePointAt(cs, a, b));
    }
    while (b > a && Chars.isPunctuation(Character.codePointBefore(cs, b, a))) {
      b -= Character.charCount(Character.codePointBefore(cs, b, a));
    }
    if (a == b) {
      return -1;
    }
    boolean alpha = false;
    int lowSurrogates = 0;
    for (int k = a; k < b; k++) {
      char c = cs[k];
      if (c < 128) {
        alpha |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && k + 1 < b && Character.isLowSurrogate(cs[k + 1])) {
          alpha |= Character.isLetter(Character.toCodePoint(c, cs[k + 1]));
          lowSurrogates++;
          k++;
        }
      } else {
        alpha |= Character.isLetter(c);
      }
    }
    boolean isStop = b - a <= longestStopWord && cs[a] < 128 && stopWordStart[cs[a] | 0x20] && isStopWord(cs, a, b);
    return (b - a - lowSurrogates) | (alpha ? 1L << 32 : 0) | (isStop ? 1L << 33 : 0);
  }

  /** Whether {@code text[a, b)}, lower-cased, is a stop word; ASCII words are compared in place. */
  private boolean isStopWord(char[] cs, int a, int b) {
    for (int k = a; k < b; k++) {
      if (cs[k] >= 128) {
        return params.stopWords().contains(new String(cs, a, b - a).toLowerCase(Locale.ROOT));
      }
    }
    for (char[] w : stopWordChars) {
      if (w.length == b - a && sameIgnoringAsciiCase(cs, a, w)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameIgnoringAsciiCase(char[] cs, int a, char[] lower) {
    for (int k = 0; k < lower.length; k++) {
      char c = cs[a + k];
      if (c != lower[k] && !(c >= 'A' && c <= 'Z' && (char) (c | 0x20) == lower[k])) {
        return false;
      }
    }
    return true;
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
