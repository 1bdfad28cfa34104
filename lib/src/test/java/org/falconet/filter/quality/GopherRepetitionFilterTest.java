package org.falconet.filter.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Filter.Verdict;
import org.junit.jupiter.api.Test;

/**
 * One test per drop reason: a hand-built document at exactly the paper's limit (kept, since only
 * exceeding removes) and one just over it (removed with the rule's reason). Each test switches the
 * other rules off so that the document exercises one rule.
 */
class GopherRepetitionFilterTest {
  private static final GopherRepetitionFilter.Params P = GopherRepetitionFilter.Params.PAPER;
  private static final double OFF = 1e9;

  /** Only the named rule at its paper value; every other limit out of reach. */
  private static GopherRepetitionFilter only(String rule) {
    Map<Integer, Double> top = new HashMap<>();
    Map<Integer, Double> dup = new HashMap<>();
    P.topNGramCharFrac().forEach((n, f) -> top.put(n, rule.equals("top_" + n + "_gram") ? f : OFF));
    P.dupNGramCharFrac().forEach((n, f) -> dup.put(n, rule.equals("duplicated_" + n + "_n_grams") ? f : OFF));
    return new GopherRepetitionFilter(new GopherRepetitionFilter.Params(
        rule.equals("dup_line_frac") ? P.dupLineFrac() : OFF,
        rule.equals("dup_para_frac") ? P.dupParaFrac() : OFF,
        rule.equals("dup_line_char_frac") ? P.dupLineCharFrac() : OFF,
        rule.equals("dup_para_char_frac") ? P.dupParaCharFrac() : OFF, top, dup));
  }

  private static String verdict(GopherRepetitionFilter f, String text) {
    Verdict v = f.check(Document.ofText("d", null, text));
    return v.keeps() ? "kept" : v.reason();
  }

