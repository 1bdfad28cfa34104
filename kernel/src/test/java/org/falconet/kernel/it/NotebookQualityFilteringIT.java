package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.TreeMap;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.pipeline.StageStats;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/06-quality-filtering.ipynb through the real kernel (outputs equal to the committed
 * ones) and checks what it shows against Gopher's published limits, a hand-measured text and a direct run
 * of the library's pipeline on the sample crawl.
 */
class NotebookQualityFilteringIT {

  @Test
  void qualityNotebookShowsTheLibrarysRemovals() throws Exception {
    JsonNode nb = NotebookCheck.run("06-quality-filtering.ipynb", 300);

    // Gopher, Rae et al. 2021, appendix A: 50..100,000 words, mean word length 3..10, '#' and ellipsis
    // ratios 0.1, 90% bullet lines, 30% ellipsis lines, 80% alphabetic words, 2 stop words.
    double[] appendixA = {50, 100_000, 3, 10, 0.1, 0.1, 0.9, 0.3, 0.8, 2};
    List<List<String>> limits = SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "Gopher appendix A")).get(0));
    assertEquals(appendixA.length, limits.size());
    for (int k = 0; k < appendixA.length; k++) {
      assertEquals(appendixA[k], Double.parseDouble(limits.get(k).get(1)), 1e-12, limits.get(k).get(0));
    }
    assertEquals("[and, be, have, of, that, the, to, with]\n", Jupyter.text(SampleCrawlRun.cell(nb, "p.stopWords()")));

    // By hand: 11 words, 48 letters, one '#', stop words The, to, the; too short, the first rule.
    String toy = Jupyter.text(SampleCrawlRun.cell(nb, "String shortText ="));
    assertTrue(toy.contains("words=11, meanWordLength=" + (48.0 / 11) + ", hashRatio=" + (1.0 / 11) + ","), toy);
    assertTrue(toy.contains("alphaWordFrac=1.0, stopWords=3]"), toy);
    assertTrue(toy.contains("Verdict[reason=too_few_words]"), toy);

    // The removals equal the pipeline's own quality stage, run directly on the sample crawl.
    StageStats truth = SampleCrawlRun.stats().stage("gopher_quality");
    JsonNode counts = SampleCrawlRun.cell(nb, "removed by reason");
    assertTrue(Jupyter.text(counts).startsWith(truth.docsIn + " documents measured, " + truth.removed() + " removed"),
        Jupyter.text(counts));
    assertEquals(truth.removedByReason, new TreeMap<>(SampleCrawlRun.counts(SampleCrawlRun.htmls(counts).get(0))));
    TreeMap<String, Long> firstRule = new TreeMap<>();
    for (List<String> r : SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "the quality rules on")).get(0))) {
      if (!r.get(6).equals("0")) {
        firstRule.put(r.get(0), Long.parseLong(r.get(6)));
      }
      assertTrue(Long.parseLong(r.get(5)) >= Long.parseLong(r.get(6)), "past the limit >= removed by it: " + r);
    }
    assertEquals(truth.removedByReason, firstRule);

    // Every removed page was planted for this filter (the crawl's manifest), none as clean.
    long crossed = 0;
    for (List<String> r : SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "removed pages by planted defect")).get(0))) {
      assertTrue(r.get(0).startsWith("gq_"), r.toString());
      crossed += Long.parseLong(r.get(2));
    }
    assertEquals(truth.removed(), crossed);
  }
}
