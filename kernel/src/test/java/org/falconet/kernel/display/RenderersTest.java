package org.falconet.kernel.display;

import static org.falconet.kernel.display.Markup.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.falconet.corpus.Document;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

class RenderersTest {
  private final Renderers renderers = Renderers.withDefaults();

  @Test
  void smallTableShowsEveryRowAndItsSize() {
    Table t = Table.create("t", IntColumn.create("n", new int[] {1, 2, 3}));
    MimeBundle b = renderers.render(t);
    String html = (String) b.get("text/html");
    assertEquals(3, count(html, "<tr><td>"));
    assertTrue(html.contains("3 rows \u00d7 1 column"), html);
    assertTrue(((String) b.get("text/plain")).contains("3 rows"));
  }

  @Test
  void longTableIsCutToHeadAndTailAroundAnEllipsisRow() {
    int[] values = new int[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    String html = (String) renderers.render(Table.create("big", IntColumn.create("n", values))).get("text/html");
    assertEquals(TableRenderer.HEAD + TableRenderer.TAIL, count(html, "<tr><td>") - 1, "data rows plus the ellipsis row");
    assertTrue(html.contains("<td>19</td>") && !html.contains("<td>20</td>"), "head is rows 0..19");
    assertTrue(html.contains("<td>995</td>") && html.contains("<td>999</td>") && !html.contains("<td>994</td>"));
    assertTrue(html.contains("1000 rows \u00d7 1 column (25 shown)"), html);
  }

  @Test
  void numbersInTablesAreForPeople() {
    FloatColumn f = FloatColumn.create("f", new float[] {0.1f, 1f / 3});
    assertEquals("0.1", TableRenderer.shown(f, 0), "a float's own shortest form, not 0.10000000149011612");
    assertEquals("0.333", TableRenderer.shown(f, 1));
    assertEquals("0.123", TableRenderer.figure(0.123456789));
    assertEquals("1.23", TableRenderer.figure(1.2345));
    assertEquals("12.3", TableRenderer.figure(12.34999));
    assertEquals("-0.5", TableRenderer.figure(-0.5));
    assertEquals("1361", TableRenderer.figure(1361.0), "whole values as integers");
    assertEquals("12346", TableRenderer.figure(12345.678), "100 and more: an integer");
    assertEquals("1.23e-05", TableRenderer.figure(0.0000123456));
    assertEquals("NaN", TableRenderer.figure(Double.NaN));
    DoubleColumn shares = DoubleColumn.create("share", 0.123456789, 2.0 / 3, 0.1594, 16.0, 1e-7);
    DoubleColumn lesson = DoubleColumn.create("exact", 0.123456789, 2.0 / 3, 0.1594, 16.0, 1e-7);
    lesson.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
    MimeBundle b = renderers.render(Table.create("t", shares, lesson));
    String html = (String) b.get("text/html");
    assertTrue(html.contains("<tr><td>0.123</td><td>0.123457</td></tr>"), html);
    assertTrue(html.contains("<tr><td>0.667</td><td>0.666667</td></tr>"), html);
    assertTrue(html.contains("<tr><td>0.1594</td><td>0.159400</td></tr>"), "rounded by its author: kept " + html);
    assertTrue(html.contains("<tr><td>16</td><td>16.000000</td></tr>"), html);
    assertTrue(html.contains("<tr><td>1.00e-07</td><td>0.000000</td></tr>"), html);
    String text = (String) b.get("text/plain");
    assertTrue(text.contains("0.667") && !text.contains("0.6666666"), text);
  }

  @Test
  void tableCellsAreEscaped() {
    Table t = Table.create("t", tech.tablesaw.api.StringColumn.create("s", "<script>"));
    assertTrue(((String) renderers.render(t).get("text/html")).contains("&lt;script&gt;"));
  }

  @Test
  void duplicateClusterShowsItsMembersSideBySide() {
    org.falconet.dedup.DuplicateCluster c = org.falconet.dedup.DuplicateCluster.of("minhash_dedup", List.of(
        Document.ofText("a", "https://a.org/", "the kept <original>"), Document.ofText("b", "https://b.org/", "a copy")));
    MimeBundle b = renderers.render(c);
    String html = (String) b.get("text/html");
    assertTrue(html.contains("https://a.org/") && html.contains("https://b.org/"), html);
    assertTrue(html.contains("&lt;original&gt;"), "member text is escaped: " + html);
    assertTrue(((String) b.get("text/plain")).contains("a copy"));
  }

  @Test
  void documentStrikesRemovedLinesInTheirPlace() {
    Document d = Document.ofText("d1", "https://x.org/", "first\nthird")
        .withMeta("removed_lines", List.of(Map.of("text", "second <ad>", "line", 1, "reason", "too_short")))
        .withMeta("language", "en");
    MimeBundle b = renderers.render(d);
    String html = (String) b.get("text/html");
    assertTrue(html.contains("first\n<del style=\"color:#b00\" title=\"too_short\">second &lt;ad&gt;</del>\nthird\n"), html);
    assertTrue(html.contains("<th>language</th><td>en</td>"), html);
    assertFalse(html.contains("<th>removed_lines</th>"));
    assertEquals("Document d1 (https://x.org/)\n  first\n- second <ad>\n  third", b.get("text/plain"));
  }

  @Test
  void removedLineWithoutIndexIsStruckWhereTheTextStillHasIt() {
    Document d = Document.ofText("d2", null, "keep\nCookie policy\nkeep too")
        .withMeta("removed_lines", List.of(Map.of("text", "Cookie policy")));
    assertEquals("Document d2\n  keep\n- Cookie policy\n  keep too", renderers.render(d).get("text/plain"));
  }

  @Test
  void aCutLineKeepsWhatWasKeptAndStrikesTheCut() {
    // As LineWiseCorrections leaves a kept document: line 1 removed, line 2 cut to "to comment", line 3 kept.
    Document d = Document.ofText("d3", null, "Title here\nto comment\nBody text")
        .withMeta("removed_lines", List.of(
            Map.of("line", 1, "text", "1.2K shares", "rule", "counter", "words", 2),
            Map.of("line", 2, "text", "Sign in to comment", "rule", "boilerplate_start", "words", 2, "kept", "to comment")));
    MimeBundle b = renderers.render(d);
    assertEquals("Document d3\n  Title here\n- 1.2K shares\n~ [-Sign in -]to comment\n  Body text", b.get("text/plain"));
    String html = (String) b.get("text/html");
    assertTrue(html.contains("<del style=\"color:#b00\" title=\"counter\">1.2K shares</del>\n"
        + "<del style=\"color:#b00\" title=\"boilerplate_start\">Sign in </del>to comment\nBody text\n"), html);
  }

  @Test
  void aDocumentRemovedAsAWholeHasItsLinesStruckInPlace() {
    // A document removed for too many removed words keeps its text: nothing is inserted, nothing doubled.
    Document d = Document.ofText("d4", null, "Title here\n1.2K shares\nItems in cart: 0\nBody text")
        .withMeta("removed_lines", List.of(
            Map.of("line", 1, "text", "1.2K shares", "rule", "counter", "words", 2),
            Map.of("line", 2, "text", "Items in cart: 0", "rule", "boilerplate_anywhere", "words", 3, "kept", "0")));
    assertEquals("Document d4\n  Title here\n- 1.2K shares\n~ [-Items in cart: -]0\n  Body text",
        renderers.render(d).get("text/plain"));
  }

  @Test
  void funnelIsATableBesideThePapersRemovalShare() {
    org.falconet.pipeline.RunStats stats = new org.falconet.pipeline.RunStats();
    stats.inputRecords = 100;
    org.falconet.pipeline.StageStats s = new org.falconet.pipeline.StageStats("gopher_quality");
    s.docsIn = 100;
    s.kept = 75;
    s.removedByReason.put("too_few_words", 25L);
    stats.stages.add(s);
    MimeBundle b = renderers.render(stats.funnel());
    String html = (String) b.get("text/html");
    // 25 of 100 removed = 25 %, the paper's 16.2 % of tokens for this stage (figure 2) beside it with its unit, no
    // bytes counted here, 75 % of the input left.
    assertTrue(html.contains("<td>gopher_quality</td><td>100</td><td>25</td><td>75</td><td>25</td><td>16.2</td>"
        + "<td>tokens</td><td>0</td><td>75</td>"), html);
    assertTrue(((String) b.get("text/plain")).startsWith("stage"), "plain text is the funnel's own table");
  }

  @Test
  void imagesBecomePng() {
    MimeBundle b = renderers.render(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB));
    byte[] png = Base64.getDecoder().decode((String) b.get("image/png"));
    assertEquals((byte) 0x89, png[0]);
    assertEquals("PNG", new String(png, 1, 3));
    assertEquals(Map.of("width", 4, "height", 3), b.metadata().get("image/png"));
  }

