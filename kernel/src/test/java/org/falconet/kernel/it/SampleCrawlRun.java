package org.falconet.kernel.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.falconet.refinedweb.RefinedWeb;

/**
 * The whole RefinedWeb pipeline run once on the sample crawl, directly through the library (no kernel,
 * no notebook): the truth the filtering and pipeline notebooks' ITs compare their outputs with. The run
 * is shared by the ITs of one JVM; also helpers to find a notebook's cell and read its HTML tables.
 */
final class SampleCrawlRun {
  private static RunStats stats;
  private static Path output;

  private SampleCrawlRun() {}

  static Path repo() {
    return Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();
  }

  /** The sample crawl's WARC files, sorted, as the demo reads them. */
  static List<Path> crawl() throws IOException {
    try (Stream<Path> s = Files.list(repo().resolve("datasets-sample/crawl"))) {
      return s.filter(RefinedWeb.source()::accepts).sorted().toList();
    }
  }

  /** The statistics of the full run (every stage of {@link RefinedWeb#STAGE_NAMES}), run on first use. */
  static synchronized RunStats stats() throws IOException {
    if (stats == null) {
      output = Files.createTempDirectory("falconet-sample-run");
      stats = new PipelineRunner(RefinedWeb.source(), RefinedWeb.stages(RefinedWeb.STAGE_NAMES),
          new PipelineRunner.Options(2, 1000)).run(crawl(), output);
    }
    return stats;
  }

  /** The full run's output directory. */
  static synchronized Path output() throws IOException {
    stats();
    return output;
  }

  /** The rows of the crawl's MANIFEST.tsv (one per HTTP response record), header left out. */
  static List<String[]> manifest() throws IOException {
    return Files.readAllLines(repo().resolve("datasets-sample/crawl/MANIFEST.tsv")).stream().skip(1)
        .map(l -> l.split("\t", -1)).toList();
  }

  /** The first code cell whose source contains {@code marker}. */
  static JsonNode cell(JsonNode notebook, String marker) {
    for (JsonNode c : notebook.path("cells")) {
      StringBuilder src = new StringBuilder();
      c.path("source").forEach(l -> src.append(l.asText()));
      if (c.path("source").isTextual()) {
        src.append(c.path("source").asText());
      }
      if ("code".equals(c.path("cell_type").asText()) && src.toString().contains(marker)) {
        return c;
      }
    }
    throw new AssertionError("no code cell contains " + marker);
  }

  /** The code cell whose whole source (trimmed) is {@code source}. */
  static JsonNode cellWithSource(JsonNode notebook, String source) {
    for (JsonNode c : notebook.path("cells")) {
      StringBuilder src = new StringBuilder();
      if (c.path("source").isTextual()) {
        src.append(c.path("source").asText());
      }
      c.path("source").forEach(l -> src.append(l.asText()));
      if ("code".equals(c.path("cell_type").asText()) && src.toString().strip().equals(source)) {
        return c;
      }
    }
    throw new AssertionError("no code cell is exactly " + source);
  }

  /** The HTML of every rich output of {@code cell} that has one, in order. */
  static List<String> htmls(JsonNode cell) {
    List<String> out = new ArrayList<>();
    for (JsonNode o : cell.path("outputs")) {
      String h = Jupyter.data(o, "text/html");
      if (!h.isEmpty()) {
        out.add(h);
      }
    }
    return out;
  }

  /** The body rows of the first HTML table in {@code html}, each as its cells' text. */
  static List<List<String>> rows(String html) {
    List<List<String>> rows = new ArrayList<>();
    Matcher tr = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(html);
    while (tr.find()) {
      Matcher td = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL).matcher(tr.group(1));
      List<String> cells = new ArrayList<>();
      while (td.find()) {
        cells.add(td.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\""));
      }
      if (!cells.isEmpty()) {
        rows.add(cells);
      }
    }
    return rows;
  }

  /** A two-column table (name, count) as a map. */
  static Map<String, Long> counts(String html) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (List<String> r : rows(html)) {
      m.put(r.get(0), Long.parseLong(r.get(1)));
    }
    return m;
  }
}
