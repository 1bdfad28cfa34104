package org.falconet.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;

class TrafilaturaStyleExtractorTest {

  private final TrafilaturaStyleExtractor stage = new TrafilaturaStyleExtractor();

  private static final String ARTICLE = """
      <html><head><title>Migrating birds return early | Daily Wing</title>
      <meta property="article:published_time" content="2023-04-05T10:00:00Z"></head><body>
      <div id="cookie-notice"><p>We use cookies to improve your experience. Accept cookies to continue.</p></div>
      <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
      <header><h1>Daily Wing</h1></header>
      <article><h1>Migrating birds return early</h1>
      <div class="share-buttons"><a href="#">Share on Twitter</a> <a href="#">Share on Facebook</a></div>
      <p>Swallows arrived three weeks earlier than usual this spring, ornithologists said on Tuesday.</p>
      <h2>Warmer winters</h2>
      <p>The   birds   follow   temperature, see https://example.org/report.pdf for the full report.</p>
      <ul><li>Swallows: 21 days early</li><li>Swifts: 9 days early</li></ul>
      <table><tr><td>Species</td><td>Days</td></tr><tr><td>Swallow</td><td>21</td></tr></table>
      <pre><code>count = 42
      print(count)</code></pre>
      </article>
      <div id="comments"><p>Nice article, thanks for writing it up so clearly.</p></div>
      <aside class="sidebar"><p>Subscribe to our newsletter for weekly updates on all birds.</p></aside>
      <footer><p>Copyright 2023 Daily Wing. All rights reserved.</p></footer>
      </body></html>""";

  private Document page(String html) {
    return Document.ofHtml("p1", "https://dailywing.example/2023/04/05/birds", null, html);
  }

  @Test
  void keepsArticleTextAndDropsBoilerplate() {
    Outcome out = stage.apply(page(ARTICLE));
    Document d = assertInstanceOf(Outcome.Kept.class, out).document();
    String text = d.text();
    assertNull(d.html(), "html dropped once extracted");
    assertTrue(text.startsWith("Swallows arrived three weeks earlier"), text);
    assertTrue(text.contains("\nWarmer winters\n"), text);
    assertTrue(text.contains("Swallows: 21 days early\nSwifts: 9 days early"), text);
    assertTrue(text.contains("Swallow | 21"), text);
    assertTrue(text.contains("count = 42\nprint(count)"), "code kept verbatim: " + text);
    assertTrue(text.contains("The birds follow temperature, see for the full report."), "URL removed: " + text);
    for (String boiler : new String[] {"cookies", "Home", "Share", "Nice article", "newsletter", "Copyright", "Daily Wing"}) {
      assertFalse(text.contains(boiler), boiler + " in " + text);
    }
    assertEquals("Migrating birds return early", d.meta("title"));
    assertEquals("2023-04-05", d.meta("date"));
  }

  @Test
  void removesUrlsLikeThePaper() {
    assertEquals("see for details", TrafilaturaStyleExtractor.removeUrls("see https://a.example/x?y=1 for details"));
    assertEquals("Visit today.", TrafilaturaStyleExtractor.removeUrls("Visit www.example.com/page today."));
    assertEquals("FTP: and", TrafilaturaStyleExtractor.removeUrls("FTP: FTP://files.example.org/pub and"));
    assertEquals("file:///etc/hosts and awww.foo.bar stay", TrafilaturaStyleExtractor.removeUrls("file:///etc/hosts and awww.foo.bar stay"));
  }

  @Test
  void capsNewlinesAtTwo() {
    Extraction e = stage.extract("<html><body><article><p>First paragraph of the text.</p>"
        + "<pre>line one\n\n\n\n\nline two</pre></article></body></html>", null);
    assertEquals("First paragraph of the text.\nline one\n\nline two", e.text());
  }