  @Test
  void chartsBecomeSvgWithOnePointPerValueAndAPng() {
    Chart c = Chart.line("loss").series("train", new double[] {0, 1, 2}, new double[] {3, 2, 1}).hline(1.5, "target");
    MimeBundle b = renderers.render(c);
    String svg = (String) b.get("image/svg+xml");
    assertTrue(svg.startsWith("<svg"));
    // The series in its colour (Okabe-Ito blue): a marker on each of its three points, one more in the legend.
    assertEquals(3 + 1, count(svg, "<ellipse"), svg);
    assertEquals(3 + 1, count(svg, "style=\"fill:rgb(0,114,178);stroke:none;\"/>"));
    assertTrue(svg.contains("lines: target at y = 1.500</desc>"));
    byte[] png = Base64.getDecoder().decode((String) b.get("image/png"));
    assertEquals("PNG", new String(png, 1, 3));
  }

  @Test
  void registryPrefersTheMostSpecificClassAndFallsBackToText() {
    Renderers r = new Renderers();
    r.register(CharSequence.class, s -> MimeBundle.text("chars"));
    r.register(StringBuilder.class, s -> MimeBundle.text("builder"));
    assertEquals("builder", r.render(new StringBuilder("x")).get("text/plain"));
    assertEquals("chars", r.render("x").get("text/plain"));
    assertEquals("42", r.render(42).get("text/plain"));
    assertEquals("null", r.render(null).get("text/plain"));
  }

