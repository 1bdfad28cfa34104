package org.falconet.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.falconet.kernel.display.Escape;

/**
 * A self-contained HTML page, written top to bottom: headings, paragraphs, tables, SVG charts as
 * {@code data:} images, preformatted text. Everything put in is escaped unless a method says it
 * takes markup. Styles are inline in the head; the page loads nothing.
 */
final class HtmlPage {
  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;\
      color:#222;line-height:1.45}
      h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}h3{margin-bottom:.3em}
      table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;\
      vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
      code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em}
      pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.6em;overflow-x:auto;white-space:pre-wrap}
      .doc{border:1px solid #ddd;border-radius:4px;padding:.5em .7em;margin:.5em 0;background:#fcfcfc}
      .doc .meta{color:#666;font-size:.85em;margin-bottom:.3em;word-break:break-all}
      .doc .text{white-space:pre-wrap;font-size:.9em;max-height:22em;overflow-y:auto}
      .pair{display:grid;grid-template-columns:1fr 1fr;gap:.8em}
      del{color:#a00;background:#fdecec}.rule{color:#a00;font-size:.8em;margin-left:.4em}
      .muted{color:#666}figure{margin:1em 0}figcaption{color:#555;font-size:.9em}
      """;

  private final StringBuilder html = new StringBuilder();

  HtmlPage(String title) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(escape(title)).append("</h1>\n");
  }

  static String escape(String s) {
    return s == null ? "" : Escape.html(s);
  }

  /** A heading with an anchor {@code id} (for the page's table of contents). */
  HtmlPage h2(String id, String text) {
    html.append("<h2 id=\"").append(escape(id)).append("\">").append(escape(text)).append("</h2>\n");
    return this;
  }

  HtmlPage h3(String text) {
    html.append("<h3>").append(escape(text)).append("</h3>\n");
    return this;
  }

  HtmlPage p(String text) {
    html.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** Raw markup, already escaped by the caller. */
  HtmlPage markup(String markup) {
    html.append(markup).append('\n');
    return this;
  }

  HtmlPage pre(String text) {
    html.append("<pre>").append(escape(text)).append("</pre>\n");
    return this;
  }

  /** A table; cells are escaped; a column whose header is in {@code numeric} is right-aligned. */
  HtmlPage table(List<String> header, List<List<String>> rows, List<String> numeric) {
    html.append("<table>\n<thead><tr>");
    for (String h : header) {
      html.append(numeric.contains(h) ? "<th class=\"n\">" : "<th>").append(escape(h)).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        html.append(numeric.contains(header.get(i)) ? "<td class=\"n\">" : "<td>").append(escape(row.get(i))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    return this;
  }

  /** An SVG chart as an inline {@code data:} image, with alternative text and a caption. */
  HtmlPage svg(String svg, String alt, String caption) {
    String data = Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    html.append("<figure><img src=\"data:image/svg+xml;base64,").append(data).append("\" alt=\"").append(escape(alt))
        .append("\" width=\"640\" height=\"400\">");                   // Chart's drawing: 640 x 400 pixels
    if (caption != null) {
      html.append("<figcaption>").append(escape(caption)).append("</figcaption>");
    }
    html.append("</figure>\n");
    return this;
  }

  /** The finished page. */
  String finish() {
    return html + "</body>\n</html>\n";
  }

  /** A count for people: an integer with thousands separators. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A share for people, as a percentage to three significant digits ({@code 23.4%}, {@code 0.512%}). */
  static String percent(double share) {
    double pct = 100 * share;
    if (pct == 0) {
      return "0%";
    }
    java.math.BigDecimal b = new java.math.BigDecimal(pct).round(new java.math.MathContext(3));
    return b.stripTrailingZeros().toPlainString() + "%";
  }
}
