package org.falconet.kernel.display;

import static org.falconet.kernel.display.Markup.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.tokenizer.Encoding;
import org.junit.jupiter.api.Test;

class TokenRendererTest {
  private final Renderers renderers = Renderers.withDefaults();

  /** An encoding built by hand: token texts laid end to end. */
  private static Encoding encoding(String... pieces) {
    List<Encoding.Token> tokens = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pieces.length; i++) {
      String p = pieces[i];
      boolean special = p.equals("<|endoftext|>");
      tokens.add(new Encoding.Token(100 + i, special ? p : p.replace(' ', '\u0120').replace('\n', '\u010a'), p,
          text.length(), text.length() + p.length(), special));
      text.append(p);
    }
    return new Encoding(text.toString(), tokens);
  }

  @Test
  void oneSpanPerTokenWithIdInTooltipAndAlternatingColours() {
    Encoding e = encoding("Hello", " world", "!", "<|endoftext|>");
    MimeBundle b = renderers.render(e);
    String html = (String) b.get("text/html");
    assertEquals(4, count(html, " class=\"tok\""), html);
    assertTrue(html.contains("title=\"id 101: \u0120world\""), html);
    assertTrue(html.startsWith("<div class=\"falconet-tokens\">\n<p style=\"margin:0 0 4px 0\">4 tokens, 25 characters (6.25 bytes per token)"), html);
    // neighbours differ in colour
    Matcher m = Pattern.compile("class=\"tok\"[^>]*background:(#[0-9a-f]{6})").matcher(html);
    String prev = null;
    while (m.find()) {
      assertFalse(m.group(1).equals(prev), html);
      prev = m.group(1);
    }
    assertEquals(1, count(html, "outline:1px solid"), "only the special token is outlined");
    assertEquals(1, count(html, "<b>"), "and bold");
    assertEquals("[100:'Hello'] [101:' world'] [102:'!'] [103:'<|endoftext|>']", b.get("text/plain"));
  }

  @Test
  void spacesAndNewlinesAreVisible() {
    String html = (String) renderers.render(encoding("a", " b", "\n", "\tc")).get("text/html");
    assertTrue(html.contains("<span style=\"color:#888\">\u00b7</span>b"), html);
    assertTrue(html.contains("<span style=\"color:#888\">\u21b5</span><br>"), html);
    assertTrue(html.contains("<span style=\"color:#888\">\u2192</span>c"), html);
    assertEquals("[100:'a'] [101:' b'] [102:'\\n'] [103:'\\tc']", renderers.render(encoding("a", " b", "\n", "\tc")).get("text/plain"));
  }

  @Test
  void boundariesSurviveWithoutStyles() {
    // What Jupyter's sanitizer leaves of the HTML in an untrusted notebook: no style attributes.
    String html = ((String) renderers.render(encoding("Hel", "lo", " wor", "ld", "\n", "!")).get("text/html"))
        .replaceAll(" style=\"[^\"]*\"", "");
    Matcher m = Pattern.compile("<(mark|span) class=\"tok\"").matcher(html);
    List<String> tags = new ArrayList<>();
    while (m.find()) {
      tags.add(m.group(1));
    }
    assertEquals(List.of("mark", "span", "mark", "span", "mark", "span"), tags, "neighbours are told apart by the element");
    String tokens = html.substring(html.indexOf("class=\"tok\""), html.indexOf("</div>"));
    assertFalse(tokens.contains("\n"), "line breaks are <br>, not whitespace a stylesheet must keep: " + html);
    assertEquals(1, count(html, "<br>"), html);
  }

  @Test
  void markupInTokensIsEscaped() {
    String html = (String) renderers.render(encoding("<b>", "&", "x>\"y'")).get("text/html");
    assertTrue(html.contains(">&lt;b&gt;</mark>"), html);
    assertTrue(html.contains(">&amp;</span>"), html);
    assertTrue(html.contains(">x&gt;&quot;y&#39;</mark>"), html);
    assertFalse(html.contains("<b>"), html);
    assertTrue(html.contains("title=\"id 100: &lt;b&gt;\""), html);
  }

  @Test
  void longSequencesAreCutWithANote() {
    String[] pieces = new String[TokenRenderer.MAX_TOKENS + 25];
    java.util.Arrays.fill(pieces, "ab");
    MimeBundle b = renderers.render(encoding(pieces));
    String html = (String) b.get("text/html");
    assertEquals(TokenRenderer.MAX_TOKENS, count(html, " class=\"tok\""));
    assertTrue(html.contains("&hellip; 25 more tokens"), html);
    assertTrue(((String) b.get("text/plain")).endsWith(" \u2026 25 more tokens"));
    assertEquals(TokenRenderer.MAX_TOKENS, count((String) b.get("text/plain"), "'ab'"));
  }

  @Test
  void emptyEncoding() {
    MimeBundle b = renderers.render(new Encoding("", List.of()));
    assertTrue(((String) b.get("text/html")).contains("0 tokens, 0 characters</p>"));
    assertEquals("", b.get("text/plain"));
  }
}
