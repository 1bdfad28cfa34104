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
 * {@code text}, optionally {@code line} (0-based index in the text before removal), the why under
 * {@code reason} or {@code rule} (as {@code LineWiseCorrections} writes it), and {@code kept} when only
 * part of the line was cut (the line as kept; that part stays, the cut part is struck).
 * A removed line with an index is put back in place; one without is struck where the text still
 * holds it, or listed after the text. When the text still holds every indexed removed line at its
 * index (a document removed as a whole keeps its text), the lines are struck in place instead.
 */
public final class DocumentRenderer {
  /** The metadata key line-wise corrections record their removals under. */
  public static final String REMOVED_LINES = "removed_lines";
  static final int MAX_LINES = 200;

  private DocumentRenderer() {}

  /**
   * One line of the document as shown: its text, why it was removed ({@code null} if kept), and for
   * a line cut only in part, what was kept of it ({@code null} otherwise).
   */
  record Line(String text, String removedBecause, String kept) {
    Line(String text, String removedBecause) {
      this(text, removedBecause, null);
    }
  }

  /** One entry of {@code removed_lines}. */
  private record Removal(String text, Integer index, String why, String kept) {
    Line line() {
      return new Line(text, why, kept == null || kept.isEmpty() ? null : kept);
    }
  }

  /** The document's lines with removed ones restored where they were, in display order. */
  static List<Line> lines(Document doc) {
    String content = doc.content() == null ? "" : doc.content();
    List<Line> out = new ArrayList<>();
    for (String l : content.split("\n", -1)) {
      out.add(new Line(l, null));
    }
    List<Removal> removals = new ArrayList<>();
    if (doc.meta(REMOVED_LINES) instanceof List<?> removed) {
      for (Object o : removed) {
        if (o instanceof Map<?, ?> m && m.get("text") != null) {
          Object why = m.get("reason") != null ? m.get("reason") : m.get("rule");
          removals.add(new Removal(String.valueOf(m.get("text")), m.get("line") instanceof Number n ? n.intValue() : null,
              why == null ? "removed" : String.valueOf(why), m.get("kept") == null ? null : String.valueOf(m.get("kept"))));
        }
      }
    }
    boolean stillHeld = removals.stream().anyMatch(r -> r.index() != null) && removals.stream()
        .filter(r -> r.index() != null)
        .allMatch(r -> r.index() < out.size() && out.get(r.index()).text().equals(r.text()));
    TreeMap<Integer, Removal> placed = new TreeMap<>();
    List<Line> unplaced = new ArrayList<>();
    for (Removal r : removals) {
      if (r.index() != null) {
        placed.put(r.index(), r);
        continue;
      }
      int at = indexOfKept(out, r.text());
      if (at >= 0) {
        out.set(at, r.line());
      } else {
        unplaced.add(r.line());
      }
    }
    for (Map.Entry<Integer, Removal> e : placed.entrySet()) {
      int at = e.getKey();
      Removal r = e.getValue();
      boolean partial = r.kept() != null && !r.kept().isEmpty();
      if (stillHeld || (partial && at < out.size() && out.get(at).text().equals(r.kept()))) {
        out.set(at, r.line()); // the line (or what was kept of it) is still there: strike it in place
      } else {
        out.add(Math.min(at, out.size()), r.line());
      }
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

  /** {@code [prefix, cut, suffix]} of a partly cut line: the longest common prefix and suffix with what was kept. */
  static String[] cutParts(String text, String kept) {
    int p = 0;
    while (p < text.length() && p < kept.length() && text.charAt(p) == kept.charAt(p)) {
      p++;
    }
    int s = 0;
    while (s < text.length() - p && s < kept.length() - p
        && text.charAt(text.length() - 1 - s) == kept.charAt(kept.length() - 1 - s)) {
      s++;
    }
    return new String[] {text.substring(0, p), text.substring(p, text.length() - s), text.substring(text.length() - s)};
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
    // Wrapped at spaces: Jupyter's stylesheet gives <pre> word-break: break-all, which cuts words anywhere.
    h.append("</p>\n<pre style=\"white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere\">");
    t.append('\n');
    int shown = Math.min(lines.size(), MAX_LINES);
    for (int i = 0; i < shown; i++) {
      Line l = lines.get(i);
      if (l.removedBecause() == null) {
        h.append(Escape.html(l.text())).append('\n');
        t.append("  ").append(l.text()).append('\n');
      } else if (l.kept() != null) {
        String[] parts = cutParts(l.text(), l.kept());
        h.append(Escape.html(parts[0])).append("<del style=\"color:#b00\" title=\"").append(Escape.html(l.removedBecause()))
            .append("\">").append(Escape.html(parts[1])).append("</del>").append(Escape.html(parts[2])).append('\n');
        t.append("~ ").append(parts[0]).append("[-").append(parts[1]).append("-]").append(parts[2]).append('\n');
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
