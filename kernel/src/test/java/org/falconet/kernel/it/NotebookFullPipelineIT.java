package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.pipeline.CurationOutput;
import org.falconet.pipeline.Funnel;
import org.falconet.pipeline.RunStats;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/10-full-pipeline.ipynb through the real kernel (outputs equal to the committed ones)
 * and checks its funnel, its "why was this removed" answers and the curated corpus it writes against a
 * direct run of the library's pipeline on the sample crawl and the crawl's manifest.
 */
class NotebookFullPipelineIT {

  @Test
  void fullPipelineNotebookShowsTheLibrarysFunnel() throws Exception {
    JsonNode nb = NotebookCheck.run("10-full-pipeline.ipynb", 420);
    RunStats truth = SampleCrawlRun.stats();
    List<String[]> manifest = SampleCrawlRun.manifest();

    // The stage catalogue, in the paper's order.
    List<List<String>> catalogue = SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "the RefinedWeb stages")).get(0));
    assertEquals(RefinedWeb.STAGE_NAMES, catalogue.stream().map(r -> r.get(0)).toList());

    // Every record of the crawl (one per manifest row) is kept or removed.
    String accounting = Jupyter.text(SampleCrawlRun.cell(nb, "records in = "));
    Matcher m = Pattern.compile("(\\d+) records in = (\\d+) kept \\+ (\\d+) removed").matcher(accounting);
    assertTrue(m.find(), accounting);
    long in = Long.parseLong(m.group(1));
    long kept = Long.parseLong(m.group(2));
    long removed = Long.parseLong(m.group(3));
    assertEquals(in, kept + removed);
    assertEquals(manifest.size(), in);
    assertEquals(truth.kept, kept);
    assertEquals(truth.removed, removed);

    // The funnel, stage by stage, equals the direct run's.
    List<List<String>> funnel = SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "the funnel on the sample crawl")).get(0));
    List<Funnel.Row> rows = truth.funnel().rows();
    assertEquals(rows.size(), funnel.size());
    for (int i = 0; i < rows.size(); i++) {
      Funnel.Row r = rows.get(i);
      List<String> shown = funnel.get(i);
      assertEquals(List.of(r.stage(), "" + r.docsIn(), "" + r.removed(), "" + r.kept()), shown.subList(0, 4));
      assertEquals(Math.round(1000 * r.removedShare()) / 10.0, Double.parseDouble(shown.get(4)), 1e-9, r.stage());
      if (r.paperRemovedShare() == null) {
        assertEquals("", shown.get(5), r.stage());
        assertEquals("", shown.get(6), r.stage());
      } else {
        assertEquals(Math.round(1000 * r.paperRemovedShare()) / 10.0, Double.parseDouble(shown.get(5)), 1e-9, r.stage());
        // figure 2's caption: documents in the document preparation phase, then tokens
        int preparation = RefinedWeb.STAGE_NAMES.indexOf("language_filter");
        assertEquals(RefinedWeb.STAGE_NAMES.indexOf(r.stage()) <= preparation ? "documents" : "tokens", shown.get(6), r.stage());
      }
      assertEquals(Math.round(1000 * (1 - (double) r.bytesKept() / r.bytesIn())) / 10.0, Double.parseDouble(shown.get(7)), 1e-9, r.stage());
    }
    assertEquals(kept, rows.get(rows.size() - 1).kept());

    // why(id) as the direct run answers it.
    CurationOutput direct = CurationOutput.open(SampleCrawlRun.output());
    List<List<String>> why = SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "why were these removed?")).get(0));
    assertEquals(9, why.size());
    for (List<String> r : why) {
      assertEquals(direct.why(r.get(0)).map(w -> w.stage() + ": " + w.reason()).orElse("kept"), r.get(3), r.get(0));
    }
    assertEquals("kept", why.get(0).get(3)); // the first clean page survives

    // Expected vs actual covers every record once.
    long crossed = 0;
    for (List<String> r : SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "expected vs actual")).get(0))) {
      crossed += Long.parseLong(r.get(2));
    }
    assertEquals(manifest.size(), crossed);

    // The curated corpus written out: one line per kept document, the size printed.
    String corpus = Jupyter.text(SampleCrawlRun.cell(nb, "curated-sample.jsonl"));
    Matcher c = Pattern.compile("curated-sample\\.jsonl: (\\d+) documents, ([\\d,]+) bytes").matcher(corpus);
    assertTrue(c.find(), corpus);
    assertEquals(kept, Long.parseLong(c.group(1)));
    Path file = SampleCrawlRun.repo().resolve("out/notebooks/curated-sample.jsonl");
    assertEquals(Long.parseLong(c.group(2).replace(",", "")), Files.size(file));
    assertEquals(kept, Files.readAllLines(file).size());
  }
}
