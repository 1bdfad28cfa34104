package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.pipeline.StageStats;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/05-repetition-removal.ipynb through the real kernel (outputs equal to the committed
 * ones) and checks what it shows against Gopher's published limits, hand-computed measures and a direct
 * run of the library's pipeline on the sample crawl.
 */
class NotebookRepetitionRemovalIT {

  @Test
  void repetitionNotebookShowsTheLibrarysRemovals() throws Exception {
    JsonNode nb = NotebookCheck.run("05-repetition-removal.ipynb", 300);

    // The limits shown are Gopher's table A1 (Rae et al. 2021), in table order.
    double[] tableA1 = {0.30, 0.30, 0.20, 0.20, 0.20, 0.18, 0.16, 0.15, 0.14, 0.13, 0.12, 0.11, 0.10};
    List<List<String>> limits = SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "gopherTableA1 =")).get(0));
    assertEquals(13, limits.size());
    for (int k = 0; k < 13; k++) {
      assertEquals(tableA1[k], Double.parseDouble(limits.get(k).get(1)), 1e-12, limits.get(k).get(0));
      assertEquals(tableA1[k], Double.parseDouble(limits.get(k).get(2)), 1e-12, limits.get(k).get(0));
    }

    // A two-line text pasted twice, by hand: 2 of 4 lines repeat; one paragraph; 34 words of 138 characters,
    // the longest repeated bigram "dozen liquor" has 11 (2 x 11 / 138); the second copy is repeated n-grams.
    JsonNode toy = SampleCrawlRun.cell(nb, "String pasted =");
    Map<String, Double> m = new LinkedHashMap<>();
    for (List<String> r : SampleCrawlRun.rows(SampleCrawlRun.htmls(toy).get(0))) {
      m.put(r.get(0), Double.parseDouble(r.get(1)));
    }
    assertEquals(0.5, m.get("dup_line_frac"));
    assertEquals(0.0, m.get("dup_para_frac"));
    assertEquals(0.5, m.get("dup_line_char_frac"));
    assertEquals(Math.round(1000 * 22.0 / 138) / 1000.0, m.get("top_2_gram"));
    for (int n = 5; n <= 10; n++) {
      assertEquals(0.5, m.get("duplicated_" + n + "_n_grams"));
    }
    assertTrue(Jupyter.text(toy).contains("Verdict[reason=dup_line_frac]"), Jupyter.text(toy));

    // The removals equal the pipeline's own repetition stage, run directly on the sample crawl.
    StageStats truth = SampleCrawlRun.stats().stage("gopher_repetition");
    JsonNode counts = SampleCrawlRun.cell(nb, "removed by reason");
    assertTrue(Jupyter.text(counts).startsWith(truth.docsIn + " documents measured, " + truth.removed() + " removed"),
        Jupyter.text(counts));
    assertEquals(truth.removedByReason, new java.util.TreeMap<>(SampleCrawlRun.counts(SampleCrawlRun.htmls(counts).get(0))));

    // Every removed page was planted as repetitive (the crawl's manifest), none as clean.
    long crossed = 0;
    for (List<String> r : SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "removed pages by planted defect")).get(0))) {
      assertTrue(r.get(0).equals("seo_spam") || r.get(0).startsWith("rep_"), r.toString());
      crossed += Long.parseLong(r.get(2));
    }
    assertEquals(truth.removed(), crossed);

    // Nine histograms, each with its limit drawn.
    int charts = 0;
    for (JsonNode c : nb.path("cells")) {
      for (JsonNode o : c.path("outputs")) {
        String svg = Jupyter.data(o, "image/svg+xml");
        if (!svg.isEmpty() && !c.path("metadata").path("tags").toString().contains("solution")) {
          // The limit: a dashed line (XChart's rule style) named in the chart's description (its legend).
          assertTrue(svg.contains("stroke-dasharray:6,4") && svg.contains("lines: limit "), "a histogram without its limit");
          charts++;
        }
      }
    }
    assertEquals(9, charts);
  }
}
