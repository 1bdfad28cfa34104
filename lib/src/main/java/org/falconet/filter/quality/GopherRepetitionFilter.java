package org.falconet.filter.quality;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.falconet.corpus.Document;
import org.falconet.filter.quality.internal.Chars;
import org.falconet.filter.quality.internal.LongIdTable;
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
  }

  /** The filter with the paper's limits. */
  public static GopherRepetitionFilter paper() {
    return new GopherRepetitionFilter(Params.PAPER);
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
    Measures m = measure(doc.text());
    // Gopher table A1, in its order.
    if (m.dupLineFrac() > params.dupLineFrac()) {
      return Verdict.drop("dup_line_frac");
    }
    if (m.dupParaFrac() > params.dupParaFrac()) {
      return Verdict.drop("dup_para_frac");
    }
    if (m.dupLineCharFrac() > params.dupLineCharFrac()) {
      return Verdict.drop("dup_line_char_frac");
    }
    if (m.dupParaCharFrac() > params.dupParaCharFrac()) {
      return Verdict.drop("dup_para_char_frac");
    }
    for (Map.Entry<Integer, Double> e : params.topNGramCharFrac().entrySet()) {
      if (m.topNGramCharFrac().get(e.getKey()) > e.getValue()) {
        return Verdict.drop("top_" + e.getKey() + "_gram");
      }
    }
    for (Map.Entry<Integer, Double> e : params.dupNGramCharFrac().entrySet()) {
      if (m.dupNGramCharFrac().get(e.getKey()) > e.getValue()) {
        return Verdict.drop("duplicated_" + e.getKey() + "_n_grams");
      }
    }
    return Verdict.keep();
  }

  /** All measures of {@code text}, by the definitions in the class comment. */
  public Measures measure(String text) {
    double[] lp = lineAndParagraphMeasures(text);
    Map<Integer, Double> top = new TreeMap<>();
    Map<Integer, Double> dup = new TreeMap<>();
    nGramMeasures(text, top, dup);
    return new Measures(lp[0], lp[1], lp[2], lp[3], Collections.unmodifiableMap(top), Collections.unmodifiableMap(dup));
  }

  /** {dup line frac, dup paragraph frac, dup line char frac, dup paragraph char frac}. */
  private static double[] lineAndParagraphMeasures(String text) {
    Set<String> seenLines = new HashSet<>();
    Set<String> seenParas = new HashSet<>();
    int lines = 0, dupLines = 0, paras = 0, dupParas = 0;
    long chars = 0, dupLineChars = 0, dupParaChars = 0;
    StringBuilder para = new StringBuilder();
    long paraChars = 0;
    int len = text.length();
    int start = 0;
    while (start <= len) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? len : nl;
      int a = Chars.skipSpace(text, start, end);
      int b = Chars.trimEnd(text, a, end);
      if (a < b) {
        String line = text.substring(a, b);
        int c = Chars.codePoints(text, a, b);
        lines++;
        chars += c;
        if (!seenLines.add(line)) {
          dupLines++;
          dupLineChars += c;
        }
        if (para.length() > 0) {
          para.append('\n');
        }
        para.append(line);
        paraChars += c;
      }
      boolean last = nl < 0;
      if ((a == b || last) && para.length() > 0) {
        paras++;
        if (!seenParas.add(para.toString())) {
          dupParas++;
          dupParaChars += paraChars;
        }
        para.setLength(0);
        paraChars = 0;
      }
      if (last) {
        break;
      }
      start = nl + 1;
    }
    return new double[] {frac(dupLines, lines), frac(dupParas, paras), frac(dupLineChars, chars),
        frac(dupParaChars, chars)};
  }

  private void nGramMeasures(String text, Map<Integer, Double> top, Map<Integer, Double> dup) {
    // Words: interned to dense ids; prefix[i] = characters of words 0..i-1.
    int len = text.length();
    int[] wordIds = new int[Math.max(16, len / 5)];
    long[] prefix = new long[wordIds.length + 1];
    Map<String, Integer> vocabulary = new HashMap<>();
    int w = 0;
    int i = 0;
    while (i < len) {
      while (i < len && Chars.isSpace(text.charAt(i))) {
        i++;
      }
      if (i == len) {
        break;
      }
      int s = i;
      while (i < len && !Chars.isSpace(text.charAt(i))) {
        i++;
      }
      if (w == wordIds.length) {
        wordIds = java.util.Arrays.copyOf(wordIds, w * 2);
        prefix = java.util.Arrays.copyOf(prefix, w * 2 + 1);
      }
      Integer id = vocabulary.putIfAbsent(text.substring(s, i), vocabulary.size());
      wordIds[w] = id == null ? vocabulary.size() - 1 : id;
      prefix[w + 1] = prefix[w] + Chars.codePoints(text, s, i);
      w++;
    }
    long total = prefix[w];
    // n-gram ids, level by level: the n-gram at i is the (n-1)-gram at i followed by word i+n-1.
    int[] ids = java.util.Arrays.copyOf(wordIds, w);
    LongIdTable table = new LongIdTable(w);
    int[] counts = new int[Math.max(1, w)];
    boolean[] seen = new boolean[Math.max(1, w)];
    for (int n = 1; n <= maxN; n++) {
      int grams = w - n + 1;
      if (n > 1) {
        table.clear();
        for (int k = 0; k < grams; k++) {
          ids[k] = table.id(((long) ids[k] << 32) | wordIds[k + n - 1]);
        }
      }
      if (params.topNGramCharFrac().containsKey(n)) {
        top.put(n, grams <= 0 ? 0.0 : mostFrequentChars(ids, grams, n, prefix, counts) / nonZero(total));
      }
      if (params.dupNGramCharFrac().containsKey(n)) {
        dup.put(n, grams <= 0 ? 0.0 : duplicatedChars(ids, grams, n, prefix, seen) / nonZero(total));
      }
    }
  }

  /** count × characters of the most frequent n-gram (longest among ties), 0 if none occurs twice. */
  private static double mostFrequentChars(int[] ids, int grams, int n, long[] prefix, int[] counts) {
    java.util.Arrays.fill(counts, 0, grams, 0);
    int bestCount = 0;
    long bestChars = 0;
    for (int k = 0; k < grams; k++) {
      int c = ++counts[ids[k]];
      long chars = prefix[k + n] - prefix[k];
      if (c > bestCount || (c == bestCount && chars > bestChars)) {
        bestCount = c;
        bestChars = chars;
      }
    }
    return bestCount < 2 ? 0 : (double) bestCount * bestChars;
  }

  /** Characters of the words covered by repeated occurrences of n-grams, each word once. */
  private static double duplicatedChars(int[] ids, int grams, int n, long[] prefix, boolean[] seen) {
    java.util.Arrays.fill(seen, 0, grams, false);
    long covered = 0;
    int coveredEnd = 0;
    for (int k = 0; k < grams; k++) {
      if (seen[ids[k]]) {
        int from = Math.max(k, coveredEnd);
        covered += prefix[k + n] - prefix[from];
        coveredEnd = k + n;
      } else {
        seen[ids[k]] = true;
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
