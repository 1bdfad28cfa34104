package org.falconet.kernel.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.crawl.WarcSource;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.pipeline.Outcome;

/** Finds the cells of an executed notebook by what their source says, and reads numbers out of their tables. */
final class NotebookCells {
  private NotebookCells() {}

  /**
   * The first code cell whose source contains {@code marker}, in a notebook or in its {@code cells} array;
   * fails when there is none.
   */
  static JsonNode code(JsonNode notebookOrCells, String marker) {
    JsonNode cells = notebookOrCells.isArray() ? notebookOrCells : notebookOrCells.path("cells");
    for (JsonNode c : cells) {
      if (c.path("cell_type").asText().equals("code") && Jupyter.source(c).contains(marker)) {
        return c;
      }
    }
    throw new AssertionError("no code cell contains: " + marker);
  }


  /** The pages that the WARC reader keeps from every WARC file in {@code crawl}, in file order. */
  static List<org.falconet.corpus.Document> crawlPages(Path crawl) throws IOException {
    List<org.falconet.corpus.Document> pages = new ArrayList<>();
    WarcSource reader = new WarcSource();
    try (Stream<java.nio.file.Path> s = Files.list(crawl)) {
      for (Path f : s.filter(reader::accepts).sorted().toList()) {
        reader.read(f, o -> {
          if (o instanceof Outcome.Kept) {
            pages.add(o.document());
          }
        });
      }
    }
    return pages;
  }

  /** The cell's last output. */
  static JsonNode last(JsonNode cell) {
    JsonNode outs = cell.path("outputs");
    return outs.get(outs.size() - 1);
  }

  /** All the HTML the cell showed. */
  static String html(JsonNode cell) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode o : cell.path("outputs")) {
      sb.append(Jupyter.data(o, "text/html"));
    }
    return sb.toString();
  }

  /** All the SVG the cell showed. */
  static String svg(JsonNode cell) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode o : cell.path("outputs")) {
      sb.append(Jupyter.data(o, "image/svg+xml"));
    }
    return sb.toString();
  }

  /** The number in the cell's HTML table beside {@code label} (in the next cell of its row); fails when absent. */
  static long number(JsonNode cell, String label) {
    Matcher m = Pattern.compile("<td>" + Pattern.quote(label) + "</td><td>(-?[0-9.]+)</td>").matcher(html(cell));
    if (!m.find()) {
      throw new AssertionError("no row '" + label + "' in " + html(cell));
    }
    return Long.parseLong(m.group(1));
  }
}