  /** {@code total} units, the last {@code dups} of them copies of unit 0; units "unit 000"... (same length). */
  private static String units(int total, int dups, String separator) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < total - dups; k++) {
      out.add(String.format("unit %03d", k));
    }
    for (int k = 0; k < dups; k++) {
      out.add("unit 000");
    }
    return String.join(separator, out);
  }

  @Test
  void dupLineFrac() {
    assertEquals("kept", verdict(only("dup_line_frac"), units(100, 30, "\n")));
    assertEquals("dup_line_frac", verdict(only("dup_line_frac"), units(100, 31, "\n")));
  }

  @Test
  void dupParaFrac() {
    assertEquals("kept", verdict(only("dup_para_frac"), units(100, 30, "\n\n")));
    assertEquals("dup_para_frac", verdict(only("dup_para_frac"), units(100, 31, "\n \n")));
  }

  @Test
  void dupLineCharFrac() {
    assertEquals("kept", verdict(only("dup_line_char_frac"), units(100, 20, "\n")));
    assertEquals("dup_line_char_frac", verdict(only("dup_line_char_frac"), units(100, 21, "\n")));
  }

  @Test
  void dupParaCharFrac() {
    assertEquals("kept", verdict(only("dup_para_char_frac"), units(100, 20, "\n\n")));
    assertEquals("dup_para_char_frac", verdict(only("dup_para_char_frac"), units(100, 21, "\n\n")));
  }

  @Test
  void blankLinesAreNotDuplicateLines() {
    var m = GopherRepetitionFilter.paper().measure("one line\n\ntwo line\n\n\nthree line\n  \nfour line");
    assertEquals(0.0, m.dupLineFrac());
    assertEquals(0.0, m.dupParaFrac());
  }

  /** {@code total} four-letter words with an n-gram of "rpNN" words inserted {@code times} times, unique words between. */
  private static String repeatedNGram(int n, int times, int total) {
    List<String> words = new ArrayList<>();
    int unique = 0;
    for (int t = 0; t < times; t++) {
      for (int k = 0; k < n; k++) {
        words.add(String.format("rp%02d", k));
      }
      words.add(String.format("%04d", unique++));
    }
    while (words.size() < total) {
      words.add(String.format("%04d", unique++));
    }
    assertEquals(total, words.size());
    return String.join(" ", words);
  }

  @Test
  void topNGrams() {
    for (int n = 2; n <= 4; n++) {
      String reason = "top_" + n + "_gram";
      int atLimit = (int) Math.round(P.topNGramCharFrac().get(n) * 100);
      // n words of 4 characters, `times` times, in 100·n words: fraction = times / 100.
      assertEquals("kept", verdict(only(reason), repeatedNGram(n, atLimit, 100 * n)), reason);
      assertEquals(reason, verdict(only(reason), repeatedNGram(n, atLimit + 1, 100 * n)), reason);
    }
  }

  @Test
  void topNGramSeenOnceIsNotRepetition() {
    assertEquals(0.0, GopherRepetitionFilter.paper().measure("just four words here").topNGramCharFrac().get(2));
  }

  /** 100 four-letter words; a block of {@code m} of them appears twice (the second copy is duplicated). */
  private static String repeatedBlock(int m) {
    List<String> words = new ArrayList<>();
    for (int k = 0; k < m; k++) {
      words.add(String.format("b%03d", k));
    }
    int unique = 0;
    words.add(String.format("%04d", unique++));
    for (int k = 0; k < m; k++) {
      words.add(String.format("b%03d", k));
    }
    while (words.size() < 100) {
      words.add(String.format("%04d", unique++));
    }
    return String.join(" ", words);
  }

  @Test
  void duplicatedNGrams() {
    for (int n = 5; n <= 10; n++) {
      String reason = "duplicated_" + n + "_n_grams";
      int atLimit = (int) Math.round(P.dupNGramCharFrac().get(n) * 100);
      assertEquals("kept", verdict(only(reason), repeatedBlock(atLimit)), reason);
      assertEquals(reason, verdict(only(reason), repeatedBlock(atLimit + 1)), reason);
    }
  }

  @Test
  void overlappingDuplicatesCountEachWordOnce() {
    // "a a a a a a a": 5-grams start at 0, 1, 2; the two repeats cover words 1..6: 6 of 7 words.
    var m = GopherRepetitionFilter.paper().measure("aa aa aa aa aa aa aa");
    assertEquals(6.0 / 7, m.dupNGramCharFrac().get(5), 1e-12);
  }

  @Test
  void paperLimitsRemoveAPageRepeatedTwiceAndKeepProse() {
    String prose = "The committee met on Tuesday to discuss the new budget for the library.\n"
        + "Several members asked whether the reading room could stay open later in the evening.\n\n"
        + "After a long debate, the proposal was accepted with a small change to the opening hours.";
    assertEquals("kept", verdict(GopherRepetitionFilter.paper(), prose));
    assertEquals("dup_line_frac", verdict(GopherRepetitionFilter.paper(), prose + "\n" + prose));
  }

  @Test
  void charactersAreCodePoints() {
    // "😀 x" is 3 code points (4 UTF-16 units); lines hold 3 + 11 + 3 characters, 3 duplicated.
    var m = GopherRepetitionFilter.paper().measure("😀 x\nlonger line\n  😀 x  ");
    assertEquals(3.0 / 17, m.dupLineCharFrac(), 1e-12);
    assertEquals(1.0 / 3, m.dupLineFrac(), 1e-12);
  }

  @Test
  void htmlOnlyDocumentIsNotExtracted() {
    Verdict v = GopherRepetitionFilter.paper().check(Document.ofHtml("d", null, null, "<p>hi</p>"));
    assertEquals("not_extracted", v.reason());
  }

  @Test
  void emptyTextHasNoRepetition() {
    assertTrue(GopherRepetitionFilter.paper().check(Document.ofText("d", null, "")).keeps());
  }
}