  @Test
  void findsTheTextOfPagesWithoutNamedContentAreas() {
    String para = "This paragraph of a table-layout page is long enough, with commas, to score as body text. ";
    String html = "<html><body><table><tr><td><a href='/a'>Home</a><br><a href='/b'>Links</a></td><td>"
        + "<p>" + para + para + "</p><p>" + para + "</p></td></tr></table></body></html>";
    Extraction e = stage.extract(html, null);
    assertTrue(e.ok());
    assertFalse(e.text().contains("Home"), e.text());
    assertTrue(e.text().contains("This paragraph of a table-layout page"), e.text());
  }

  @Test
  void joinsABodySplitIntoSeveralBoxesAndDropsAuthorBoxes() {
    String html = "<html><body><div class='story'><div class='article-body'><p>First part of the story.</p></div>"
        + "<div class='ad-slot'>Advertisement</div><div class='article-body'><p>Second part of the story.</p></div>"
        + "<div class='author-box'><p>Jane writes about trains.</p></div><p>The story continues below advertisement</p>"
        + "</div><div class='site-footer'>About us</div></body></html>";
    assertEquals("First part of the story.\nSecond part of the story.", stage.extract(html, null).text());
  }

  @Test
  void leavesTextDocumentsAlone() {
    Document d = Document.ofText("t", null, "already text");
    assertEquals(d, stage.apply(d).document());
  }

  @Test
  void dropsPagesWithNoMainText() {
    Outcome out = stage.apply(page("<html><head><script>var x = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
        + "<footer>Copyright</footer></body></html>"));
    assertEquals("no_main_text", assertInstanceOf(Outcome.Removed.class, out).reason());
  }

  @Test
  void dropsPagesOverTheSizeCap() {
    String fifty = "<p>" + "a".repeat(50 * 1024 * 1024) + "</p>";   // a 50 MB page
    assertEquals("page_too_large", ((Outcome.Removed) stage.apply(page(fifty))).reason());
  }

  @Test
  void dropsHundredThousandNestedDivs() {
    StringBuilder sb = new StringBuilder("<html><body>");
    sb.append("<div>".repeat(100_000)).append("deep text").append("</div>".repeat(100_000)).append("</body></html>");
    assertEquals("nesting_too_deep", ((Outcome.Removed) stage.apply(page(sb.toString()))).reason());
  }

  @Test
  void dropsBinaryJunk() {
    byte[] junk = new byte[200_000];
    new Random(7).nextBytes(junk);
    String decoded = new String(junk, StandardCharsets.UTF_8);   // as a crawler would decode it
    assertEquals("binary_content", ((Outcome.Removed) stage.apply(page(decoded))).reason());
  }

  @Test
  void dropsPagesWithTooManyElements() {
    var small = new TrafilaturaStyleExtractor(new TrafilaturaStyleExtractor.Params(20_000_000, 100, 512, 2_000, 1, true, 0.1));
    String html = "<html><body>" + "<p>word</p>".repeat(200) + "</body></html>";
    assertEquals("too_many_elements", small.extract(html, null).dropReason());
  }

  @Test
  void dropsPagesWithTooManyElementsBeforeParsing() {
    String html = "<html><body>" + "<b>".repeat(400_000) + "</body></html>";   // over PAPER's 300,000
    assertEquals("too_many_elements", stage.extract(html, null).dropReason());
  }

  @Test
  void dropsPagesOverTheTimeBudget() {
    var hurried = new TrafilaturaStyleExtractor(new TrafilaturaStyleExtractor.Params(20_000_000, 1_000_000, 512, 1, 1, true, 0.1));
    String html = "<html><body>" + "<div><p>some words here</p></div>".repeat(100_000) + "</body></html>";
    assertEquals("extraction_timeout", hurried.extract(html, null).dropReason());
  }

  @Test
  void rejectsInvalidParams() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new TrafilaturaStyleExtractor.Params(0, 1, 1, 1, 1, true, 0.1));
  }
}
