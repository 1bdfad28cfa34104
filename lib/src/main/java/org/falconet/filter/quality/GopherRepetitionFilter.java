package org.falconet.filter.quality;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.falconet.corpus.Document;
import org.falconet.filter.quality.internal.Chars;
import org.falconet.filter.quality.internal.LongIdTable;
import org.falconet.filter.quality.internal.WordIdTable;
import org.falconet.pipeline.Filter;

/**
 * Gopher's repetition removal (Rae et al. 2021, arXiv 2112.11446, appendix A and table A1): drops a
 * document whose lines, paragraphs or word n-grams repeat too much. RefinedWeb applies it as the
 * first of its filtering stages (Penedo et al. 2023, section 3.2).
 *
 * <p>Gopher names the measures but not the units; our reading, which the golden script
 * ({@code src/test/resources/org/falconet/filter/quality/golden/compute_golden.py}) implements
 * independently:
 * <ul>
 *   <li><b>Line</b>: the text between two {@code '\n'}, with surrounding whitespace (Python's
 *       {@code str.isspace}) removed. Blank lines are not lines: they neither count nor repeat (else
 *       every blank separator line would be a "duplicate").
 *   <li><b>Paragraph</b>: a maximal run of non-blank lines; one or more blank lines separate
 *       paragraphs (Gopher: "separated by two newlines"). Its text is its lines joined by {@code '\n'}.
 *   <li><b>Duplicate line / paragraph</b>: one equal to an earlier line / paragraph of the document;
 *       the first occurrence is not a duplicate. Fractions count duplicates over all lines (paragraphs).
 *   <li><b>Characters</b>: Unicode code points. Line and paragraph character fractions divide the
 *       characters of the duplicates by the characters of all lines (newlines and indentation left out).
 *   <li><b>Word</b>: a maximal run of non-whitespace characters, compared exactly (case and
 *       punctuation kept). An <b>n-gram</b> is n consecutive words; its characters are the sum of its
 *       words' characters (separating spaces left out), and n-gram fractions divide by the characters of
 *       all words.
 *   <li><b>Most frequent n-gram</b> (n = 2, 3, 4): the n-gram with the highest count, the one with
 *       the most characters among equally frequent ones; its measure is count × characters. An n-gram
 *       seen only once is not repetition: the measure is 0 when no n-gram occurs twice. Overlapping
 *       occurrences ("ha ha ha") each count, so the measure can exceed 1.
 *   <li><b>Duplicated n-grams</b> (n = 5 to 10): every occurrence of an n-gram that already started at
 *       an earlier word marks its n words; the measure is the characters of the marked words, each word
 *       counted once however many occurrences overlap it (Gopher: "taking care not to count characters
 *       that occur in overlapping n-grams more than once").
 * </ul>
 * A document is removed when a measure <em>exceeds</em> its limit; the first such rule, in the order
 * of table A1, names the reason. A document that is still HTML (no text) is removed as
 * {@code not_extracted}.
 */
public final class GopherRepetitionFilter implements Filter {

  /**
   * Limits: a document is removed when a fraction is greater than its limit.
   *
   * @param dupLineFrac      duplicate lines over lines
   * @param dupParaFrac      duplicate paragraphs over paragraphs
   * @param dupLineCharFrac  characters in duplicate lines over characters in lines
   * @param dupParaCharFrac  characters in duplicate paragraphs over characters in lines
   * @param topNGramCharFrac n → limit on the characters of the most frequent n-gram
   * @param dupNGramCharFrac n → limit on the characters covered by duplicated n-grams
   */
  public record Params(double dupLineFrac, double dupParaFrac, double dupLineCharFrac, double dupParaCharFrac,
                       Map<Integer, Double> topNGramCharFrac, Map<Integer, Double> dupNGramCharFrac) {

    /** Gopher's table A1 (Rae et al. 2021), as RefinedWeb uses it (Penedo et al. 2023, section 3.2). */
    public static final Params PAPER = new Params(0.30, 0.30, 0.20, 0.20,
        Map.of(2, 0.20, 3, 0.18, 4, 0.16),
        Map.of(5, 0.15, 6, 0.14, 7, 0.13, 8, 0.12, 9, 0.11, 10, 0.10));

    public Params {
      for (double f : new double[] {dupLineFrac, dupParaFrac, dupLineCharFrac, dupParaCharFrac}) {
        checkLimit(f);
      }
      topNGramCharFrac = sorted(topNGramCharFrac);
      dupNGramCharFrac = sorted(dupNGramCharFrac);
    }

    private static Map<Integer, Double> sorted(Map<Integer, Double> m) {
      TreeMap<Integer, Double> t = new TreeMap<>(m);
      t.forEach((n, f) -> {
        if (n < 1 || n > 64) {
          throw new IllegalArgumentException("n-gram size must be 1 to 64, got " + n);
        }
        checkLimit(f);
      });
      return Collections.unmodifiableSortedMap(t);
    }

    private static void checkLimit(double f) {
      if (!(f >= 0)) {
        throw new IllegalArgumentException("a limit must be a fraction >= 0, got " + f);
      }
    }
  }

