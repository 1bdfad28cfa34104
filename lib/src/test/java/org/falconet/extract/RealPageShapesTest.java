package org.falconet.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.extract.internal.ParagraphClassifier;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Page shapes met on real sites (github.com/scrapinghub/article-extraction-benchmark and
 * trafilatura's evaluation pages), written small: the article text each must give is known by
 * construction.
 */
class RealPageShapesTest {

  private final TrafilaturaStyleExtractor ex = new TrafilaturaStyleExtractor();

  private static final String P1 = "Officials confirmed on Monday that the bridge would reopen to traffic next spring, after repairs costing twelve million.";
  private static final String P2 = "Engineers found corrosion in two of the main cables during a routine inspection carried out last autumn by the county.";
  private static final String P3 = "Local businesses, which lost trade during the closure, welcomed the news but asked for help with the months still ahead.";

  private static String paragraphs() {
    return "<p>" + P1 + "</p><p>" + P2 + "</p><p>" + P3 + "</p>";
  }

  @Test
  void anEmptyBoxNamedLikeTheBodyDoesNotHideTheBody() {
    // an ad zone whose class names it a post body comes first (snopes.com, remember8090.it)
    String html = "<html><body><div class=\"smg-zone smg-post-body-1\"></div><div class=\"entry-content-views\">12</div>"
        + "<article><div class=\"entry-content\">" + paragraphs() + "</div></article></body></html>";
    Extraction e = ex.extract(html, null);
    assertEquals(P1 + "\n" + P2 + "\n" + P3, e.text());
    assertFalse(e.fallback());
  }

  @Test
  void articleInsideABoxNamedAsBoilerplateFallsBackToClassifiedParagraphs() {
    // the article body holds a byline only; the text sits in a box the site named as a share widget
    String html = "<html><body><div class=\"entry-content\"><p>By the county desk, with reporting from the harbour office.</p></div><div class=\"share-wrapper\"><div>"
        + P1 + "</div><div>" + P2 + "</div><div>" + P3 + "</div></div><div class=\"nav\"><a href=\"/1\">Previous</a></div>"
        + "</body></html>";
    Extraction e = ex.extract(html, null);
    assertTrue(e.ok(), String.valueOf(e.dropReason()));
    assertTrue(e.fallback());
    assertEquals(P1 + "\n" + P2 + "\n" + P3, e.text());
    Document d = assertInstanceOf(Outcome.Kept.class, ex.apply(Document.ofHtml("g", "https://x.example/g", null, html))).document();
    assertEquals(TrafilaturaStyleExtractor.FALLBACK_PATH, d.meta(TrafilaturaStyleExtractor.PATH_META));
    Document main = assertInstanceOf(Outcome.Kept.class,
        ex.apply(Document.ofHtml("m", "https://x.example/m", null, "<html><body><article>" + paragraphs() + "</article></body></html>"))).document();
    assertNull(main.meta(TrafilaturaStyleExtractor.PATH_META), "the main path sets no flag");
  }

  @Test
  void anUnclosedHeaderAroundThePageIsNotPruned() {
    // <header> never closed: the parser puts the whole page inside it (diaadia.com.pa)
    String html = "<html><body><header class=\"header\"><a href=\"/\">Logo</a><main><article>" + paragraphs()
        + "</article></main></body></html>";
    assertEquals(P1 + "\n" + P2 + "\n" + P3, ex.extract(html, null).text());
    String chrome = "<html><body><header><p>Site of the county news, since 1901.</p></header><article>" + paragraphs()
        + "</article></body></html>";
    assertEquals(P1 + "\n" + P2 + "\n" + P3, ex.extract(chrome, null).text(), "a real header still goes");
  }

  @Test
  void aPageServedInsideNoscriptIsNotEmpty() {
    // the whole page sits in <noscript> for clients without JavaScript (parcoabruzzo.it); a
    // tracking pixel's noscript beside it is no page
    String html = "<html><body><noscript><img src=\"/px.gif\"></noscript><noscript><div id=\"menu\"><a href=\"/\">Home</a></div>"
        + "<div id=\"colonna_testo\"><h1>The bridge</h1>" + paragraphs() + "</div></noscript><div id=\"app\"></div></body></html>";
    Extraction e = ex.extract(html, null);
    assertTrue(e.ok(), String.valueOf(e.dropReason()));
    assertTrue(e.fallback());
    assertEquals("The bridge\n" + P1 + "\n" + P2 + "\n" + P3, e.text(), "the heading before the prose stays");
  }

  @Test
  void aPageBuiltByJavaScriptGivesTheArticleItPublishesAsJsonLd() {
    // no article in the markup, only in the page's JSON-LD: a how-to's description and steps
    // (homify.de); the breadcrumb list and the publisher's description are not the article
    String html = "<html><head><script type=\"application/ld+json\">{\"@type\":\"Organization\",\"description\":\"A site.\"}</script>"
        + "</head><body><div id=\"root\" data-props=\"{}\"></div><script type=\"application/ld+json\">"
        + "{\"@context\":\"http://schema.org/\",\"@type\":\"HowTo\",\"name\":\"The bridge\",\"description\":\"<p>" + P1
        + "</p>\",\"publisher\":{\"description\":\"The county's paper since 1901, with news from the harbour.\"},"
        + "\"step\":[{\"@type\":\"HowToStep\",\"itemListElement\":{\"text\":\"<p>" + P2 + "</p>\"}},"
        + "{\"@type\":\"HowToStep\",\"itemListElement\":{\"text\":\"<p>" + P3 + "</p>\"}}]}</script></body></html>";
    Extraction e = ex.extract(html, null);
    assertTrue(e.ok(), String.valueOf(e.dropReason()));
    assertTrue(e.fallback());
    assertEquals(P1 + "\n" + P2 + "\n" + P3, e.text());
    // an articleBody is the article on its own; a short summary alone is no article
    String article = "<html><body><div></div><script type=\"application/ld+json\">[{\"@type\":\"NewsArticle\","
        + "\"description\":\"Summary.\",\"articleBody\":\"" + P1 + "\\n" + P2 + "\"}]</script></body></html>";
    assertEquals(P1 + "\n" + P2, ex.extract(article, null).text());
    String summary = "<html><body><div></div><script type=\"application/ld+json\">{\"description\":\"" + P1 + "\"}</script></body></html>";
    assertEquals("no_main_text", ex.extract(summary, null).dropReason());
  }

  @Test
  void bodySplitOverSiblingBoxesIsTakenWhole() {
    // a lead block and a body block side by side, no name to find them by
    String html = "<html><body><div><div class=\"lead\"><p>" + P1 + "</p><p>" + P2 + "</p></div>"
        + "<div class=\"x\"><img src=a.jpg></div><div class=\"rest\"><p>" + P3 + "</p><p>" + P2.replace("two", "three")
        + "</p></div></div><div><a href=\"/a\">Home</a></div></body></html>";
    String text = ex.extract(html, null).text();
    assertTrue(text.startsWith(P1) && text.contains(P3), text);
  }

  @Test
  void teasersAfterARelatedHeadingCaptionsAndCreditsGo() {
    String caption = "The bridge seen from the north bank on Monday morning, before the announcement.";
    String html = "<html><body><article>"
        + "<div class=\"caption\">" + caption + "</div>" + paragraphs()
        + "<div class=\"caption\">" + caption + "</div><p>Photo: County Press</p>"
        + "<h3>Related stories</h3><p>Council approves new budget for the harbour</p><p>Ferry times change in May</p>"
        + "</article></body></html>";
    assertEquals(P1 + "\n" + P2 + "\n" + P3, ex.extract(html, null).text());
  }

  @Test
  void tailHeadingsAndFurnitureInOtherLanguagesGo() {
    // trafilatura's evaluation pages are mostly German and French: the same tails as English pages
    String de = "<html><body><article><p>Veröffentlicht: 23.10.2018, 15:19 Uhr</p><p>23.10.2018</p>" + paragraphs()
        + "<p>Foto: Ingo Pertramer</p><p>Schlagworte</p><h3>Mehr zum Thema</h3><p>Neue Brücke für den Hafen</p>"
        + "<p>Fährzeiten ändern sich im Mai</p></article></body></html>";
    assertEquals(P1 + "\n" + P2 + "\n" + P3, ex.extract(de, null).text());
    String fr = "<html><body><article>" + paragraphs() + "<h3>À découvrir</h3><p>Le pont rouvre au printemps</p></article></body></html>";
    assertEquals(P1 + "\n" + P2 + "\n" + P3, ex.extract(fr, null).text(), "case-insensitive beyond ASCII");
  }

  @Test
  void callsToSubscribeOrFollowGoButAnArticleAboutNewslettersStays() {
    String html = "<html><body><article>" + paragraphs()
        + "<p>Sign up for the County Press newsletter and never miss the latest news.</p>"
        + "<p>Subscribe now to our e-edition for the full story.</p>"
        + "<p>Follow The County Press on Twitter and Instagram @CountyPress.</p>"
        + "<p>Mit unserem Newsletter bleiben Sie informiert.</p></article></body></html>";
    assertEquals(P1 + "\n" + P2 + "\n" + P3, ex.extract(html, null).text());
    String about = "The council's newsletter, sent to every household since 1990, will move online next year to save paper.";
    String own = "<html><body><article>" + paragraphs() + "<p>" + about + "</p></article></body></html>";
    assertEquals(P1 + "\n" + P2 + "\n" + P3 + "\n" + about, ex.extract(own, null).text(), "no call, no drop");
  }

  @Test
  void teaserRunIsJudgedByWhatWouldOtherwiseBeKept() {
    // a related heading, a long list of links (dropped anyway as link-dense), then short teasers:
    // the link text does not make the teasers look like most of the text (panarmenian.net)
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      links.append("<div><a href=\"/n/").append(i).append("\">Another story from the archive of the county paper, number ").append(i)
          .append("</a></div>");
    }
    String html = "<html><body><article>" + paragraphs() + "<b>Related links:</b>" + links
        + "<p>The harbour office opens a new ferry line to the islands.</p><p>The council meets on Friday.</p></article></body></html>";
    assertEquals(P1 + "\n" + P2 + "\n" + P3, ex.extract(html, null).text());
  }

  @Test
  void aRelatedHeadingOfTheArticlesOwnDoesNotEmptyIt() {
    // short paragraphs after an early "More news" line: teasers are never most of the text
    String html = "<html><body><article><p>More news</p><p>First short line of the report, about the bridge.</p>"
        + "<p>Second short line of the report, about the cables.</p><p>Third short line, about the shops.</p>"
        + "</article></body></html>";
    String text = ex.extract(html, null).text();
    assertTrue(text.contains("Second short line") && text.contains("Third short line"), text);
  }

  @Test
  void paragraphClassifierKeepsProseAndWhatSitsBetweenIt() {
    String longA = "a".repeat(130);
    String longB = "b".repeat(125);
    List<String> lines = List.of("Home", "Menu", "A heading", longA, "short in between", longB, "Contact us", "Imprint");
    // good: the two long lines; the short line between them (2 apart) and the heading before the first are kept
    assertEquals(List.of("A heading", longA, "short in between", longB), ParagraphClassifier.goodLines(lines));
    assertEquals(List.of(), ParagraphClassifier.goodLines(List.of("Home", "News", "Contact")));
  }

  @Test
  void shingleMatchIsTheBenchmarksOwn() {
    // evaluate.py: 4-gram multisets; truth "a b c d e" has {abcd, bcde}, prediction "a b c d x" {abcd, bcdx}:
    // tp 1, fp 1, fn 1, normalised by their sum 3
    assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, RealPagesEvaluation.shingleMatch("a b c d e", "a b c d x"), 1e-12);
    // fewer than four tokens: one shingle of all of them; an empty prediction scores nothing
    assertArrayEquals(new double[] {0, 0, 1}, RealPagesEvaluation.shingleMatch("two words", ""), 1e-12);
    // a repeated shingle counts as often as it occurs (multisets, not sets)
    // truth {abcd}; prediction {abcd x2, bcda, cdab, dabc}: tp 1, fp 4
    assertArrayEquals(new double[] {0.2, 0.8, 0}, RealPagesEvaluation.shingleMatch("a b c d", "a b c d. a b c d"), 1e-12);
  }

  @Test
  void splitBySiteIsStable() {
    assertEquals(RealPagesEvaluation.heldOut("example.org"), RealPagesEvaluation.heldOut(RealPagesEvaluation.site("https://www.example.org/a")));
    assertEquals("example.org", RealPagesEvaluation.site("https://WWW.Example.org:8080/x?y"));
  }
}
