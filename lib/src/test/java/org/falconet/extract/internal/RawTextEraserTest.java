package org.falconet.extract.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.junit.jupiter.api.Test;

class RawTextEraserTest {

  @Test
  void emptiesScriptsAndStylesButKeepsJsonLd() {
    String page = "<html><head><style>p{color:red}</style><script>var a = '<div>';</script>"
        + "<script type=\"application/ld+json\">{\"datePublished\":\"2020-01-02\"}</script></head>"
        + "<body><p onclick=\"x()\">Hi</p><SCRIPT>if (a < b) go()</SCRIPT></body></html>";
    assertEquals("<html><head><style></style><script></script>"
        + "<script type=\"application/ld+json\">{\"datePublished\":\"2020-01-02\"}</script></head>"
        + "<body><p onclick=\"x()\">Hi</p><SCRIPT>if (a < b) go()</SCRIPT></body></html>", RawTextEraser.erase(page));
  }

  @Test
  void readsOnIntoABodyMadeMostlyOfScripts() {
    String state = "{\"items\":[1,2,3],\"title\":\"a < b\"}".repeat(50);
    assertEquals("<body><p>Hi</p><script id=\"__NEXT_DATA__\" type=\"application/json\"></script></body>",
        RawTextEraser.erase("<body><p>Hi</p><script id=\"__NEXT_DATA__\" type=\"application/json\">" + state + "</script></body>"));
  }

  @Test
  void readsTheHeadAndPagesWithoutABodyTag() {
    assertEquals("<title>T</title><SCRIPT></SCRIPT><p>Hi</p><style></style>",
        RawTextEraser.erase("<title>T</title><SCRIPT>if (a < b) go()</SCRIPT><p>Hi</p><style>p{}</style>"));
  }

  @Test
  void readerGivesTheErasedPage() throws java.io.IOException {
    String page = "<style>a</style>xy<script>bb</script>z<style>c</style>";
    java.io.Reader r = RawTextEraser.erasing(page);
    char[] buf = new char[3];
    StringBuilder read = new StringBuilder();
    for (int got = r.read(buf, 0, 3); got >= 0; got = r.read(buf, 0, 3)) {
      read.append(buf, 0, got);
    }
    assertEquals("<style></style>xy<script></script>z<style></style>", read.toString());
    assertEquals(read.toString(), RawTextEraser.erase(page));
  }

  @Test
  void leavesScriptTagsInCommentsAttributesAndTextAreasAlone() {
    String page = "<!-- <script>a</script> --><p title='<script>b</script>'>x</p>"
        + "<textarea><script>c</script></textarea><title><style>d</style></title>";
    assertSame(page, RawTextEraser.erase(page));
  }

  @Test
  void stopsWhereTheTreeDecidesHowTextIsRead() {
    for (String page : new String[] {
        "<select><style>a</style></select><script>b</script>",
        "<script><!--<script>a</script>--></script><style>b</style>",
        "<math><style>a</style></math>",
        "<svg><title>t</title><style>a</style></svg><style>b</style>",
        "<script/><style>a</style>",
        "<![CDATA[<style>a</style>]]>"}) {
      assertSame(page, RawTextEraser.erase(page), page);
    }
  }

  @Test
  void readsOnAfterDrawingOnlySvg() {
    assertEquals("<svg><path d='M0 0'/><g><circle r=1 /></g></svg><style></style>",
        RawTextEraser.erase("<svg><path d='M0 0'/><g><circle r=1 /></g></svg><style>b</style>"));
  }

  /** Independent truth: jsoup's own parse of the page, which must not change but for the emptied elements. */
  @Test
  void jsoupParsesErasedPagesAsTheOriginalsButForScriptAndStyleData() {
    String[] parts = {
        "<script>", "</script>", "<SCRIPT type=\"application/ld+json\">", "<script type='text/json'>", "<style>",
        "</style>", "</STYLE >", "<!--", "-->", "--!>", "<!-->", "<!--->", "<div class=\"a>b\">", "</div>",
        "<p title='<script>'>", "<a href=x>", "</a>", "<textarea>", "</textarea>", "<title>", "</title>",
        "<noscript>", "</noscript>", "<svg>", "</svg>", "<svg/>", "<path d='M0'/>", "<g>", "</g>", "<select>",
        "<option>", "<table>", "<td>", "<tr>", "<xmp>", "</xmp>", "<iframe>", "</iframe>", "<![CDATA[", "]]>",
        "<!DOCTYPE html>", "<?xml ?>", "</ script>", "</script x='>'>", "<script/>", "text", "a<b", "x = 1 < 2;",
        "<", ">", "\"", "'", "=", " ", "\n", "<head>", "</head>", "<body>", "<math>", "<template>", "<plaintext>",
        "\u017F", "</\u017Fcript>", "<b>", "<p>", "</p>", "<img src=x>", "<br/>", "<scripts>", "</scripts>",
        "<div =\"x>y\">", "<e a=\"1\"b>", "<style/>", "&amp;", "<frameset>", "<noembed>", "</noembed>",
        "<noframes>", "</noframes>", "<desc>", "<foreignObject>", "<span>", "</br>", "<script", "<style ",
        "<a b=c/>", "<meta name=x>", "<html>", "</body>", "</html>", "<!x>", "</>", "</3>", "<i\u0131>"};
    // the parts most pages are made of, drawn more often so that most pages get past the stoppers
    String[] common = {
        "<script>", "</script>", "<style>", "</style>", "text", "x = 1 < 2;", "<!--", "-->", "<p title='<script>'>",
        "<div class=\"a>b\">", "</div>", "<b>", "<p>", "<a href=x>", "</a>", "<noscript>", "</noscript>", "<svg>",
        "</svg>", "<path d='M0'/>", "<title>", "</title>", "<desc>", "</desc>", "<SCRIPT type=\"application/ld+json\">", "<textarea>", "</textarea>", " ", "'",
        "\""};
    SplittableRandom rnd = new SplittableRandom(20261128);
    int erased = 0;
    for (int doc = 0; doc < 8_000; doc++) {
      StringBuilder b = new StringBuilder();
      for (int k = 2 + rnd.nextInt(30); k > 0; k--) {
        b.append(rnd.nextInt(12) == 0 ? parts[rnd.nextInt(parts.length)] : common[rnd.nextInt(common.length)]);
      }
      String page = b.toString();
      String out = RawTextEraser.erase(page);
      assertEquals(out, read(RawTextEraser.erasing(page)));
      if (out != page) {
        erased++;
      }
      assertEquals(withoutScriptData(page), withoutScriptData(out), page);
    }
    assertEquals(true, erased > 500, "pages erased: " + erased);
  }

  private static String read(java.io.Reader r) {
    try {
      StringBuilder b = new StringBuilder();
      char[] buf = new char[7];
      for (int got = r.read(buf, 0, buf.length); got >= 0; got = r.read(buf, 0, buf.length)) {
        b.append(buf, 0, got);
      }
      return b.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String withoutScriptData(String page) {
    Document d = Jsoup.parse(page);
    d.outputSettings().prettyPrint(false);
    for (Element e : d.select("script, style")) {
      if (!(e.normalName().equals("script") && "application/ld+json".equalsIgnoreCase(e.attr("type")))) {
        for (Node c : e.childNodes().toArray(new Node[0])) {
          if (c instanceof DataNode) {
            c.remove();
          }
        }
      }
    }
    return d.outerHtml();
  }
}