  @Test
  void failingRendererFallsBackToText() {
    Renderers r = new Renderers();
    r.register(Integer.class, i -> {
      throw new IllegalStateException("nope");
    });
    assertTrue(((String) r.render(7).get("text/plain")).startsWith("7\n(renderer failed"));
  }

  @Test
  void renderAsChosenMimeTypesKeepsThoseAndPlainText() {
    Table t = Table.create("t", IntColumn.create("n", new int[] {1, 2}));
    MimeBundle plain = renderers.render(t, "text/plain");
    assertEquals(java.util.Set.of("text/plain"), plain.data().keySet());
    assertEquals(renderers.render(t).get("text/plain"), plain.get("text/plain"));
    MimeBundle html = renderers.render(t, "text/html");
    assertEquals(java.util.List.of("text/plain", "text/html"), java.util.List.copyOf(html.data().keySet()));
    assertEquals(renderers.render(t).data(), renderers.render(t, new String[0]).data(), "no types: the whole bundle");
  }

  @Test
  void aStringIsTheContentOfTheTypeItIsDisplayedAs() {
    MimeBundle b = renderers.render("<b>bold</b>", "text/html");
    assertEquals("<b>bold</b>", b.get("text/html"));
    assertEquals("<b>bold</b>", b.get("text/plain"));
    assertEquals("# T", renderers.render("# T", "text/markdown").get("text/markdown"));
  }

  @Test
  void aMissingRepresentationIsAClearError() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> renderers.render(Table.create("t", IntColumn.create("n", new int[] {1})), "image/png"));
    assertTrue(e.getMessage().contains("no image/png representation") && e.getMessage().contains("text/html"), e.getMessage());
  }

  @Test
  void proseColumnsAreLeftAlignedNumbersStayRight() {
    Table t = Table.create("t", IntColumn.create("n", new int[] {1, 2}), tech.tablesaw.api.StringColumn.create("text", "the cat sat", "on the mat"),
        tech.tablesaw.api.StringColumn.create("size", "1,234", "19.6 ms"), tech.tablesaw.api.StringColumn.create("why", "kept", "removed"));
    String html = (String) renderers.render(t).get("text/html");
    assertTrue(html.startsWith("<div class=\"falconet-table falconet-prose-2-4\"><style>.falconet-prose-2-4 th:nth-child(2),"
        + ".falconet-prose-2-4 td:nth-child(2),.falconet-prose-2-4 th:nth-child(4),.falconet-prose-2-4 td:nth-child(4)"
        + "{text-align:left;overflow-wrap:break-word}</style><table>"), html);
    assertTrue(html.contains("<tr><td>1</td><td>the cat sat</td><td>1,234</td><td>kept</td></tr>"), "cells stay plain: " + html);
    assertTrue(((String) renderers.render(Table.create("n", IntColumn.create("n", new int[] {1}))).get("text/html"))
        .startsWith("<div class=\"falconet-table\"><table>"), "no prose, no style");
    assertFalse(TableRenderer.isProse(tech.tablesaw.api.StringColumn.create("x", "-0.25", "12%", "3e-4", "\u2014", "252 MB")));
    assertTrue(TableRenderer.isProse(tech.tablesaw.api.StringColumn.create("x", "12", "kept")));
  }
}
