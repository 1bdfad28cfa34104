package org.falconet.extract.internal;

import java.util.Set;

/**
 * Empties the {@code <script>} and {@code <style>} elements at the head of a page before it is
 * parsed: jsoup reads raw text through a 2K buffer a character at a time and copies it into nodes
 * the extractor drops unread, so that the 30-100 KB of inline scripts, styles and page state a
 * news page carries in its head cost it a tenth of its parse. JSON-LD scripts, which hold the
 * page's date, are kept.
 *
 * <p>The page is scanned as the HTML tokenizer reads it (the WHATWG states that jsoup 1.18
 * follows: tags with quoted and unquoted attribute values, comments with their abrupt endings,
 * bogus comments, doctypes, and the raw text of {@code title}, {@code textarea}, {@code style},
 * {@code xmp}, {@code iframe}, {@code noembed}, {@code noframes} and {@code script}), so that only
 * the characters the parser would have put inside those elements are removed: the parsed tree
 * is the same but for the emptied elements. Where the tree builder, not the tokenizer, decides
 * how text is read — scripts holding {@code <!--} (script data escapes), {@code <select>},
 * {@code <template>}, {@code <frameset>}, {@code <plaintext>}, CDATA, MathML, SVG holding
 * anything but drawing elements and plain-text titles, self-closing raw-text tags, raw text with
 * markup inside {@code <noscript>} — scanning stops and the rest of the page is left as it is.
 * It also stops at {@code <body>} unless scripts and styles make up much of the body (a
 * framework's serialised page state): scanning a body's markup costs about what its few scripts
 * would cost the parser (measured on news-site pages), while the head is mostly raw text.
 */
public final class RawTextEraser {

  /** Elements whose content is raw text up to their end tag (the tree builder switches the tokenizer). */
  private static final Set<String> RAW = Set.of("script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes");

  /** Raw-text elements that stay raw inside a {@code <noscript>} in the head too (jsoup's InHeadNoScriptHead). */
  private static final Set<String> RAW_IN_HEAD_NOSCRIPT = Set.of("style", "noframes");

  /** Start tags after which the tokenizer's state depends on the tree: scanning stops. */
  private static final Set<String> STOP = Set.of("select", "template", "frameset", "plaintext", "math");

  /** SVG drawing elements: inside {@code <svg>} anything else (an HTML break-out, an integration point) stops scanning. */
  private static final Set<String> SVG_DRAWING = Set.of(
      "svg", "g", "path", "circle", "rect", "line", "polyline", "polygon", "ellipse", "use", "defs", "symbol",
      "lineargradient", "radialgradient", "stop", "clippath", "mask", "pattern", "text", "tspan", "textpath", "filter",
      "marker", "view", "animate", "animatetransform", "animatemotion", "set");

  /** The names above, by their first letter. */
  private static final String[][] BY_INITIAL = new String[26][];

  static {
    java.util.List<String> all = new java.util.ArrayList<>(RAW);
    all.addAll(STOP);
    all.addAll(SVG_DRAWING);
    all.add("noscript");
    all.add("body");
    for (char c = 'a'; c <= 'z'; c++) {
      final char initial = c;
      BY_INITIAL[c - 'a'] = all.stream().filter(name -> name.charAt(0) == initial).sorted().toArray(String[]::new);
    }
  }

  private RawTextEraser() {}

  /** {@code html} with its scripts (but JSON-LD) and styles emptied; {@code html} itself if there are none. */
  public static String erase(String html) {
    Scan scan = new Scan(html);
    scan.run();
    if (scan.cuts == 0) {
      return html;
    }
    StringBuilder out = new StringBuilder(html.length());
    int from = 0;
    for (int k = 0; k < scan.cuts; k++) {
      out.append(html, from, scan.cut[2 * k]);
      from = scan.cut[2 * k + 1];
    }
    return out.append(html, from, html.length()).toString();
  }

  /**
   * {@link #erase} as a reader for the parser, which reads its input through one anyway: the
   * erased page is never copied into a string of its own.
   */
  public static java.io.Reader erasing(String html) {
    Scan scan = new Scan(html);
    scan.run();
    return scan.cuts == 0 ? new java.io.StringReader(html) : new Erased(html, scan.cut, scan.cuts);
  }

  /** A page read without its cut ranges. */
  private static final class Erased extends java.io.Reader {
    private final String s;
    private final int[] cut;
    private final int cuts;
    private int pos;
    private int next;   // the next cut at or after pos

    Erased(String s, int[] cut, int cuts) {
      this.s = s;
      this.cut = cut;
      this.cuts = cuts;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int done = 0;
      while (done < len && pos < s.length()) {
        if (next < cuts && pos == cut[2 * next]) {
          pos = cut[2 * next + 1];
          next++;
          continue;
        }
        int stop = next < cuts ? cut[2 * next] : s.length();
        int take = Math.min(len - done, stop - pos);
        s.getChars(pos, pos + take, buf, off + done);
        pos += take;
        done += take;
      }
      return done == 0 ? -1 : done;
    }

    @Override
    public void close() {}
  }

  private static final class Scan extends HtmlTokens {
    int[] cut = new int[16];   // the ranges to erase: [cut[2k], cut[2k + 1])
    int cuts;
    int svgDepth;          // open <svg> elements: no raw text inside
    boolean inNoscript;    // raw text may be plain text here (jsoup's InHeadNoscript): nothing is erased

    Scan(String s) {
      super(s);
    }

    void run() {
      int i = 0;
      while (i >= 0) {
        i = step(i);
      }
    }

