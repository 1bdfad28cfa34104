package org.falconet.refinedweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.extract.TrafilaturaStyleExtractor;
import org.falconet.filter.lang.LanguageFilter;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;

/** The text-extraction and language-filter stages as the catalogue gives them, in the paper's order. */
class RefinedWebCleanTextTest {

  @Test
  void catalogueHasBothStagesInPaperOrder() {
    int ex = RefinedWeb.STAGE_NAMES.indexOf("text_extraction");
    int lang = RefinedWeb.STAGE_NAMES.indexOf("language_filter");
    assertTrue(ex >= 0 && lang == ex + 1, RefinedWeb.STAGE_NAMES.toString());
    assertInstanceOf(TrafilaturaStyleExtractor.class, RefinedWeb.stage("text_extraction"));
    assertEquals(0.65, ((LanguageFilter) RefinedWeb.stage("language_filter")).params().threshold());
  }

  @Test
  void extractionThenLanguageFilterOnAPage() {
    List<DocumentStage> stages = List.of((DocumentStage) RefinedWeb.stage("text_extraction"),
        (DocumentStage) RefinedWeb.stage("language_filter"));
    Document d = Document.ofHtml("1", "https://example.org/a", null, "<html><head><title>Rain</title></head><body>"
        + "<nav><a href='/'>Home</a></nav><article><p>Heavy rain is expected across the north of the country "
        + "on Friday, and forecasters have warned of flooding.</p></article></body></html>");
    for (DocumentStage s : stages) {
      Outcome o = s.apply(d);
      d = assertInstanceOf(Outcome.Kept.class, o).document();
    }
    assertEquals("en", d.meta("language"));
    assertEquals("Rain", d.meta("title"));
    assertTrue(d.text().startsWith("Heavy rain"), d.text());
  }
}