  /** Every measure of one document, as the rules compare them to the limits. */
  public record Measures(double dupLineFrac, double dupParaFrac, double dupLineCharFrac, double dupParaCharFrac,
                         Map<Integer, Double> topNGramCharFrac, Map<Integer, Double> dupNGramCharFrac) {}

  private final Params params;
  private final int maxN;
  /** Limits by n, NaN where there is none (every comparison with NaN is false). */
  private final double[] topLimit;
  private final double[] dupLimit;

  public GopherRepetitionFilter(Params params) {
    this.params = params;
    int m = 1;
    for (int n : params.topNGramCharFrac().keySet()) {
      m = Math.max(m, n);
    }
    for (int n : params.dupNGramCharFrac().keySet()) {
      m = Math.max(m, n);
    }
    this.maxN = m;
    this.topLimit = new double[m + 1];
    this.dupLimit = new double[m + 1];
    java.util.Arrays.fill(topLimit, Double.NaN);
    java.util.Arrays.fill(dupLimit, Double.NaN);
    params.topNGramCharFrac().forEach((n, f) -> topLimit[n] = f);
    params.dupNGramCharFrac().forEach((n, f) -> dupLimit[n] = f);
  }

  /** The filter with the paper's limits. */
  public static GopherRepetitionFilter paper() {
    return new GopherRepetitionFilter(Params.PAPER);
  }

