package org.falconet.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.falconet.corpus.Document;
import org.junit.jupiter.api.Test;

class PageLinesTest {

  private static final String PAGE = """
      <html><head><title>Migrating birds return early</title><script>var x = "hidden";</script></head><body>
      <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
      <article><h1>Migrating birds return early</h1>
      <div class="share-buttons"><a href="#">Share on Twitter</a></div>
      <p>Swallows arrived three weeks earlier than usual this spring, ornithologists said.</p>
      <p>The birds follow temperature, see https://example.org/report.pdf for the report.</p>
      <table><tr><td>Swallow</td><td>21</td></tr></table>
      </article>
      <footer><p>Copyright 2023 Daily Wing. All rights reserved.</p></footer>
      </body></html>""";

  @Test
  void marksArticleLinesKeptAndFurnitureDropped() {
    Extraction e = new TrafilaturaStyleExtractor().extract(PAGE, "https://dailywing.example/birds");
    List<PageLines.Line> lines = PageLines.of(PAGE, e);
    assertEquals(List.of(
        new PageLines.Line("Home", false),
        new PageLines.Line("News", false),
        new PageLines.Line("Migrating birds return early", false),   // the title: metadata, not text
        new PageLines.Line("Share on Twitter", false),
        new PageLines.Line("Swallows arrived three weeks earlier than usual this spring, ornithologists said.", true),
        new PageLines.Line("The birds follow temperature, see https://example.org/report.pdf for the report.", true),
        new PageLines.Line("Swallow | 21", true),
        new PageLines.Line("Copyright 2023 Daily Wing. All rights reserved.", false)), lines);
  }

  @Test
  void asDocumentHoldsKeptTextAndDroppedLinesInPlace() {
    Extraction e = new TrafilaturaStyleExtractor().extract(PAGE, "https://dailywing.example/birds");
    Document d = PageLines.asDocument("p", "https://dailywing.example/birds", PAGE, e);
    assertTrue(d.text().startsWith("Swallows arrived"), d.text());
    assertEquals("Migrating birds return early", d.meta("title"));
    List<?> removed = (List<?>) d.meta("removed_lines");
    assertEquals(5, removed.size());
    assertEquals(Map.of("text", "Home", "line", 0, "reason", "boilerplate"), removed.get(0));
    assertEquals(Map.of("text", "Copyright 2023 Daily Wing. All rights reserved.", "line", 7, "reason", "boilerplate"),
        removed.get(4));
  }

  @Test
  void everyExtractedLineIsClaimedByOnePageLineOnEvaluationPages() throws IOException {
    for (String name : new String[] {"tpl-blog-00", "late-drupal-00", "real-handbook-apt-get"}) {
      Path html = ExtractionQualityTest.evalDir().resolve(name + ".html");
      String page = Files.readString(html, StandardCharsets.UTF_8);
      Extraction e = new TrafilaturaStyleExtractor().extract(page, "https://example.org/" + name);
      List<PageLines.Line> lines = PageLines.of(page, e);
      long kept = lines.stream().filter(PageLines.Line::kept).count();
      long extracted = e.text().lines().filter(l -> l.codePoints().anyMatch(Character::isLetterOrDigit)).count();
      assertEquals(extracted, kept, name);
      assertTrue(lines.stream().anyMatch(l -> !l.kept()), name + " has boilerplate");
    }
  }

  @Test
  void aDroppedPageKeepsNothing() {
    Extraction dropped = new Extraction(null, null, null, "no_main_text");
    List<PageLines.Line> lines = PageLines.of("<p>Only a line</p>", dropped);
    assertEquals(List.of(new PageLines.Line("Only a line", false)), lines);
    assertFalse(PageLines.asDocument("x", null, "<p>Only a line</p>", dropped).text().contains("Only"));
  }
}
