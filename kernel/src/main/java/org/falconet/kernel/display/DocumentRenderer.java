package org.falconet.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.falconet.corpus.Document;

/**
 * A {@link Document}: id and URL, its text line by line with the lines that line-wise corrections
 * removed struck through, and its other metadata.
 *
 * <p>Removed lines come from the metadata key {@code removed_lines}: a list of maps with at least
 * {@code text}, optionally {@code line} (0-based index in the text before removal) and {@code reason}.
 * A removed line with an index is put back in place; one without is struck where the text still
 * holds it, or listed after the text.
 */
public final class DocumentRenderer {
  /** The metadata key line-wise corrections record their removals under. */
  public static final String REMOVED_LINES = "removed_lines";
  static final int MAX_LINES = 200;

  private DocumentRenderer() {}

  /** One line of the document as shown: its text, and why it was removed ({@code null} if kept). */
  record Line(String text, String removedBecause) {}

  /** The document's lines with removed ones restored where they were, in display order. */
  static List<Line> lines(Document doc) {
    String content = doc.content() == null ? "" : doc.content();
    List<Line> out = new ArrayList<>();
    for (String l : content.split("\n", -1)) {
      out.add(new Line(l, null));
    }
    TreeMap<Integer, Line> placed = new TreeMap<>();
    List<Line> unplaced = new ArrayList<>();
    if (doc.meta(REMOVED_LINES) instanceof List<?> removed) {
      for (Object o : removed) {
        if (!(o instanceof Map<?, ?> m) || m.get("text") == null) {
          continue;
        }
        Line l = new Line(String.valueOf(m.get("text")), m.get("reason") == null ? "removed" : String.valueOf(m.get("reason")));
        if (m.get("line") instanceof Number n) {
          placed.put(n.intValue(), l);
        } else {
          int at = indexOfKept(out, l.text());
          if (at >= 0) {
            out.set(at, l);
          } else {
            unplaced.add(l);
          }
        }
      }
    }
    for (Map.Entry<Integer, Line> e : placed.entrySet()) {
      out.add(Math.min(e.getKey(), out.size()), e.getValue());
    }
    out.addAll(unplaced);
    return out;
  }

  private static int indexOfKept(List<Line> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).removedBecause() == null && lines.get(i).text().equals(text)) {
        return i;
      }
    }
    return -1;
  }

  public static MimeBundle render(Document doc) {
    List<Line> lines = lines(doc);
    StringBuilder h = new StringBuilder("<div class=\"falconet-document\">\n<p><strong>")
        .append(Escape.html(doc.id())).append("</strong>");
    StringBuilder t = new StringBuilder("Document ").append(doc.id());
    if (doc.url() != null) {
      h.append(" &mdash; <a href=\"").append(Escape.html(doc.url())).append("\">")
          .append(Escape.html(doc.url())).append("</a>");
      t.append(" (").append(doc.url()).append(')');
    }
    h.append("</p>\n<pre style=\"white-space: pre-wrap\">");
    t.append('\n');
    int shown = Math.min(lines.size(), MAX_LINES);
    for (int i = 0; i < shown; i++) {
      Line l = lines.get(i);
      if (l.removedBecause() == null) {
        h.append(Escape.html(l.text())).append('\n');
        t.append("  ").append(l.text()).append('\n');
      } else {
        h.append("<del style=\"color:#b00\" title=\"").append(Escape.html(l.removedBecause())).append("\">")
            .append(Escape.html(l.text())).append("</del>\n");
        t.append("- ").append(l.text()).append('\n');
      }
    }
    if (shown < lines.size()) {
      h.append("&hellip; ").append(lines.size() - shown).append(" more lines\n");
      t.append("... ").append(lines.size() - shown).append(" more lines\n");
    }
    h.append("</pre>\n");
    List<String> keys = doc.metadata().keySet().stream().filter(k -> !k.equals(REMOVED_LINES)).toList();
    if (!keys.isEmpty()) {
      h.append("<table>");
      for (String k : keys) {
        h.append("<tr><th>").append(Escape.html(k)).append("</th><td>")
            .append(Escape.html(String.valueOf(doc.meta(k)))).append("</td></tr>");
      }
      h.append("</table>\n");
    }
    h.append("</div>");
    return MimeBundle.html(h.toString(), t.toString().stripTrailing());
  }
}
