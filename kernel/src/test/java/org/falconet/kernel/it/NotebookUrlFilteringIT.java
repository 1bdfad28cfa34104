package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.crawl.WarcSource;
import org.falconet.filter.url.UrlFilter;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.pipeline.Filter;
import org.falconet.pipeline.Outcome;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/02-url-filtering.ipynb and checks its funnel against the catalogue's url_filter
 * stage run here directly, its parameters against the paper's, and the planted pages of the manifest.
 */
class NotebookUrlFilteringIT {
  static final Path CRAWL = Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/crawl");

  @Test
  void funnelIsTheStagesAndRemovalsAreThePlantedOnes() throws Exception {
    JsonNode nb = NotebookCheck.run("02-url-filtering.ipynb", 300);

    Filter stage = (Filter) RefinedWeb.stage("url_filter");
    Map<String, Integer> reasons = new TreeMap<>();
    int[] in = {0};
    WarcSource reader = new WarcSource();
    try (Stream<Path> s = Files.list(CRAWL)) {
      for (Path f : s.filter(reader::accepts).sorted().toList()) {
        reader.read(f, o -> {
          if (o instanceof Outcome.Kept) {
            in[0]++;
            Filter.Verdict v = stage.check(o.document());
            if (!v.keeps()) {
              reasons.merge(v.reason(), 1, Integer::sum);
            }
          }
        });
      }
    }
    int removed = reasons.values().stream().mapToInt(Integer::intValue).sum();
    JsonNode funnel = NotebookCells.code(nb, "removed by the URL filter, by reason");
    assertTrue(Jupyter.text(funnel).startsWith(in[0] + " pages in, " + removed + " removed"), Jupyter.text(funnel));
    reasons.forEach((r, n) -> assertEquals((long) n, NotebookCells.number(funnel, r), r));

    long planted = Files.readAllLines(CRAWL.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8).stream()
        .filter(l -> l.split("\t", -1)[4].equals("url_filter")).count();   // column expected_stage
    assertEquals(planted, removed, "the filter removes as many pages as were planted for it");
    JsonNode check = NotebookCells.code(nb, "planted defects and the filter's verdicts");
    assertTrue(Jupyter.text(check).startsWith("pages removed that were not planted for the URL filter: 0"));
    for (String reason : reasons.keySet()) {
      assertTrue(NotebookCells.html(check).contains("<td>" + reason + "</td><td>" + reason + "</td>"), reason);
    }

    String params = NotebookCells.html(NotebookCells.code(nb, "URL filter parameters"));
    assertTrue(params.contains("<td>soft words needed to reject</td><td>2</td><td>2</td>"), params);   // appendix G.1.2
    assertTrue(params.contains("<td>4.6M</td>"), params);                                             // appendix G.1.1

    String verdicts = NotebookCells.html(NotebookCells.code(nb, "List<String> mine"));
    UrlFilter direct = new UrlFilter();
    for (String url : List.of("https://en.wikipedia.org/wiki/Peregrine_falcon", "https://www.example.com/hot-deals/summer",
        "https://www.example.com/hot-girls-near-you", "https://www.essex.example.org/visiting-essex", "not a url")) {
      Filter.Verdict v = direct.check(Document.ofText("t", url, ""));
      assertTrue(verdicts.contains("<td>" + url + "</td><td>" + (v.keeps() ? "keep" : v.reason()) + "</td>"), url);
    }
  }
}
