package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.corpus.Document;
import org.falconet.filter.lang.LanguageFilter;
import org.falconet.filter.lang.LanguageIdentifier;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Filter;
import org.falconet.pipeline.Outcome;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/04-language-identification.ipynb and checks its funnel against the catalogue's
 * first three stages run here directly, its threshold against the paper's 0.65, and the short-text
 * table against what such a table must show.
 */
class NotebookLanguageIdentificationIT {
  static final Path CRAWL = Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/crawl");

  @Test
  void languageFunnelIsTheStagesAndShortTextsScoreLower() throws Exception {
    JsonNode nb = NotebookCheck.run("04-language-identification.ipynb", 300);

    assertEquals(0.65, LanguageFilter.Params.PAPER.threshold());   // RefinedWeb section 3.1
    assertTrue(Jupyter.text(NotebookCells.code(nb, "LanguageFilter.Params.PAPER"))
        .contains("Params[languages=[en], threshold=0.65, model=lid.176]"));

    List<Document> pages = NotebookCells.crawlPages(CRAWL);
    Filter url = (Filter) RefinedWeb.stage("url_filter");
    DocumentStage extraction = (DocumentStage) RefinedWeb.stage("text_extraction");
    DocumentStage language = (DocumentStage) RefinedWeb.stage("language_filter");
    Map<String, Integer> funnel = new TreeMap<>();
    Map<String, Integer> funnelSmall = new TreeMap<>();
    LanguageFilter small = new LanguageFilter(LanguageFilter.Params.DEBIAN_36);
    int in = 0;
    int lowScores = 0;
    for (Document d : pages) {
      if (!url.check(d).keeps() || !(extraction.apply(d) instanceof Outcome.Kept k)) {
        continue;
      }
      in++;
      Outcome o = language.apply(k.document());
      funnel.merge(o instanceof Outcome.Removed r ? "removed: " + r.reason() : "kept", 1, Integer::sum);
      Outcome os = small.apply(k.document());
      funnelSmall.merge(os instanceof Outcome.Removed r ? "removed: " + r.reason() : "kept", 1, Integer::sum);
      if (((Number) o.document().meta("language_score")).doubleValue() <= 0.65) {
        lowScores++;
      }
    }
    JsonNode funnelCell = NotebookCells.code(nb, "language_filter on the sample");
    assertTrue(Jupyter.text(funnelCell).startsWith(in + " documents in, " + funnel.get("kept") + " kept"), Jupyter.text(funnelCell));
    funnel.forEach((o, n) -> assertEquals((long) n, NotebookCells.number(funnelCell, o), o));
    assertEquals(in, funnel.values().stream().mapToInt(Integer::intValue).sum(), "kept + removed = in");

    // The two models' funnels, as the library gives them; the small one never says low_language_score here.
    List<List<String>> both = SampleCrawlRun.rows(NotebookCells.html(NotebookCells.code(nb, "language_filter with each model")));
    for (List<String> row : both) {
      assertEquals((long) funnel.getOrDefault(row.get(0), 0), Long.parseLong(row.get(1)), row.toString());
      assertEquals((long) funnelSmall.getOrDefault(row.get(0), 0), Long.parseLong(row.get(2)), row.toString());
    }
    // Languages the 37-language model never saw: lid.176 names Welsh, Icelandic, Esperanto; the small model cannot.
    List<List<String>> udhr = SampleCrawlRun.rows(NotebookCells.html(NotebookCells.code(nb, "languages debian-36 never saw")));
    assertEquals(10, udhr.size());
    for (List<String> row : udhr) {
      String code = row.get(0).replaceAll(".*\\((\\w+)\\)", "$1");
      assertTrue(!LanguageIdentifier.debian36().model().labels().contains("__label__" + code), row.toString());
      assertTrue(!row.get(3).equals(code), "debian-36 cannot name " + code);
    }
    for (String code : List.of("cy", "is", "eo", "tl", "hi", "lv")) {
      assertTrue(udhr.stream().anyMatch(r -> r.get(0).endsWith("(" + code + ")") && r.get(1).equals(code)), code + " " + udhr);
    }

    JsonNode histogram = NotebookCells.code(nb, "top language score of the sample's documents");
    assertTrue(Jupyter.text(histogram).startsWith(lowScores + " of " + in + " documents have a top score of 0.65 or less"),
        Jupyter.text(histogram));
    assertTrue(NotebookCells.svg(histogram).contains("0.65"), "threshold line drawn");

    String scores = NotebookCells.html(NotebookCells.code(nb, "language scores"));
    assertTrue(scores.contains("<td>English</td>") && scores.contains("<td>en</td>"), scores);
    assertTrue(scores.contains("<td>removed: wrong_language</td>"), scores);

    // Short texts: the share of English prefixes passing 0.65 is small for one word and complete for 64.
    String byLength = NotebookCells.html(NotebookCells.code(nb, "English prefixes of n words"));
    Matcher row = Pattern.compile("<tr><td>(\\d+)</td><td>([0-9.]+)</td><td>([0-9.]+)</td><td>([0-9.]+)</td></tr>").matcher(byLength);
    Map<Integer, Double> passing = new TreeMap<>();
    while (row.find()) {
      passing.put(Integer.parseInt(row.group(1)), Double.parseDouble(row.group(4)));
    }
    assertEquals(12, passing.size(), byLength);
    assertTrue(passing.get(1) < 50, "one word rarely passes: " + passing);
    assertTrue(passing.get(64) >= 99, "64 words of English pass: " + passing);
    assertTrue(passing.get(1) < passing.get(4) && passing.get(4) < passing.get(12), passing.toString());
  }
}