  /** The parameters this stage runs with (what a run's manifest records). */
  @Override
  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return "gopher_repetition";
  }

  @Override
  public Verdict check(Document doc) {
    if (doc.text() == null) {
      return Verdict.drop("not_extracted");
    }
    Scan scan = scan(doc.text().toCharArray());
    double[] lp = scan.lineMeasures();
    // Gopher table A1, in its order.
    if (lp[0] > params.dupLineFrac()) {
      return Verdict.drop("dup_line_frac");
    }
    if (lp[1] > params.dupParaFrac()) {
      return Verdict.drop("dup_para_frac");
    }
    if (lp[2] > params.dupLineCharFrac()) {
      return Verdict.drop("dup_line_char_frac");
    }
    if (lp[3] > params.dupParaCharFrac()) {
      return Verdict.drop("dup_para_char_frac");
    }
    double[] top = new double[maxN + 1];
    double[] dup = new double[maxN + 1];
    nGramMeasures(scan, top, dup);
    for (int n = 1; n <= maxN; n++) {
      if (top[n] > topLimit[n]) {
        return Verdict.drop("top_" + n + "_gram");
      }
    }
    for (int n = 1; n <= maxN; n++) {
      if (dup[n] > dupLimit[n]) {
        return Verdict.drop("duplicated_" + n + "_n_grams");
      }
    }
    return Verdict.keep();
  }

  /** All measures of {@code text}, by the definitions in the class comment. */
  public Measures measure(String text) {
    Scan scan = scan(text.toCharArray());
    double[] lp = scan.lineMeasures();
    double[] topArray = new double[maxN + 1];
    double[] dupArray = new double[maxN + 1];
    nGramMeasures(scan, topArray, dupArray);
    Map<Integer, Double> top = new TreeMap<>();
    Map<Integer, Double> dup = new TreeMap<>();
    params.topNGramCharFrac().keySet().forEach(n -> top.put(n, topArray[n]));
    params.dupNGramCharFrac().keySet().forEach(n -> dup.put(n, dupArray[n]));
    return new Measures(lp[0], lp[1], lp[2], lp[3], Collections.unmodifiableMap(top), Collections.unmodifiableMap(dup));
  }

  /** What one pass over the text gives: the line and paragraph measures, and the words as ids. */
  private record Scan(double[] lineMeasures, int[] wordIds, long[] prefix, int words, int vocabulary) {}

  /**
   * One pass over the text. Words (runs of non-space) get ids from their characters and
   * {@code prefix[i]} = characters of words 0..i-1. Lines get ids the same way, their hash carried
   * along and snapshotted at each non-space character so that trailing space drops out; a paragraph
   * is the sequence of its line ids, interned line by line as (prefix id, line id) → prefix id, so
   * equal paragraphs end on equal ids. The line measures are {dup line frac, dup paragraph frac,
   * dup line char frac, dup paragraph char frac}. No substring is cut.
   */
  private static Scan scan(char[] cs) {
    int len = cs.length;
    int[] wordIds = new int[Math.max(16, len / 5)];
    long[] prefix = new long[wordIds.length + 1];
    WordIdTable vocabulary = new WordIdTable(cs, Math.max(16, len / 20));
    int w = 0;
    int expectedLines = Math.max(16, len / 64);
    WordIdTable lineIds = new WordIdTable(cs, expectedLines);
    LongIdTable prefixes = new LongIdTable(expectedLines);
    boolean[] lineSeen = new boolean[expectedLines];
    boolean[] paraSeen = new boolean[expectedLines];
    int lines = 0, dupLines = 0, paras = 0, dupParas = 0;
    long chars = 0, dupLineChars = 0, dupParaChars = 0;
    int para = -1;
    long paraChars = 0;
    int wordStart = -1, wordHash = 0, wordLow = 0;
    int lineFirst = -1, lineLast = -1, lineHash = 0, lineHashAtLast = 0, lineLow = 0;
    for (int i = 0; i <= len; i++) {
      char c = i < len ? cs[i] : '\n'; // a final newline closes the last word, line and paragraph
      if (!Chars.isSpace(c)) {
        boolean low = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(cs[i - 1]);
        if (wordStart < 0) {
          wordStart = i;
          wordHash = 0;
          wordLow = 0;
        } else if (low) {
          wordLow++;
        }
        wordHash = 31 * wordHash + c;
        if (lineFirst < 0) {
          lineFirst = i;
          lineHash = 0;
          lineLow = 0;
        } else if (low) {
          lineLow++;
        }
        lineHash = 31 * lineHash + c;
        lineHashAtLast = lineHash;
        lineLast = i;
        continue;
      }
      if (wordStart >= 0) {
        if (w == wordIds.length) {
          wordIds = java.util.Arrays.copyOf(wordIds, w * 2);
          prefix = java.util.Arrays.copyOf(prefix, w * 2 + 1);
        }
        wordIds[w] = vocabulary.id(wordStart, i, wordHash);
        prefix[w + 1] = prefix[w] + (i - wordStart - wordLow);
        w++;
        wordStart = -1;
      }
      if (c != '\n') {
        if (lineFirst >= 0) {
          lineHash = 31 * lineHash + c;
        }
        continue;
      }
      boolean blank = lineFirst < 0;
      if (!blank) {
        int lineChars = lineLast + 1 - lineFirst - lineLow;
        int id = lineIds.id(lineFirst, lineLast + 1, lineHashAtLast);
        lineSeen = ensure(lineSeen, id);
        lines++;
        chars += lineChars;
        if (lineSeen[id]) {
          dupLines++;
          dupLineChars += lineChars;
        }
        lineSeen[id] = true;
        para = prefixes.id(((long) (para + 1) << 32) | id);
        paraChars += lineChars;
        lineFirst = -1;
      }
      if ((blank || i == len) && para >= 0) {
        paras++;
        paraSeen = ensure(paraSeen, para);
        if (paraSeen[para]) {
          dupParas++;
          dupParaChars += paraChars;
        }
        paraSeen[para] = true;
        para = -1;
        paraChars = 0;
      }
    }
    double[] lp = {frac(dupLines, lines), frac(dupParas, paras), frac(dupLineChars, chars), frac(dupParaChars, chars)};
    return new Scan(lp, wordIds, prefix, w, vocabulary.size());
  }

  private static boolean[] ensure(boolean[] a, int index) {
    return index < a.length ? a : java.util.Arrays.copyOf(a, Math.max(index + 1, a.length * 2));
  }

  /** Fills {@code top[n]} and {@code dup[n]} for every n up to the largest one in the limits. */
  private void nGramMeasures(Scan scan, double[] top, double[] dup) {
    int[] wordIds = scan.wordIds();
    long[] prefix = scan.prefix();
    int w = scan.words();
    long total = prefix[w];
    // n-gram ids, level by level: the n-gram at k is the (n-1)-gram at k followed by word k+n-1.
    // Only "live" positions, whose (n-1)-gram occurs at least twice, can start a repeated n-gram;
    // the others start n-grams seen once, which are neither the most frequent (that needs two
    // occurrences) nor duplicates, so each level only visits the live positions of the one before.
    int[] ids = java.util.Arrays.copyOf(wordIds, w);
    int[] live = new int[w];
    for (int k = 0; k < w; k++) {
      live[k] = k;
    }
    int liveCount = w;
    int idCount = scan.vocabulary();
    LongIdTable table = new LongIdTable(w);
    int[] counts = new int[Math.max(1, w)];
    int[] seenAt = new int[Math.max(1, w)]; // the level n at which an id was last seen: no clearing
    // repeated[k]: the (n-1)-gram at k occurs at least twice. A repeated n-gram at k needs both the
    // (n-1)-gram at k and the one at k+1 (its tail) repeated.
    boolean[] repeated = new boolean[w + 1];
    for (int n = 1; n <= maxN; n++) {
      if (n > 1) {
        table.clear();
        int kept = 0;
        for (int j = 0; j < liveCount; j++) {
          int k = live[j];
          if (k + n - 1 < w && repeated[k] && repeated[k + 1]) {
            ids[k] = table.id(((long) ids[k] << 32) | wordIds[k + n - 1]);
            live[kept++] = k;
          } else {
            repeated[k] = false; // read by position k-1 already, which comes first
          }
        }
        liveCount = kept;
        idCount = table.size();
      }
      java.util.Arrays.fill(counts, 0, idCount, 0);
      int bestCount = 0;
      long bestChars = 0;
      for (int j = 0; j < liveCount; j++) {
        int k = live[j];
        int c = ++counts[ids[k]];
        if (c >= bestCount) {
          long chars = prefix[k + n] - prefix[k];
          if (c > bestCount || chars > bestChars) {
            bestCount = c;
            bestChars = chars;
          }
        }
      }
      for (int j = 0; j < liveCount; j++) {
        int k = live[j];
        repeated[k] = counts[ids[k]] >= 2;
      }
      // Most frequent n-gram, the longest among equally frequent ones; not repetition if seen once.
      top[n] = bestCount < 2 ? 0.0 : bestCount * (double) bestChars / nonZero(total);
      if (dupLimit[n] == dupLimit[n]) { // a limit exists (not NaN)
        dup[n] = duplicatedChars(ids, live, liveCount, n, prefix, seenAt) / nonZero(total);
      }
    }
  }

  /** Characters of the words covered by repeated occurrences of n-grams, each word once. */
  private static double duplicatedChars(int[] ids, int[] live, int liveCount, int n, long[] prefix, int[] seenAt) {
    long covered = 0;
    int coveredEnd = 0;
    for (int j = 0; j < liveCount; j++) {
      int k = live[j];
      if (seenAt[ids[k]] == n) {
        int from = Math.max(k, coveredEnd);
        covered += prefix[k + n] - prefix[from];
        coveredEnd = k + n;
      } else {
        seenAt[ids[k]] = n;
      }
    }
    return covered;
  }

  private static double nonZero(long total) {
    return total == 0 ? 1 : total;
  }

  private static double frac(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
