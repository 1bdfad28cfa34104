package org.falconet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.falconet.corpus.Document;
import org.falconet.filter.quality.LineWiseCorrections;
import org.falconet.pipeline.Outcome;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** Struck-through lines: the page shows the original text, in order, with exactly the removed lines struck. */
class CurationReportTest {
  static final String PARAGRAPH = "The committee spent the whole afternoon on the budget of the public library, the"
      + " repair of the old bridge and the timetable of the new tram line to the northern suburbs of the town.";

  @Test
  void handMadeRemovalsAreStruckInPlace() {
    List<Map<String, Object>> removed = List.of(Map.of("line", 1, "text", "87 views", "rule", "counter"));
    String html = CurationReport.struck("first\n87 views\nlast", removed, true);
    assertEquals("first\n<del>87 views</del><span class=\"rule\">counter</span>\nlast\n", html);
    // The same removal on the corrected text ("first\nlast"): the struck line goes back between the two.
    assertEquals(html, CurationReport.struck("first\nlast", removed, false));
  }

  @Test
  void aKeptDocumentsCorrectedTextIsShownAsTheOriginalWithTheStagesRemovalsStruck() {
    String original = String.join("\n", PARAGRAPH, "Sign in to comment", PARAGRAPH.replace("afternoon", "morning"),
        "42 likes", PARAGRAPH.replace("library", "school"), PARAGRAPH.replace("bridge", "road"),
        PARAGRAPH.replace("tram", "bus"), PARAGRAPH.replace("town", "city"));
    Outcome out = LineWiseCorrections.paper().apply(Document.ofText("d", null, original));
    assertTrue(out instanceof Outcome.Kept, "a small share of words removed: the document is kept");
    Document kept = out.document();
    List<?> removedLines = (List<?>) kept.meta("removed_lines");
    assertEquals(2, removedLines.size(), String.valueOf(removedLines));

    var shown = Jsoup.parse("<pre>" + CurationReport.struck(kept.text(), removedLines, false) + "</pre>");
    assertEquals(List.of("Sign in to comment", "42 likes"), shown.select("del").eachText());
    shown.select("span").remove(); // rules and "kept:" notes
    assertEquals(original, shown.select("pre").first().wholeText().replaceAll(" +\n", "\n").strip());
  }
}
