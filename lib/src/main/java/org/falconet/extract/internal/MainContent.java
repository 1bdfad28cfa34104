package org.falconet.extract.internal;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Finds the element holding a page's main text: first by the names content areas are given
 * (trafilatura's {@code BODY_XPATH}, tried in its order of confidence), and when none is found or
 * the one found holds little text, by scoring paragraphs and crediting their parents, as
 * Readability and trafilatura's fallback do.
 */
public final class MainContent {

  // trafilatura BODY_XPATH[0]: article body classes and ids.
  private static final Pattern BODY_CLASS = Pattern.compile(
      "post[-_]text|post-body|post-?entry|post[-_]?content|postcontent|post_inner_wrapper|article-?text"
      + "|(entry|page|text|article|art)-content|article__content|article(-|__)?body|articlebody|body-text"
      + "|article__container|story-?body|story-?content|field-body|field--name-body|main-article"
      + "|rich-text|richtext|prose|blog-post|single-post|post-single");
  // trafilatura BODY_XPATH[2]: story and column containers.
  private static final Pattern STORY_CLASS = Pattern.compile(
      "(^|\\s)article(\\s|$)|post-bodycopy|(theme|blog|section|single)-content|main-column|wpb_text_column"
      + "|fulltext|(^|\\s)(post|entry|story|text|cell|postarea)(\\s|$)");
  // trafilatura BODY_XPATH[3]: generic main-content containers.
  private static final Pattern MAIN_CLASS = Pattern.compile(
      "content[-_]main|content(-|__)body|contentbody|main-content|page-content|(^|\\s)content(\\s|$)|documentation|(^|\\s)body(\\s|$)");

  private static final double LINK_PENALTY = 1.0;

  private MainContent() {}

  /** The best named content area of the tree under {@code root}, or {@code null}. */
  public static Element named(Element root) {
    NamedAreas areas = new NamedAreas();
    NodeTraversor.filter(new org.jsoup.select.NodeFilter() {
      @Override
      public FilterResult head(Node node, int depth) {
        if (node instanceof Element e) {
          areas.visit(e);
          if (areas.done()) {
            return FilterResult.STOP;   // the most confident kind: no need to look further
          }
        }
        return FilterResult.CONTINUE;
      }
    }, root);
    return areas.best();
  }

  /**
   * The named content areas of a tree, shown its elements one by one in document order (so that the
   * extractor's pruning walk finds them without a walk of its own); {@link #best()} then equals
   * {@link #named} of the tree as it stands.
   */
  public static final class NamedAreas {
    /** Candidates kept per rank: enough for an empty teaser box named like the body before the body. */
    private static final int PER_RANK = 6;
    /** A named area with less text than this is a widget named like a body (an ad zone, a view counter). */
    private static final int MIN_AREA_CHARS = 25;

    @SuppressWarnings("unchecked")
    private final java.util.List<Element>[] found = new java.util.List[5];

    /** Looks at the next element in document order. */
    public void visit(Element e) {
      int rank = rank(e);
      if (rank >= 0) {
        if (found[rank] == null) {
          found[rank] = new java.util.ArrayList<>(2);
        }
        if (found[rank].size() < PER_RANK) {
          found[rank].add(e);
        }
      }
    }

    /** True once an article body is found: later elements cannot change {@link #best()}. */
    public boolean done() {
      return found[0] != null && found[0].size() >= PER_RANK;
    }

    /**
     * The best area seen, or {@code null}: the first area of the most confident kind that holds
     * text (an empty box named like a body, an ad zone or a view counter, is passed over).
     */
    public Element best() {
      for (java.util.List<Element> rank : found) {
        if (rank == null) {
          continue;
        }
        for (Element e : rank) {
          if (textLengthAtLeast(e, MIN_AREA_CHARS)) {
            return withRepeatedSiblings(e);
          }
        }
      }
      return null;
    }
  }

  /**
   * A body split into several same-named boxes (ads between them) is their parent: the first box
   * alone would lose the rest of the article.
   */
  private static Element withRepeatedSiblings(Element e) {
    Element parent = e.parent();
    String cls = e.className();
    if (parent == null || cls.isEmpty() || parent.normalName().equals("body")) {
      return e;
    }
    for (Element sib : parent.children()) {
      if (sib != e && sib.normalName().equals(e.normalName()) && sib.className().equals(cls)) {
        return parent;
      }
    }
    return e;
  }

  /** 0 = article body, 1 = article element, 2 = story container, 3 = main container, 4 = main element; -1 none. */
  private static int rank(Element e) {
    String tag = e.normalName();
    boolean box = tag.equals("div") || tag.equals("article") || tag.equals("main") || tag.equals("section");
    if (!box) {
      return -1;
    }
    if (e.attributesSize() == 0) {
      return tag.equals("article") ? 1 : tag.equals("main") ? 4 : -1;
    }
    String itemprop = e.attr("itemprop");
    if (itemprop.equals("articleBody") || itemprop.equals("text")) {
      return 0;
    }
    int cls = classKinds(e.className());
    String id = e.id().toLowerCase(Locale.ROOT);
    int idKinds = mayBeNamed(id) ? kinds(id) : 0;
    if ((cls & BODY) != 0 || (idKinds & BODY) != 0 || id.equals("articlecontent")) {
      return 0;
    }
    if (tag.equals("article")) {
      return 1;
    }
    if ("article".equals(e.attr("role")) || id.equals("article") || id.equals("story")
        || id.startsWith("primary") || (cls & STORY) != 0) {
      return 2;
    }
    if (id.equals("content") || (cls & MAIN) != 0 || (idKinds & MAIN) != 0) {
      return 3;
    }
    if (tag.equals("main") || "main".equals(e.attr("role")) || id.startsWith("main") || (cls & STARTS_MAIN) != 0) {
      return 4;
    }
    return -1;
  }

  /** Bits of {@link #kinds}: which patterns a lowercased class or id value matches. */
  private static final int BODY = 1;
  private static final int STORY = 2;
  private static final int MAIN = 4;
  private static final int STARTS_MAIN = 8;

  private static int kinds(String lower) {
    return (BODY_CLASS.matcher(lower).find() ? BODY : 0) | (STORY_CLASS.matcher(lower).find() ? STORY : 0)
        | (MAIN_CLASS.matcher(lower).find() ? MAIN : 0) | (lower.startsWith("main") ? STARTS_MAIN : 0);
  }

  /**
   * False when no pattern of {@link #kinds} can match: each alternative of {@link #BODY_CLASS},
   * {@link #STORY_CLASS} and {@link #MAIN_CLASS} holds one of these words (a test much cheaper than
   * the patterns, for the many class and id values that name something else).
   */
  private static boolean mayBeNamed(String lower) {
    return lower.contains("post") || lower.contains("article") || lower.contains("content") || lower.contains("body")
        || lower.contains("story") || lower.contains("rich") || lower.contains("prose") || lower.contains("main")
        || lower.contains("text") || lower.contains("entry") || lower.contains("cell")
        || lower.contains("documentation");
  }

  /** The {@link #kinds} of a class attribute; class values repeat across a page and a site, so they are memoised. */
  private static int classKinds(String cls) {
    if (cls.isEmpty()) {
      return 0;
    }
    return CLASS_KINDS.of(cls);
  }

  private static final AttributeKinds CLASS_KINDS = new AttributeKinds(cls -> {
    String lower = cls.toLowerCase(Locale.ROOT);
    return mayBeNamed(lower) ? kinds(lower) : 0;
  });

  /**
   * The element whose paragraphs score highest (Readability's rule: each paragraph of 25+
   * characters scores 1 + its commas + one per 100 characters up to 3, credited fully to its parent
   * and half to its grandparent), discounted by link density; paragraphs inside named boilerplate
   * do not count. {@code null} if the page has no such paragraph.
   */
  public static Element scored(Element root) {
    Map<Element, double[]> scores = new IdentityHashMap<>();
    NodeTraversor.traverse(new NodeVisitor() {
      int skipDepth = -1;

      @Override
      public void head(Node node, int depth) {
        if (!(node instanceof Element e) || skipDepth >= 0) {
          return;
        }
        if (Boilerplate.named(e) && !Boilerplate.weaklyNamed(e)) {
          skipDepth = depth;
          return;
        }
        String tag = e.normalName();
        if (tag.equals("p") || tag.equals("pre") || tag.equals("td") || tag.equals("blockquote")
            || tag.equals("dd") || (tag.equals("div") && !hasBlockChild(e))) {
          int[] lc = lengthAndCommas(e);
          if (lc[0] < 25) {
            return;
          }
          double s = 1 + lc[1] + Math.min(lc[0] / 100, 3);
          Element parent = e.parent();
          if (parent != null) {
            scores.computeIfAbsent(parent, k -> new double[1])[0] += s;
            Element grand = parent.parent();
            if (grand != null) {
              scores.computeIfAbsent(grand, k -> new double[1])[0] += s / 2;
            }
          }
        }
      }

      @Override
      public void tail(Node node, int depth) {
        if (depth == skipDepth) {
          skipDepth = -1;
        }
      }
    }, root);
    Element best = null;
    double bestScore = 0;
    for (Map.Entry<Element, double[]> en : scores.entrySet()) {
      double s = en.getValue()[0];
      if (s <= bestScore) {
        continue;
      }
      s *= 1 - LINK_PENALTY * linkDensity(en.getKey());
      if (s > bestScore) {
        bestScore = s;
        best = en.getKey();
      }
    }
    // Readability takes in siblings scoring at least a fifth of the best (or long paragraphs): the
    // content area is then their common parent.
    if (best == null) {
      return null;
    }
    double top = scores.get(best)[0];
    Element area = best;
    int level = 0;
    for (Element e = best; e != root && e.parent() != null; e = e.parent(), level++) {
      for (Element sib : e.parent().children()) {
        double[] sc = scores.get(sib);
        // boxes of prose beside the best one or its parent: the body split over sibling containers
        if (sib != e && ((sc != null && sc[0] >= 0.2 * top) || (paragraphLike(sib) && textLength(sib) > 80)
            || (level < 2 && proseContainer(sib)))) {
          area = e.parent();
          break;
        }
      }
    }
    best = area;
    return best;
  }

  /** Characters of text inside links over all characters of text, 0 for an empty element. */
  public static double linkDensity(Element e) {
    long[] n = new long[2];
    NodeTraversor.traverse((node, depth) -> {
      if (node instanceof TextNode t) {
        int len = t.getWholeText().trim().length();
        n[0] += len;
        if (insideLink(t, e)) {
          n[1] += len;
        }
      }
    }, e);
    return n[0] == 0 ? 0 : (double) n[1] / n[0];
  }

  /** True if {@code e} holds at least {@code n} non-blank characters of text; stops counting there. */
  public static boolean textLengthAtLeast(Element e, int n) {
    int[] count = new int[1];
    NodeTraversor.filter(new org.jsoup.select.NodeFilter() {
      @Override
      public FilterResult head(Node node, int depth) {
        if (node instanceof TextNode t) {
          String s = t.getWholeText();
          for (int i = 0; i < s.length(); i++) {
            if (!space(s.charAt(i)) && ++count[0] >= n) {
              return FilterResult.STOP;
            }
          }
        }
        return FilterResult.CONTINUE;
      }
    }, e);
    return count[0] >= n;
  }

  /** Non-blank characters of text under {@code e}. */
  public static int textLength(Element e) {
    int[] n = new int[1];
    NodeTraversor.traverse((node, depth) -> {
      if (node instanceof TextNode t) {
        String s = t.getWholeText();
        for (int i = 0; i < s.length(); i++) {
          if (!space(s.charAt(i))) {
            n[0]++;
          }
        }
      }
    }, e);
    return n[0];
  }

  /**
   * A sibling box holding two or more paragraphs of prose with few links: the article's body split
   * over several containers (a lead block and a body block, text between figures).
   */
  private static boolean proseContainer(Element e) {
    if (Boilerplate.named(e) && !Boilerplate.weaklyNamed(e)) {
      return false;
    }
    int prose = 0;
    for (Element p : e.getElementsByTag("p")) {
      if (textLengthAtLeast(p, 80) && ++prose >= 2) {
        return linkDensity(e) < 0.25;
      }
    }
    return false;
  }

  private static boolean paragraphLike(Element e) {
    String tag = e.normalName();
    return tag.equals("p") || (tag.equals("div") && !hasBlockChild(e));
  }

  /** Readability treats a div without block children as a paragraph. */
  private static boolean hasBlockChild(Element e) {
    for (Node c = e.firstChild(); c != null; c = c.nextSibling()) {   // no list of children built
      if (c instanceof Element ce && BLOCK_CHILDREN.contains(ce.normalName())) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.Set<String> BLOCK_CHILDREN = java.util.Set.of(
      "div", "p", "pre", "table", "ul", "ol", "dl", "blockquote", "section", "article", "h1", "h2", "h3", "h4",
      "h5", "h6", "form", "header", "footer", "nav", "aside", "main", "figure");

  private static boolean insideLink(Node n, Element stop) {
    for (Node p = n.parentNode(); p != null && p != stop; p = p.parentNode()) {
      if (p instanceof Element pe && pe.normalName().equals("a")) {
        return true;
      }
    }
    return false;
  }

  /** Non-blank characters and commas of the text under {@code e}, without building the text. */
  private static int[] lengthAndCommas(Element e) {
    int[] n = new int[2];
    NodeTraversor.traverse((node, depth) -> {
      if (node instanceof TextNode t) {
        String s = t.getWholeText();
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (!space(c)) {
            n[0]++;
            if (c == ',') {
              n[1]++;
            }
          }
        }
      }
    }, e);
    return n;
  }

  /** Whitespace as HTML text has it, with a fast path for ASCII. */
  static boolean space(char c) {
    return c <= ' ' ? c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' : c >= 0x80 && Character.isWhitespace(c) || c == '\u00a0';
  }
}
