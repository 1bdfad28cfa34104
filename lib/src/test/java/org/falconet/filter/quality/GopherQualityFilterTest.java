package org.falconet.filter.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Filter.Verdict;
import org.junit.jupiter.api.Test;

/** One test per drop reason, with the paper's limits: a document at the limit (kept) and one just past it. */
class GopherQualityFilterTest {
  private static final GopherQualityFilter F = GopherQualityFilter.paper();

  /** Ten ordinary words, mean length 4.1, four stop words. */
  private static final List<String> BASE = List.of("the", "river", "flows", "to", "and", "of", "valley", "with",
      "stone", "bridge");

  private static String verdict(String text) {
    Verdict v = F.check(Document.ofText("d", null, text));
    return v.keeps() ? "kept" : v.reason();
  }

  private static List<String> words(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(BASE.get(i % BASE.size()));
    }
    return out;
  }

  @Test
  void tooFewWords() {
    assertEquals("kept", verdict(String.join(" ", words(50))));
    assertEquals("too_few_words", verdict(String.join(" ", words(49))));
  }

  @Test
  void tooManyWords() {
    assertEquals("kept", verdict(String.join(" ", words(100_000))));
    assertEquals("too_many_words", verdict(String.join(" ", words(100_001))));
  }

  @Test
  void punctuationIsNotAWord() {
    List<String> w = words(49);
    w.add("—");
    w.add("...");
    assertEquals(49, F.measure(String.join(" ", w)).words());
    assertEquals(5.0, F.measure("\"hello,\" (world)!").meanWordLength());
  }

  @Test
  void meanWordLengthTooShort() {
    List<String> w = new ArrayList<>(Collections.nCopies(25, "the"));
    w.addAll(Collections.nCopies(25, "and"));
    assertEquals("kept", verdict(String.join(" ", w)));
    w.set(0, "to"); // (49·3 + 2) / 50 = 2.98
    assertEquals("mean_word_length_too_short", verdict(String.join(" ", w)));
  }

  @Test
  void meanWordLengthTooLong() {
    // (3 + 3 + 2·17 + 46·10) / 50 = 10
    List<String> w = new ArrayList<>(List.of("the", "and", "abcdefghijklmnopq", "abcdefghijklmnopq"));
    w.addAll(Collections.nCopies(46, "abcdefghij"));
    assertEquals("kept", verdict(String.join(" ", w)));
    w.set(4, "abcdefghijk"); // 501 / 50
    assertEquals("mean_word_length_too_long", verdict(String.join(" ", w)));
  }

  private static String withTokens(String token, int count) {
    List<String> w = words(50);
    for (int i = 0; i < count; i++) {
      w.add(1 + 2 * i, token);
    }
    return String.join(" ", w);
  }

  @Test
  void tooManyHashes() {
    assertEquals("kept", verdict(withTokens("#", 5)));
    assertEquals("too_many_hashes", verdict(withTokens("#", 6)));
  }

  @Test
  void tooManyEllipses() {
    assertEquals("kept", verdict(withTokens("...", 5)));
    assertEquals("too_many_ellipses", verdict(withTokens("…", 6)));
  }

  /** 100 lines of five words; the first {@code marked} get {@code prefix} and {@code suffix}. */
  private static String lines(int marked, String prefix, String suffix) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String line = String.join(" ", words(5));
      out.add(i < marked ? prefix + line + suffix : line);
    }
    return String.join("\n", out);
  }

  @Test
  void tooManyBulletLines() {
    assertEquals("kept", verdict(lines(90, "  • ", "")));
    assertEquals("too_many_bullet_lines", verdict(lines(91, "• ", "")));
  }

  @Test
  void tooManyEllipsisLines() {
    assertEquals("kept", verdict(lines(30, "", "…")));
    assertEquals("too_many_ellipsis_lines", verdict(lines(31, "", "... ")));
  }

  @Test
  void tooFewAlphaWords() {
    List<String> w = words(40);
    w.addAll(Collections.nCopies(10, "1234"));
    assertEquals("kept", verdict(String.join(" ", w)));
    w.set(0, "2024"); // 39 of 50 words with a letter: 0.78
    assertEquals("too_few_alpha_words", verdict(String.join(" ", w)));
  }

  @Test
  void tooFewStopWords() {
    List<String> w = new ArrayList<>(Collections.nCopies(48, "river"));
    w.add("The");
    w.add("with");
    assertEquals("kept", verdict(String.join(" ", w)));
    w.set(49, "stone");
    assertEquals("too_few_stop_words", verdict(String.join(" ", w)));
  }

  @Test
  void htmlOnlyDocumentIsNotExtracted() {
    assertEquals("not_extracted", F.check(Document.ofHtml("d", null, null, "<p>x</p>")).reason());
  }
}
