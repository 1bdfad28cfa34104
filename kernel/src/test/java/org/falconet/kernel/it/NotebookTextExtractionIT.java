package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.extract.TrafilaturaStyleExtractor;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Filter;
import org.falconet.pipeline.Outcome;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/03-text-extraction.ipynb and checks its funnel against the catalogue's
 * text_extraction stage run here, its quality figures against the bound the library's own
 * evaluation test holds (and docs/pipeline.md reports), and its drop reasons.
 */
class NotebookTextExtractionIT {
  static final Path REPO = Path.of(System.getProperty("falconet.repo", ".."));

  @Test
  void extractionFiguresAreTheLibrarys() throws Exception {
    JsonNode nb = NotebookCheck.run("03-text-extraction.ipynb", 300);

    List<Document> pages = NotebookCells.crawlPages(REPO.resolve("datasets-sample/crawl"));
    Filter url = (Filter) RefinedWeb.stage("url_filter");
    DocumentStage extraction = (DocumentStage) RefinedWeb.stage("text_extraction");
    Map<String, Integer> outcomes = new TreeMap<>();
    int in = 0;
    for (Document d : pages) {
      if (url.check(d).keeps()) {
        in++;
        Outcome o = extraction.apply(d);
        outcomes.merge(o instanceof Outcome.Removed r ? "removed: " + r.reason() : "kept", 1, Integer::sum);
      }
    }
    JsonNode funnel = NotebookCells.code(nb, "text_extraction on the sample");
    assertTrue(Jupyter.text(funnel).startsWith(in + " pages in;"), Jupyter.text(funnel));
    outcomes.forEach((o, n) -> assertEquals((long) n, NotebookCells.number(funnel, o), o));

    // The first page, its boilerplate struck: site name and footer struck, the article's first paragraph not.
    Document first = pages.get(0);
    String text = new TrafilaturaStyleExtractor().extract(first.html(), first.url()).text();
    String shown = NotebookCells.html(NotebookCells.code(nb, "PageLines.asDocument(page.id()"));
    assertTrue(shown.contains("title=\"boilerplate\">Maple Notes</del>"), shown);
    assertTrue(shown.contains("title=\"boilerplate\">&copy; 2023 Maple Notes. All rights reserved.</del>")
        || shown.contains("title=\"boilerplate\">© 2023 Maple Notes. All rights reserved.</del>"), shown);
    String firstLine = text.lines().findFirst().orElseThrow();
    assertTrue(shown.contains("\n" + firstLine.substring(0, 40)), "kept line shown unstruck: " + firstLine);

    JsonNode quality = NotebookCells.code(nb, "extraction quality, word 4-gram shingles");
    long evalPages;
    try (Stream<Path> s = Files.list(REPO.resolve("lib/src/test/resources/extract/eval"))) {
      evalPages = s.filter(p -> p.toString().endsWith(".html")).count();
    }
    assertTrue(NotebookCells.html(quality).contains("(" + evalPages + " pages)"));
    Matcher all = Pattern.compile("<td>all</td><td>([0-9.]+)</td><td>([0-9.]+)</td><td>([0-9.]+)</td>")
        .matcher(NotebookCells.html(quality));
    assertTrue(all.find(), NotebookCells.html(quality));
    double precision = Double.parseDouble(all.group(1));
    double recall = Double.parseDouble(all.group(2));
    double f1 = Double.parseDouble(all.group(3));
    assertEquals(2 * precision * recall / (precision + recall), f1, 1e-4, "F1 is the harmonic mean");
    // docs/pipeline.md: precision 0.9976, recall 0.9920, F1 0.9948; ExtractionQualityTest holds both at 0.98 or more.
    assertTrue(f1 >= 0.98, "F1 " + f1);
    assertTrue(precision >= 0.98, "precision " + precision);

    String robust = NotebookCells.html(NotebookCells.code(nb, "bad pages and what the extractor says"));
    for (String reason : List.of("page_too_large", "binary_content", "too_many_elements", "nesting_too_deep", "no_main_text")) {
      assertTrue(robust.contains("dropped: " + reason), reason + " in " + robust);
    }
    assertTrue(!robust.contains("text: "), "no bad page yields text: " + robust);
  }
}
