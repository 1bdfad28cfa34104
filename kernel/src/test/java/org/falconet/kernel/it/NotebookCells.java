package org.falconet.kernel.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.kernel.testing.Jupyter;

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
      if (c.path("cell_type").asText().equals("code") && source(c).contains(marker)) {
        return c;
      }
    }
    throw new AssertionError("no code cell contains: " + marker);
  }

  static String source(JsonNode cell) {
    JsonNode s = cell.path("source");
    if (s.isArray()) {
      StringBuilder sb = new StringBuilder();
      s.forEach(l -> sb.append(l.asText()));
      return sb.toString();
    }
    return s.asText();
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
