package org.falconet.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.falconet.corpus.Document;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * What an extraction kept and dropped of a page, line by line, to show boilerplate removal: the
 * page's visible text split into lines the way the extractor splits blocks (headings, paragraphs,
 * list items, table rows, line breaks), each marked kept when it is a line of the extraction's text.
 *
 * <p>Lines are matched by their letters and digits (case, spacing, punctuation and URLs ignored),
 * each extracted line claiming at most one page line, first come first served; a page line the
 * extraction does not hold is dropped: page furniture, or the title, which goes to metadata.
 *
 * <pre>{@code
 * Extraction e = extractor.extract(html, url);
 * Document shown = PageLines.asDocument("page", url, html, e);   // dropped lines under "removed_lines"
 * }</pre>
 */
public final class PageLines {

  /** One line of the page's visible text, and whether the extraction kept it. */
  public record Line(String text, boolean kept) {}

  /** The reason {@link #asDocument} gives the lines extraction dropped. */
  public static final String DROPPED = "boilerplate";

  /** Tags whose content is never shown on the page. */
  private static final Set<String> INVISIBLE = Set.of("script", "style", "noscript", "template", "head", "svg", "math");

  /** Elements that start and end a line, as the extractor's text writer has them. */
  private static final Set<String> BLOCKS = Set.of(
      "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
      "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "thead", "tbody", "tfoot", "caption",
      "address", "center", "details", "summary", "hr", "form", "body", "html", "figcaption",
      "nav", "header", "footer", "aside", "figure", "menu");

  private PageLines() {}

  /** The page's visible lines in page order, each marked kept or dropped by {@code extraction}. */
  public static List<Line> of(String html, Extraction extraction) {
    Map<String, Integer> remaining = new HashMap<>();
    if (extraction.ok()) {
      for (String l : extraction.text().split("\n")) {
        String k = key(l);
        if (!k.isEmpty()) {
          remaining.merge(k, 1, Integer::sum);
        }
      }
    }
    List<Line> out = new ArrayList<>();
    for (String l : visibleLines(html)) {
      String k = key(TrafilaturaStyleExtractor.removeUrls(l));
      Integer n = remaining.get(k);
      boolean kept = n != null && n > 0;
      if (kept) {
        remaining.put(k, n - 1);
      }
      out.add(new Line(l, kept));
    }
    return out;
  }

  /**
   * A document showing the extraction of a page: its text is the kept lines, and the dropped ones
   * are listed under the metadata key {@code removed_lines} (text, 0-based line in the page, reason
   * {@value #DROPPED}), the layout line-wise corrections use, so a notebook shows them struck through.
   * Title and date, when found, are metadata {@code title} and {@code date}.
   */
  public static Document asDocument(String id, String url, String html, Extraction extraction) {
    List<Line> lines = of(html, extraction);
    StringBuilder text = new StringBuilder();
    List<Map<String, Object>> removed = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      if (l.kept()) {
        text.append(text.length() == 0 ? "" : "\n").append(l.text());
      } else {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("text", l.text());
        r.put("line", i);
        r.put("reason", DROPPED);
        removed.add(r);
      }
    }
    Document doc = Document.ofText(id, url, text.toString()).withMeta("removed_lines", removed);
    if (extraction.title() != null) {
      doc = doc.withMeta("title", extraction.title());
    }
    if (extraction.date() != null) {
      doc = doc.withMeta("date", extraction.date());
    }
    return doc;
  }

  /** The page's visible text as lines: one per block, table cells joined by " | ", line breaks kept. */
  static List<String> visibleLines(String html) {
    org.jsoup.nodes.Document page = Jsoup.parse(html == null ? "" : html);
    List<String> lines = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int[] inPre = {0};
    NodeTraversor.filter(new NodeFilter() {
      @Override
      public FilterResult head(Node node, int depth) {
        if (node instanceof TextNode t) {
          String s = t.getWholeText();
          cur.append(inPre[0] > 0 ? s : s.replaceAll("[\\s\\u00a0]+", " "));
          return FilterResult.CONTINUE;
        }
        if (!(node instanceof Element e)) {
          return FilterResult.SKIP_ENTIRELY;
        }
        String tag = e.normalName();
        if (INVISIBLE.contains(tag)) {
          return FilterResult.SKIP_ENTIRELY;
        }
        if (tag.equals("br")) {
          cur.append('\n');
        } else if (tag.equals("td") || tag.equals("th")) {
          if (!cur.toString().isBlank()) {
            cur.append(" | ");
          }
        } else if (BLOCKS.contains(tag)) {
          flush(lines, cur);
          if (tag.equals("pre")) {
            inPre[0]++;
          }
        }
        return FilterResult.CONTINUE;
      }

      @Override
      public FilterResult tail(Node node, int depth) {
        if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
          flush(lines, cur);
          if (e.normalName().equals("pre")) {
            inPre[0]--;
          }
        }
        return FilterResult.CONTINUE;
      }
    }, page.body());
    flush(lines, cur);
    return lines;
  }

  private static void flush(List<String> lines, StringBuilder cur) {
    for (String l : cur.toString().split("\n")) {
      String t = l.strip();
      if (!t.isEmpty()) {
        lines.add(t);
      }
    }
    cur.setLength(0);
  }

  /** A line's letters and digits, lower-cased: what two lines must share to be the same line. */
  private static String key(String line) {
    StringBuilder k = new StringBuilder(line.length());
    line.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(k::appendCodePoint);
    return k.toString();
  }
}
