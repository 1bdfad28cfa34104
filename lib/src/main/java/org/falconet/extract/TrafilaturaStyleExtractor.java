package org.falconet.extract;

import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.extract.internal.Boilerplate;
import org.falconet.extract.internal.MainContent;
import org.falconet.extract.internal.PageMetadata;
import org.falconet.extract.internal.ParagraphClassifier;
import org.falconet.extract.internal.RawTextEraser;
import org.falconet.extract.internal.StructuredBody;
import org.falconet.extract.internal.TextWriter;
import org.falconet.extract.internal.UrlRemover;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Outcome;
import org.jsoup.parser.Parser;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * RefinedWeb's text extraction (Penedo et al. 2023, section 3.1: "we use trafilatura ... to
 * extract the main content of pages, ignoring menus, headers, footers and ads"): turns
 * {@link Document#html()} into the page's main text, its title and date, in trafilatura's
 * precision-favouring way, on jsoup.
 *
 * <p>The page is pruned of tags that never hold text (scripts, forms' widgets, {@code nav},
 * {@code header}, {@code footer}, {@code aside}) and of hidden elements; the content area is found
 * by its name (article bodies, {@code <article>}, {@code <main>}), or, when no named area holds
 * enough text, by paragraph scoring; inside it, blocks named as boilerplate (share bars, comments,
 * cookie notices, related links, captions), link-dense lines and teaser lists after related-stories
 * headings are dropped. Headings, paragraphs, lists, table rows and code blocks
 * become lines; newlines are capped at two and URLs removed, as the paper does.
 *
 * <p>Never silently empty: when the content area's text is empty or much shorter than the page's,
 * the page's blocks are classified one by one (jusText-style, {@link ParagraphClassifier}) and the
 * longer text kept, as trafilatura compares its result with a second extraction (pruned headers,
 * footers, asides and {@code noscript} blocks that wrap the article are looked into too); when that
 * finds nothing either, the article the page publishes as JSON-LD is taken ({@link StructuredBody}).
 * Documents whose text came that way carry {@code extraction = fallback} in their metadata.
 *
 * <pre>{@code
 * Extraction e = new TrafilaturaStyleExtractor(TrafilaturaStyleExtractor.Params.PAPER).extract(html, url);
 * }</pre>
 *
 * <p>Drop reasons: {@code page_too_large}, {@code binary_content}, {@code too_many_elements},
 * {@code nesting_too_deep}, {@code extraction_timeout}, {@code no_main_text} (neither the content
 * area nor the fallback found text), {@code extraction_failed}.
 */
public final class TrafilaturaStyleExtractor implements DocumentStage {

  /**
   * The extractor's limits.
   *
   * @param maxPageChars     pages longer than this are dropped unparsed ({@code page_too_large})
   * @param maxElements      pages with more elements are dropped ({@code too_many_elements})
   * @param maxDepth         pages nested deeper are dropped ({@code nesting_too_deep})
   * @param timeoutMillis    time budget per page after parsing ({@code extraction_timeout}); parsing
   *                         itself is bounded by {@code maxPageChars} and {@code maxElements}
   * @param minTextChars     shorter extractions count as no main text ({@code no_main_text})
   * @param removeUrls       remove URLs from the text, as RefinedWeb does
   * @param maxBinaryShare   largest share of control and replacement characters in a text page ({@code binary_content})
   */
  public record Params(int maxPageChars, int maxElements, int maxDepth, long timeoutMillis, int minTextChars,
                       boolean removeUrls, double maxBinaryShare) {

    /**
     * trafilatura's settings.cfg: MAX_FILE_SIZE = 20000000; Blink's HTML parser caps DOM depth at 512
     * (kMaximumHTMLParserDOMTreeDepth); 300,000 elements (jsoup parses them in about two seconds)
     * and two seconds after parsing are far beyond any article page; trafilatura's MIN_OUTPUT_SIZE
     * = 1. Binary pages: over 10% control characters.
     */
    public static final Params PAPER = new Params(20_000_000, 300_000, 512, 2_000, 1, true, 0.10);

    public Params {
      if (maxPageChars <= 0 || maxElements <= 0 || maxDepth <= 0 || timeoutMillis <= 0 || minTextChars < 1) {
        throw new IllegalArgumentException("extractor limits must be positive: " + maxPageChars + ", " + maxElements
            + ", " + maxDepth + ", " + timeoutMillis + ", " + minTextChars);
      }
      if (!(maxBinaryShare > 0 && maxBinaryShare <= 1)) {
        throw new IllegalArgumentException("maxBinaryShare must be in (0, 1]: " + maxBinaryShare);
      }
    }
  }

  /**
   * The metadata key set to {@link #FALLBACK_PATH} on documents whose text came from the fallback
   * extraction (absent when the content area's text was kept).
   */
  public static final String PATH_META = "extraction";

  /** The value of {@link #PATH_META} for text from the fallback extraction. */
  public static final String FALLBACK_PATH = "fallback";

  /** The stage name in RefinedWeb's catalogue. */
  public static final String NAME = "text_extraction";

  /** A named content area with less text than this is checked against paragraph scoring. */
  private static final int SHORT_NAMED_AREA = 500;

  /** Main text shorter than this is compared with the fallback extraction (longer text is kept: a
   * page's comments and cookie notices are prose too, and the classifier would take them). */
  private static final int FALLBACK_BELOW_CHARS = 250;
  /** Short main text is compared with the fallback when the page's text is this many times longer. */
  private static final int FALLBACK_PAGE_RATIO = 6;
  /** The fallback's text replaces the main text when this many times longer. */
  private static final double FALLBACK_GAIN = 2;

  /** A {@code noscript} holding this much text may hold the page's article (kept for the fallback). */
  private static final int NOSCRIPT_PAGE_CHARS = 200;

  /** Pruned headers, footers, asides and text-holding noscripts kept for the fallback to look into. */
  private static final int MAX_CHROME = 16;

  private final Params params;

  public TrafilaturaStyleExtractor(Params params) {
    this.params = params;
  }

  public TrafilaturaStyleExtractor() {
    this(Params.PAPER);
  }

  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome apply(Document doc) {
    if (doc.html() == null) {
      return Outcome.kept(doc);   // already text: nothing to extract
    }
    Extraction e = extract(doc.html(), doc.url());
    if (!e.ok()) {
      return Outcome.removed(doc, e.dropReason());
    }
    Document out = doc.extracted(e.text());
    if (e.title() != null) {
      out = out.withMeta("title", e.title());
    }
    if (e.date() != null) {
      out = out.withMeta("date", e.date());
    }
    if (e.fallback()) {
      out = out.withMeta(PATH_META, FALLBACK_PATH);
    }
    return Outcome.kept(out);
  }

  /** Extracts one page; never throws for any input. {@code url} may be {@code null}. */
  public Extraction extract(String html, String url) {
    if (html == null) {
      return Extraction.dropped("no_main_text");
    }
    if (html.length() > params.maxPageChars()) {
      return Extraction.dropped("page_too_large");
    }
    if (binary(html)) {
      return Extraction.dropped("binary_content");
    }
    // A start tag takes at least two characters ("<a"): a page of at most twice maxElements
    // characters cannot have too many, and need not be counted.
    if (html.length() / 2 > params.maxElements() && startTags(html) > params.maxElements()) {
      return Extraction.dropped("too_many_elements");   // before parsing: parse time grows with elements
    }
    try {
      return parseAndExtract(html, url);
    } catch (TextWriter.TimeoutException e) {
      return Extraction.dropped("extraction_timeout");
    } catch (StackOverflowError e) {
      return Extraction.dropped("extraction_failed");
    } catch (RuntimeException e) {
      return Extraction.dropped("extraction_failed");
    }
  }

  private Extraction parseAndExtract(String html, String url) {
    // scripts and styles are emptied first: the parser would copy them into nodes left unread
    // (Parser.htmlParser().parseInput is what Jsoup.parse(String, String) runs, on a StringReader)
    org.jsoup.nodes.Document page = Parser.htmlParser().parseInput(RawTextEraser.erasing(html), url == null ? "" : url);
    long deadline = System.nanoTime() + params.timeoutMillis() * 1_000_000L;
    PageMetadata metadata = new PageMetadata();
    MainContent.NamedAreas named = new MainContent.NamedAreas();
    Element[] walkedBody = new Element[1];
    List<Element> chrome = new java.util.ArrayList<>();
    int[] shape = pruneAndMeasure(page, metadata, named, walkedBody, chrome, deadline);
    if (shape[0] > params.maxElements()) {
      return Extraction.dropped("too_many_elements");
    }
    if (shape[1] > params.maxDepth()) {
      return Extraction.dropped("nesting_too_deep");
    }
    String title = metadata.title();
    String date = metadata.date(url);
    Element body = page.body();
    // the pruning walk looked for named areas in the body it pruned: the page's body unless a frameset stands for it
    Element area = body == walkedBody[0] ? named.best() : MainContent.named(body);
    if (area == null || !MainContent.textLengthAtLeast(area, SHORT_NAMED_AREA)) {
      Element scored = MainContent.scored(body);
      if (scored != null && (area == null || MainContent.textLength(scored) > 2 * MainContent.textLength(area))) {
        area = scored;
      }
    }
    if (area == null) {
      area = body;
    }
    // the body the pruning walk went through holds no junk tags or hidden elements any more
    boolean pruned = body == walkedBody[0];
    List<String> lines = TextWriter.lines(area, title, pruned, deadline);
    String text = finish(String.join("\n", lines));
    boolean fallback = false;
    // Never silently empty: a content area whose text is empty or short, on a page with much more
    // text, is checked against the page's blocks classified one by one, and the longer kept (trafilatura
    // compares its result with jusText's and Readability's in the same way).
    if (text.length() < FALLBACK_BELOW_CHARS
        && (area == body || !chrome.isEmpty() || MainContent.textLength(body) > FALLBACK_PAGE_RATIO * text.length())) {
      List<String> all = area == body ? lines : TextWriter.lines(body, title, pruned, deadline);
      String alt = finish(String.join("\n", ParagraphClassifier.goodLines(all)));
      if (alt.length() < FALLBACK_BELOW_CHARS) {
        // every box named as boilerplate (a gallery page, a site naming its article "meta"): classified all the same
        String relaxed = finish(String.join("\n",
            ParagraphClassifier.goodLines(TextWriter.lines(body, title, pruned, false, deadline))));
        alt = relaxed.length() > alt.length() ? relaxed : alt;
      }
      // a header, footer or aside that wraps the article (left unclosed around the page, or a site's
      // name for the article's box) was pruned as page chrome: its blocks are classified too
      for (Element c : chrome) {
        if (alt.length() < FALLBACK_BELOW_CHARS && Boilerplate.wrapsArticle(c)) {
          String inside = finish(String.join("\n", ParagraphClassifier.goodLines(TextWriter.lines(c, title, false, deadline))));
          alt = inside.length() > alt.length() ? inside : alt;
        }
      }
      if (alt.length() > FALLBACK_GAIN * text.length() && alt.codePoints().anyMatch(Character::isLetterOrDigit)) {
        text = alt;
        fallback = true;
      }
    }
    if (text.length() < FALLBACK_BELOW_CHARS) {
      // the markup holds no article (a page built by JavaScript from data it carries): the article
      // the page publishes as JSON-LD, as trafilatura's baseline reads it
      String structured = finish(String.join("\n", StructuredBody.lines(html, deadline)));
      if (structured.length() > FALLBACK_GAIN * text.length() && structured.codePoints().anyMatch(Character::isLetterOrDigit)) {
        text = structured;
        fallback = true;
      }
    }
    if (text.length() < params.minTextChars() || text.codePoints().noneMatch(Character::isLetterOrDigit)) {
      return Extraction.dropped("no_main_text");
    }
    return new Extraction(text, title, date, null, fallback);
  }

  private String finish(String text) {
    String t = params.removeUrls() ? removeUrls(text) : text;
    if (t.indexOf("\n\n\n") < 0) {
      return t.strip();   // nothing to cap
    }
    // RefinedWeb: newlines capped at two in a row.
    StringBuilder out = new StringBuilder(t.length());
    int newlines = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\n') {
        if (++newlines > 2) {
          continue;
        }
      } else {
        newlines = 0;
      }
      out.append(c);
    }
    return out.toString().strip();
  }

  /**
   * Removes URLs (RefinedWeb section 3.1): {@code http://}, {@code https://} and {@code ftp://}
   * URLs and bare {@code www.} hosts, up to the next space, with one of the spaces around them.
   */
  static String removeUrls(String t) {
    return UrlRemover.remove(t);
  }

  /**
   * Removes tags that never hold text and hidden elements from the page's body, shows every
   * element to {@code metadata} and every element kept in the body to {@code named}, adds the
   * first pruned headers, footers and asides to {@code chrome}, sets {@code walkedBody[0]} to the
   * body element, and returns the page's element count and maximum
   * depth, walked without recursion.
   */
  private static int[] pruneAndMeasure(org.jsoup.nodes.Document page, PageMetadata metadata,
                                       MainContent.NamedAreas named, Element[] walkedBody, List<Element> chrome,
                                       long deadline) {
    int[] shape = new int[2];
    NodeTraversor.filter(new NodeFilter() {
      boolean inBody;

      @Override
      public FilterResult head(Node node, int depth) {
        if (!(node instanceof Element e)) {
          return FilterResult.CONTINUE;
        }
        if ((++shape[0] & 4095) == 0 && System.nanoTime() > deadline) {
          throw new TextWriter.TimeoutException();
        }
        shape[1] = Math.max(shape[1], depth);
        metadata.visit(e);
        if (e.normalName().equals("body")) {
          inBody = true;
          if (walkedBody[0] == null) {
            walkedBody[0] = e;
          }
        } else if (inBody) {
          if (Boilerplate.junkTag(e.normalName()) || Boilerplate.hidden(e)) {
            String tag = e.normalName();
            if (chrome.size() < MAX_CHROME && (tag.equals("header") || tag.equals("footer") || tag.equals("aside")
                // a page served whole inside <noscript> for clients without JavaScript; tracking pixels are not kept
                || tag.equals("noscript") && MainContent.textLengthAtLeast(e, NOSCRIPT_PAGE_CHARS))) {
              chrome.add(e);   // removed, but kept at hand for the fallback
            }
            if (e.normalName().equals("header")) {
              metadata.visitAll(e);   // headlines and dates live in headers
            }
            return FilterResult.REMOVE;
          }
          named.visit(e);
        }
        return FilterResult.CONTINUE;
      }

      @Override
      public FilterResult tail(Node node, int depth) {
        if (node instanceof Element e && e.normalName().equals("body")) {
          inBody = false;
        }
        return FilterResult.CONTINUE;
      }
    }, page);
    return shape;
  }

  /** Start tags in the raw page ({@code <} then a letter): an upper bound of the parsed element count. */
  private static int startTags(String html) {
    int n = 0;
    for (int i = html.indexOf('<'); i >= 0 && i + 1 < html.length(); i = html.indexOf('<', i + 1)) {
      char c = html.charAt(i + 1);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        n++;
      }
    }
    return n;
  }

  /**
   * True if more than {@code maxBinaryShare} of the page's characters are control or replacement
   * characters; judged on the first 32K characters and 32K from the middle, which binary junk fills.
   */
  private boolean binary(String html) {
    int n = html.length();
    if (n <= 65_536) {
      return badChars(html, 0, n) > params.maxBinaryShare() * n;
    }
    int bad = badChars(html, 0, 32_768) + badChars(html, n / 2, n / 2 + 32_768);
    return bad > params.maxBinaryShare() * 65_536;
  }

  private static int badChars(String s, int from, int to) {
    char[] chars = new char[to - from];
    s.getChars(from, to, chars, 0);   // a bulk copy, then a loop the JIT compiles without bounds checks
    int bad = 0;
    for (char c : chars) {
      // one table load per character, no branch: text is mostly printable ASCII with many line breaks
      bad += c < 0xa0 ? BAD_BELOW_A0[c] : c == '\uFFFD' ? 1 : 0;
    }
    return bad;
  }

  /** 1 for the control characters below U+00A0 other than line breaks and tabs (C0 and C1, and DEL). */
  private static final byte[] BAD_BELOW_A0 = new byte[0xa0];

  static {
    for (char c = 0; c < 0xa0; c++) {
      boolean bad = c < 0x20 ? c != '\n' && c != '\r' && c != '\t' && c != '\f' : c >= 0x7f;
      BAD_BELOW_A0[c] = (byte) (bad ? 1 : 0);
    }
  }

}