    /** Reads from the next {@code <} at or after {@code i}; returns where to go on, or -1 to stop. */
    private int step(int i) {
      int lt = s.indexOf('<', i);
      if (lt < 0 || lt + 1 >= n) {
        return -1;
      }
      char c = s.charAt(lt + 1);
      if (c == '!') {
        if (s.startsWith("<!--", lt)) {
          return commentEnd(lt + 4);
        }
        if (s.startsWith("[CDATA[", lt + 2)) {
          return -1;
        }
        return after('>', lt + 2);   // doctype or bogus comment: both end at the first '>'
      }
      if (c == '?') {
        return after('>', lt + 2);
      }
      if (c == '/') {
        if (lt + 2 >= n) {
          return -1;
        }
        char d = s.charAt(lt + 2);
        if (letter(d)) {
          int nameEnd = nameEnd(lt + 2);
          if (svgDepth > 0 && (is(lt + 2, nameEnd, "p") || is(lt + 2, nameEnd, "br"))) {
            return -1;   // processed as HTML inside SVG
          }
          if (svgDepth > 0 && is(lt + 2, nameEnd, "svg")) {
            svgDepth--;
          } else if (is(lt + 2, nameEnd, "noscript")) {
            inNoscript = false;
          }
          return tagEnd(nameEnd);
        }
        return d == '>' ? lt + 3 : after('>', lt + 2);
      }
      if (!letter(c)) {
        return lt + 1;
      }
      int nameEnd = nameEnd(lt + 1);
      String name = knownName(lt + 1, nameEnd);
      int end = tagEnd(nameEnd);
      if (end < 0) {
        return -1;
      }
      if (svgDepth > 0) {
        if ((name == null || name.equals("title")) && !selfClosing && (name != null || is(lt + 1, nameEnd, "desc"))) {
          // an SVG title or description of plain text reads the same however the tree builder takes it
          int close = endTag(name == null ? "desc" : name, end);
          return close >= 0 && s.indexOf('<', end) == close ? close : -1;
        }
        if (name == null || !SVG_DRAWING.contains(name)) {
          return -1;
        }
        if (name.equals("svg") && !selfClosing) {
          svgDepth++;
        }
        return end;
      }
      if (name == null) {
        return end;
      }
      if (STOP.contains(name)) {
        return -1;
      }
      if (name.equals("body") && !rawTextHeavy(end)) {
        return -1;   // scanning a body costs about what its scripts would cost the parser (see the class comment)
      }
      if (name.equals("svg")) {
        svgDepth = selfClosing ? 0 : 1;
        return end;
      }
      if (name.equals("noscript")) {
        inNoscript = true;
        return end;
      }
      if (!RAW.contains(name)) {
        return end;
      }
      if (selfClosing) {
        return -1;   // jsoup closes these at once and reads on as markup
      }
      int close = endTag(name, end);
      if (close < 0) {
        return -1;
      }
      if (inNoscript && !RAW_IN_HEAD_NOSCRIPT.contains(name) && s.indexOf('<', end) < close) {
        return -1;   // inside a head's noscript jsoup reads this as markup, and it holds some
      }
      if (name.equals("script")) {
        for (int k = s.indexOf('<', end); k >= 0 && k < close; k = s.indexOf('<', k + 1)) {
          if (s.startsWith("!--", k + 1)) {
            return -1;   // script data escapes: where the script ends depends on more than its end tag
          }
        }
        if (!inNoscript && !keptScript(lt, end)) {
          erase(end, close);
        }
      } else if (name.equals("style") && !inNoscript) {
        erase(end, close);
      }
      return close;
    }

    /**
     * True if the scripts ending in the page's last 16K characters (found by a plain search, an
     * estimate: where frameworks put their serialised page state) make up at least 40% of the
     * page from {@code from}: then reading the body on costs less than parsing them would.
     * Scanning reads about 1 µs of a page's kilobyte, the parser about 3 µs of a kilobyte of raw
     * text (measured on the benchmark's news-site pages). The search costs a pass over that
     * window and over those scripts.
     */
    private boolean rawTextHeavy(int from) {
      long raw = 0;
      int window = Math.max(from, n - 16_384);
      for (int close = s.indexOf("</script", window); close >= 0; close = s.indexOf("</script", close + 8)) {
        int open = s.lastIndexOf("<script", close - 1);
        if (open >= from) {
          raw += close - open;
        }
      }
      return raw * 10 >= (long) (n - from) * 4;
    }

    /** JSON-LD, or a type attribute that might read as JSON-LD once decoded: kept. */
    private boolean keptScript(int from, int to) {
      for (int k = from; k < to; k++) {
        char ch = s.charAt(k);
        if (ch == '&' || ch >= 0x80) {
          return true;
        }
      }
      String tag = s.substring(from, to);
      return asciiLower(tag).contains("ld+json");
    }

    private void erase(int from, int to) {
      if (from == to) {
        return;
      }
      if (2 * cuts + 2 > cut.length) {
        cut = java.util.Arrays.copyOf(cut, 2 * cut.length);
      }
      cut[2 * cuts] = from;
      cut[2 * cuts + 1] = to;
      cuts++;
    }

    /** The lowercased name in {@code [from, to)} if it is one this scan cares about, else {@code null}. */
    private String knownName(int from, int to) {
      // the first character is an ASCII letter (TagOpen's test)
      for (String name : BY_INITIAL[(s.charAt(from) | 0x20) - 'a']) {
        if (is(from, to, name)) {
          return name;
        }
      }
      return null;
    }
  }
}
