package org.falconet.filter.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;

/**
 * One test per line rule (the line removed or cut, and a near miss left alone) and one for the
 * document rule ({@code too_many_removed_words}) at exactly 5% and just over.
 */
class LineWiseCorrectionsTest {
  private static final LineWiseCorrections STAGE = LineWiseCorrections.paper();

  /** 200 words of prose in 20 lines of ten, so that one short bad line stays under 5%. */
  private static String prose() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add("The old mill by the river was rebuilt in the spring.");
    }
    return String.join("\n", lines);
  }

  private static Outcome run(String text) {
    return STAGE.apply(Document.ofText("d", null, text));
  }

  /** The rule that removed or cut {@code line} inserted after the first prose line, or null if untouched. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> entryFor(String line) {
    String text = "The old mill by the river was rebuilt in the spring.\n" + line + "\n" + prose();
    Outcome o = run(text);
    assertInstanceOf(Outcome.Kept.class, o, () -> "document removed for line: " + line);
    List<Map<String, Object>> removed = (List<Map<String, Object>>) o.document().meta("removed_lines");
    if (removed == null) {
      assertEquals(text, o.document().text());
      return null;
    }
    assertEquals(1, removed.size());
    assertEquals(1, removed.get(0).get("line"));
    assertEquals(line, removed.get(0).get("text"));
    return removed.get(0);
  }

  private static String rule(String line) {
    Map<String, Object> e = entryFor(line);
    return e == null ? "kept" : (String) e.get("rule");
  }

  @Test
  void uppercase() {
    assertEquals("uppercase", rule("BREAKING NEWS TODAY"));
    assertEquals("uppercase", rule("ABCDE fghi")); // 5 of 9 letters
    assertEquals("kept", rule("ABCD efgh")); // exactly half is not "mostly"
  }

  @Test
  void numerical() {
    assertEquals("numerical", rule("12/03/2023 14:05"));
    assertEquals("numerical", rule("(555) 123-4567"));
    assertEquals("kept", rule("12 March 2023"));
  }

  @Test
  void counter() {
    assertEquals("counter", rule("3 likes"));
    assertEquals("counter", rule("1.2K shares"));
    assertEquals("counter", rule("12 Comments"));
    assertEquals("kept", rule("3 likes for this idea"));
  }

  @Test
  void singleWord() {
    assertEquals("single_word", rule("Menu"));
    assertEquals("single_word", rule("  |  "));
    assertEquals("kept", rule("Main menu"));
  }

  @Test
  void boilerplateStartIsCut() {
    Map<String, Object> e = entryFor("» Sign in | Members get free delivery");
    assertEquals("boilerplate_start", e.get("rule"));
    assertEquals("Members get free delivery", e.get("kept"));
    assertEquals(4, e.get("words")); // "»", "Sign", "in", "|"
    assertEquals("kept", rule("Signing in takes a minute"));
  }

  @Test
  void boilerplateEndIsCut() {
    Map<String, Object> e = entryFor("Ten tips for a better garden. Read more...");
    assertEquals("boilerplate_end", e.get("rule"));
    assertEquals("Ten tips for a better garden.", e.get("kept"));
    assertEquals(2, e.get("words"));
    // Eleven words: not a short line, left alone.
    assertEquals("kept", rule("Here are ten simple tips for a much better garden. Read more"));
  }

  @Test
  void boilerplateAnywhereIsCut() {
    Map<String, Object> e = entryFor("Basket: 2 items in cart, total 14 euros");
    assertEquals("boilerplate_anywhere", e.get("rule"));
    assertEquals("Basket: 2 total 14 euros", e.get("kept"));
  }

  @Test
  void removedAndCutLinesLeaveTheRestAsItWas() {
    String text = prose() + "\n\n3 likes\n  Indented line stays as it is.  \nTen tips for a better garden. Read more...\n"
        + prose();
    Outcome o = run(text);
    assertEquals(prose() + "\n\n  Indented line stays as it is.  \nTen tips for a better garden.\n" + prose(),
        o.document().text());
    assertEquals(2, ((List<?>) o.document().meta("removed_lines")).size());
  }

  @Test
  void lineLeftEmptyByACutGoes() {
    Outcome o = run("Sign in\n" + prose());
    assertEquals(prose(), o.document().text());
  }

  /** 95 words of prose (nine lines of ten, one of five) with {@code n} single-word lines between. */
  private static String withSingleWordLines(int n) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      lines.add("The old mill by the river was rebuilt in spring.");
    }
    lines.add("It opened in early May.");
    for (int i = 0; i < n; i++) {
      lines.add(1 + 2 * i, "Share");
    }
    return String.join("\n", lines);
  }

  @Test
  void tooManyRemovedWords() {
    // 5 removed of 100 words: exactly 5%, kept; 6 of 101: removed.
    Outcome atLimit = run(withSingleWordLines(5));
    assertInstanceOf(Outcome.Kept.class, atLimit);
    assertEquals(0.05, (double) atLimit.document().meta("removed_word_share"));
    assertEquals(95, atLimit.document().text().split("\\s+").length);
    Outcome removed = run(withSingleWordLines(6));
    assertInstanceOf(Outcome.Removed.class, removed);
    assertEquals("too_many_removed_words", ((Outcome.Removed) removed).reason());
    assertEquals(6, ((List<?>) removed.document().meta("removed_lines")).size());
  }

  @Test
  void untouchedDocumentIsReturnedAsIs() {
    Document d = Document.ofText("d", null, prose());
    Outcome o = STAGE.apply(d);
    assertEquals(d, o.document());
    assertNull(o.document().meta("removed_lines"));
  }

  @Test
  void htmlOnlyDocumentIsNotExtracted() {
    Outcome o = STAGE.apply(Document.ofHtml("d", null, null, "<p>x</p>"));
    assertEquals("not_extracted", ((Outcome.Removed) o).reason());
  }
}
