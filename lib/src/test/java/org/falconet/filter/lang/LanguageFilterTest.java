package org.falconet.filter.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;

class LanguageFilterTest {

  private final LanguageFilter paper = new LanguageFilter(LanguageFilter.Params.PAPER);

  @Test
  void keepsEnglishAndRecordsLanguageAndScore() {
    Document d = Document.ofText("1", null, "The committee will publish its final report on the new railway line next spring.");
    Document kept = assertInstanceOf(Outcome.Kept.class, paper.apply(d)).document();
    assertEquals("en", kept.meta("language"));
    assertEquals(true, (double) kept.meta("language_score") > 0.65);
  }

  @Test
  void dropsOtherLanguagesAsWrongLanguage() {
    Document d = Document.ofText("2", null, "Der Ausschuss wird seinen Abschlussbericht über die neue Bahnstrecke im Frühjahr veröffentlichen.");
    Outcome.Removed r = assertInstanceOf(Outcome.Removed.class, paper.apply(d));
    assertEquals("wrong_language", r.reason());
    assertEquals("de", r.document().meta("language"));
  }

  @Test
  void dropsTargetLanguageAtOrBelowTheThresholdAsLowLanguageScore() throws IOException {
    // fasttext predict-prob plain.bin gives line 46 of lines.txt "__label__en 0.632938": top English, below 0.65.
    LanguageIdentifier small = LanguageIdentifier.of(FastTextModelTest.dir().resolve("plain.bin"));
    String line = Files.readAllLines(FastTextModelTest.dir().resolve("lines.txt")).get(45);
    LanguageFilter f = new LanguageFilter(LanguageFilter.Params.PAPER, small);
    Outcome.Removed r = assertInstanceOf(Outcome.Removed.class, f.apply(Document.ofText("3", null, line)));
    assertEquals("low_language_score", r.reason());
    assertEquals(0.6329, (double) r.document().meta("language_score"), 1e-4);
    LanguageFilter lenient = new LanguageFilter(new LanguageFilter.Params(Set.of("en"), 0.6, "lid.176"), small);
    assertInstanceOf(Outcome.Kept.class, lenient.apply(Document.ofText("3", null, line)));
  }

  @Test
  void targetLanguagesAreAParameter() {
    LanguageFilter fr = new LanguageFilter(new LanguageFilter.Params(Set.of("fr", "de"), 0.5, null));
    Document d = Document.ofText("4", null, "Le comité publiera son rapport final sur la nouvelle ligne ferroviaire au printemps.");
    assertInstanceOf(Outcome.Kept.class, fr.apply(d));
  }

  @Test
  void rejectsBadParams() {
    assertThrows(IllegalArgumentException.class, () -> new LanguageFilter.Params(Set.of(), 0.65, null));
    assertThrows(IllegalArgumentException.class, () -> new LanguageFilter.Params(Set.of("en"), 1.5, null));
  }
}
