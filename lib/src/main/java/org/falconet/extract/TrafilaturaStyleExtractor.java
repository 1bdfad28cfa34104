package org.falconet.extract;

import java.util.List;
import java.util.regex.Pattern;
import org.falconet.corpus.Document;
import org.falconet.extract.internal.Boilerplate;
import org.falconet.extract.internal.MainContent;
import org.falconet.extract.internal.PageMetadata;
import org.falconet.extract.internal.TextWriter;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Outcome;
import org.jsoup.Jsoup;
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
 * cookie notices, related links) and link-dense lines are dropped. Headings, paragraphs, lists,
 * table rows and code blocks become lines; newlines are capped at two and URLs removed, as the
 * paper does.
 *
 * <pre>{@code
 * Extraction e = new TrafilaturaStyleExtractor(TrafilaturaStyleExtractor.Params.PAPER).extract(html, url);
 * }</pre>
 *
 * <p>Drop reasons: {@code page_too_large}, {@code binary_content}, {@code too_many_elements},
 * {@code nesting_too_deep}, {@code extraction_timeout}, {@code no_main_text},
 * {@code extraction_failed}.
 */
public final class TrafilaturaStyleExtractor implements DocumentStage {

  /**
   * The extractor's limits.
   *
   * @param maxPageChars     pages longer than this are dropped unparsed ({@code page_too_large})
   * @param maxElements      pages with more elements are dropped ({@code too_many_elements})
   * @param maxDepth         pages nested deeper are dropped ({@code nesting_too_deep})
   * @param timeoutMillis    time budget per page after parsing ({@code extraction_timeout})
   * @param minTextChars     shorter extractions count as no main text ({@code no_main_text})
   * @param removeUrls       remove URLs from the text, as RefinedWeb does
   * @param maxBinaryShare   largest share of control and replacement characters in a text page ({@code binary_content})
   */
  public record Params(int maxPageChars, int maxElements, int maxDepth, long timeoutMillis, int minTextChars,
                       boolean removeUrls, double maxBinaryShare) {

    /**
     * trafilatura's settings.cfg: MAX_FILE_SIZE = 20000000; Blink's HTML parser caps DOM depth at 512
     * (kMaximumHTMLParserDOMTreeDepth); one million elements and two seconds are far beyond any
     * article page; trafilatura's MIN_OUTPUT_SIZE = 1. Binary pages: over 10% control characters.
     */
    public static final Params PAPER = new Params(20_000_000, 1_000_000, 512, 2_000, 1, true, 0.10);

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

  /** The stage name in RefinedWeb's catalogue. */
  public static final String NAME = "text_extraction";

  // RefinedWeb section 3.1: "we also remove URLs"; the pattern takes scheme URLs and bare www. hosts.
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://[^\\s<>\"]+|\\bwww\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+[^\\s<>\"]*");
  private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");
  private static final Pattern NEWLINES = Pattern.compile("\\n{3,}");
  /** A named content area with less text than this is checked against paragraph scoring. */
  private static final int SHORT_NAMED_AREA = 500;

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
    org.jsoup.nodes.Document page = Jsoup.parse(html, url == null ? "" : url);
    long deadline = System.nanoTime() + params.timeoutMillis() * 1_000_000L;
    // Metadata first: JSON-LD scripts and meta tags in the body go with pruning.
    String title = PageMetadata.title(page);
    String date = PageMetadata.date(page, url);
    int[] shape = pruneAndMeasure(page, deadline);
    if (shape[0] > params.maxElements()) {
      return Extraction.dropped("too_many_elements");
    }
    if (shape[1] > params.maxDepth()) {
      return Extraction.dropped("nesting_too_deep");
    }
    Element body = page.body();
    Element area = MainContent.named(body);
    if (area == null || MainContent.textLength(area) < SHORT_NAMED_AREA) {
      Element scored = MainContent.scored(body);
      if (scored != null && (area == null || MainContent.textLength(scored) > 2 * MainContent.textLength(area))) {
        area = scored;
      }
    }
    if (area == null) {
      area = body;
    }
    List<String> lines = TextWriter.lines(area, title, deadline);
    String text = finish(String.join("\n", lines));
    if (text.length() < params.minTextChars() || text.codePoints().noneMatch(Character::isLetterOrDigit)) {
      return Extraction.dropped("no_main_text");
    }
    return new Extraction(text, title, date, null);
  }

  private String finish(String text) {
    String t = text;
    if (params.removeUrls() && (t.contains("://") || t.contains("www.") || t.contains("WWW."))) {
      t = URL.matcher(t).replaceAll("");
      t = SPACES.matcher(t).replaceAll(" ");
    }
    // RefinedWeb: newlines capped at two in a row.
    t = NEWLINES.matcher(t).replaceAll("\n\n");
    return t.strip();
  }

  /**
   * Removes tags that never hold text and hidden elements from the page's body, and returns the
   * page's element count and maximum depth, walked without recursion.
   */
  private static int[] pruneAndMeasure(org.jsoup.nodes.Document page, long deadline) {
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
        if (e.normalName().equals("body")) {
          inBody = true;
        } else if (inBody && (Boilerplate.junkTag(e.normalName()) || Boilerplate.hidden(e))) {
          return FilterResult.REMOVE;
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

  /** True if more than {@code maxBinaryShare} of the page's characters are control or replacement characters. */
  private boolean binary(String html) {
    int n = html.length();
    int bad = 0;
    for (int i = 0; i < n; i++) {
      char c = html.charAt(i);
      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == '\uFFFD' || (c >= 0x7f && c < 0xa0)) {
        bad++;
      }
    }
    return n > 0 && bad > params.maxBinaryShare() * n;
  }
}
