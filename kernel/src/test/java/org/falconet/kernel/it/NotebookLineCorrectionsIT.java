package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.pipeline.StageStats;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/07-line-corrections.ipynb through the real kernel (outputs equal to the committed
 * ones) and checks what it shows against the paper's two numbers, a hand-corrected page and the
 * {@code removed_lines} records of a direct run of the library's pipeline on the sample crawl.
 */
class NotebookLineCorrectionsIT {

  @Test
  void lineCorrectionsNotebookShowsTheLibrarysCorrections() throws Exception {
    JsonNode nb = NotebookCheck.run("07-line-corrections.ipynb", 300);

    // RefinedWeb appendix G.2: phrases only in lines of at most 10 words; documents over 5% removed words go.
    List<List<String>> params = SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "RefinedWeb appendix G.2")).get(0));
    assertEquals("10", params.get(2).get(1));
    assertEquals("0.05", params.get(6).get(1));

    // By hand: 51 words; a counter (2), an upper-case line (3), "Sign in" cut (2), a date (1), a button (1).
    JsonNode toy = SampleCrawlRun.cell(nb, "String page =");
    String text = Jupyter.text(toy);
    assertTrue(text.startsWith("removed: too_many_removed_words\n"), text);
    List<String> rules = new ArrayList<>();
    for (String line : text.split("\n")) {
      int at = line.indexOf("rule=");
      if (at >= 0) {
        rules.add(line.substring(at + 5, line.indexOf(',', at)));
      }
    }
    assertEquals(List.of("counter", "uppercase", "boilerplate_start", "numerical", "single_word"), rules);
    assertTrue(text.strip().endsWith(String.valueOf(9.0 / 51)), text);
    String html = Jupyter.data(SampleCrawlRun.cellWithSource(nb, "toy.document()").path("outputs").get(0), "text/html");
    assertTrue(html.contains("<del style=\"color:#b00\" title=\"counter\">1.2K shares</del>\n"), html);
    assertTrue(html.contains("<del style=\"color:#b00\" title=\"boilerplate_start\">Sign in </del>to comment\n"), html);

    // Documents in, corrected and removed: the pipeline's own stage, run directly on the sample crawl.
    StageStats truth = SampleCrawlRun.stats().stage("line_corrections");
    List<Document> corrected = correctedInFullRun();
    String summary = Jupyter.text(SampleCrawlRun.cell(nb, "List<Outcome> outcomes ="));
    assertEquals(truth.docsIn + " documents; " + corrected.size() + " had lines corrected; " + truth.removed()
        + " removed as too_many_removed_words; " + truth.kept + " kept", summary.strip());
    assertEquals(Set.of("too_many_removed_words"), truth.removedByReason.keySet());

    // Per rule: lines, words and documents, tallied from the full run's removed_lines records.
    Map<String, long[]> perRule = new TreeMap<>();
    for (Document d : corrected) {
      Set<String> here = new TreeSet<>();
      for (Object e : (List<?>) d.meta("removed_lines")) {
        Map<?, ?> m = (Map<?, ?>) e;
        long[] s = perRule.computeIfAbsent((String) m.get("rule"), k -> new long[3]);
        s[0]++;
        s[1] += ((Number) m.get("words")).longValue();
        here.add((String) m.get("rule"));
      }
      here.forEach(r -> perRule.get(r)[2]++);
    }
    List<List<String>> shown = SampleCrawlRun.rows(SampleCrawlRun.htmls(SampleCrawlRun.cell(nb, "line-wise corrections per rule")).get(0));
    assertEquals(perRule.size(), shown.size());
    for (List<String> r : shown) {
      long[] s = perRule.get(r.get(0));
      assertEquals(List.of(s[0], s[1], s[2]), List.of(Long.parseLong(r.get(1)), Long.parseLong(r.get(2)), Long.parseLong(r.get(3))),
          r.get(0));
    }
  }

  /** Every document of the full run (kept, or removed at or after line_corrections) that carries removed_lines. */
  private static List<Document> correctedInFullRun() throws Exception {
    List<Document> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(SampleCrawlRun.output())) {
      files = s.filter(p -> p.toString().endsWith(".jsonl.gz") && !p.toString().contains(".work")).sorted().toList();
    }
    for (Path f : files) {
      JsonlFiles.read(f, d -> {
        if (d.meta("removed_lines") != null) {
          out.add(d);
        }
      });
    }
    return out;
  }
}
