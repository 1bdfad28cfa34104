package org.falconet.extract.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * Which elements of a page are boilerplate: tags never holding article text, and containers whose
 * {@code class}/{@code id}/{@code role} name them as navigation, sharing, comments, consent and the
 * like. The vocabulary follows trafilatura's discard lists (adbar/trafilatura, {@code xpaths.py},
 * {@code MANUALLY_CLEANED}, {@code OVERALL_DISCARD_XPATH}, {@code COMMENTS_XPATH}) in its
 * precision-favouring mode, rewritten as token regexes over the attribute values.
 */
public final class Boilerplate {

  /** Tags dropped with their whole subtree: scripts, media, forms' widgets and page chrome. */
  static final Set<String> JUNK_TAGS = Set.of(
      "script", "style", "noscript", "template", "head", "iframe", "frame", "frameset", "object",
      "embed", "applet", "audio", "video", "canvas", "svg", "math", "map", "picture", "source",
      "track", "figure", "button", "select", "option", "optgroup", "input", "textarea", "label",
      "fieldset", "legend", "datalist", "output", "progress", "dialog", "menu", "menuitem", "nav",
      "aside", "footer", "header", "marquee", "img", "link", "meta", "rp", "rt");

  /**
   * Names that may also be given to boxes inside an article (a documentation "sidebar" note, a
   * "meta" paragraph): boilerplate unless the box reads as prose.
   */
  private static final Set<String> WEAK = Set.of(
      "sidebar", "side-bar", "widget", "widgets", "meta", "metadata", "hidden", "hide",
      "noprint", "print-only", "rating", "timestamp", "dateline", "toolbar", "masthead", "banner", "byline", "tags",
      "popular", "pagination", "pager", "promo", "search");

  /**
   * Class and id words, or hyphenated word pairs, that make a container boilerplate (trafilatura's
   * OVERALL_DISCARD_XPATH and COMMENTS_XPATH vocabulary).
   */
  private static final Set<String> STRONG = Set.of(
      "nav", "navbar", "navigation", "subnav", "menu", "menus", "breadcrumb", "breadcrumbs", "bread-crumbs",
      "footer", "share", "sharing", "shares", "sharebar", "social", "socials", "sociable", "viral", "newsletter",
      "subscribe", "subscription", "syndication", "cookie", "cookies", "consent", "gdpr", "cmp", "modal", "popup",
      "overlay", "related", "recommended", "recirculation", "most-popular", "trending", "comment", "comments",
      "commentlist", "disqus", "respond", "reply", "replies", "tag-list", "tagcloud", "author-bio", "author-box",
      "paywall", "premium", "sponsor", "sponsored", "outbrain", "taboola", "criteo", "advert", "advertisement", "ads",
      "ad", "adsense", "dfp", "skip-link", "screen-reader-text", "sr-only", "visually-hidden", "login", "signin",
      "signup", "searchform", "post-meta", "entry-meta", "jp-relatedposts", "sharedaddy", "addtoany", "a2a", "sumome",
      "next-post", "prev-post", "post-navigation", "nav-links", "more-stories", "read-more", "readmore",
      // trafilatura's _AUTHOR_ID_CLASS_TOKENS and common "what to read next" and donation boxes
      "author", "authors", "about-author", "read-next", "up-next", "next-up", "donate", "donation", "outbrain-widget");

  /**
   * Captions, credits and galleries of pictures the text does not include: weak names (a
   * mis-nested caption may wrap the article), boilerplate unless the box holds paragraphs.
   */
  private static final Set<String> MEDIA = Set.of(
      "caption", "captions", "wp-caption", "credit", "credits", "gallery", "resgallery", "slideshow", "carousel", "lightbox");

  /** Ids that name comment threads (trafilatura's REMOVE_COMMENTS_XPATH): ^(comments?|comol|disqus_thread|dsq-comments|respond). */
  private static boolean commentId(String lowerId) {
    return lowerId.startsWith("comment") || lowerId.startsWith("comol") || lowerId.startsWith("disqus_thread")
        || lowerId.startsWith("dsq-comments") || lowerId.startsWith("respond");
  }

  private static final Pattern ROLES = Pattern.compile(
      "navigation|banner|contentinfo|complementary|search|menu|menubar|dialog|alertdialog|toolbar|tablist");

  private static final Pattern HIDDEN_STYLE = Pattern.compile("display\\s*:\\s*none|visibility\\s*:\\s*hidden");

  private Boilerplate() {}

  /** True for a tag whose subtree never holds main text. */
  public static boolean junkTag(String tag) {
    return JUNK_TAGS.contains(tag);
  }

  /**
   * True for a {@code header}, {@code footer} or {@code aside} that is no page chrome: one left
   * unclosed around the page, or a site's name for its article's box. It holds an {@code article}
   * or {@code main}, or at least three paragraphs of prose.
   */
  public static boolean wrapsArticle(Element e) {
    String tag = e.normalName();
    if (!(tag.equals("header") || tag.equals("footer") || tag.equals("aside") || tag.equals("noscript"))) {
      return false;
    }
    int[] prose = new int[1];
    boolean[] wraps = new boolean[1];
    org.jsoup.select.NodeTraversor.filter(new org.jsoup.select.NodeFilter() {
      @Override
      public FilterResult head(org.jsoup.nodes.Node node, int depth) {
        if (node instanceof Element d) {
          String t = d.normalName();
          if (t.equals("article") || t.equals("main")
              || t.equals("p") && MainContent.textLengthAtLeast(d, PROSE_PARAGRAPH) && ++prose[0] >= 3) {
            wraps[0] = true;
            return FilterResult.STOP;
          }
          return t.equals("p") ? FilterResult.SKIP_CHILDREN : FilterResult.CONTINUE;
        }
        return FilterResult.SKIP_CHILDREN;
      }
    }, e);
    return wraps[0];
  }

  /** A paragraph of prose is at least this long. */
  private static final int PROSE_PARAGRAPH = 80;

  /** True if the element is hidden from readers ({@code hidden}, {@code aria-hidden}, inline style). */
  public static boolean hidden(Element e) {
    if (e.attributesSize() == 0) {
      return false;
    }
    if (e.hasAttr("hidden") || "true".equals(e.attr("aria-hidden"))) {
      return true;
    }
    String style = e.attr("style");
    return style.length() > 8 && (style.contains("none") || style.contains("hidden") || style.contains("NONE"))
        && HIDDEN_STYLE.matcher(style.toLowerCase(Locale.ROOT)).find();
  }

  /** True if the element is named boilerplate only by a {@link #WEAK} or {@link #MEDIA} name. */
  public static boolean weaklyNamed(Element e) {
    int c = kind(e.className());
    int i = kind(e.id());
    return e.attr("role").isEmpty() && (c == 1 || c == 3 || i == 1 || i == 3) && c != 2 && i != 2;
  }

  /** True if the element is named as a caption, credit or gallery. */
  public static boolean mediaNamed(Element e) {
    return kind(e.className()) == 3 || kind(e.id()) == 3;
  }

  /** True if the element's class, id or role names it as boilerplate. */
  public static boolean named(Element e) {
    if (e.attributesSize() == 0) {
      return false;
    }
    String role = e.attr("role");
    if (!role.isEmpty() && ROLES.matcher(role.toLowerCase(Locale.ROOT)).matches()) {
      return true;
    }
    String id = e.id();
    if (!id.isEmpty() && (kind(id) > 0 || commentId(id.toLowerCase(Locale.ROOT)))) {
      return true;
    }
    return kind(e.className()) > 0;
  }

  /**
   * 2 if an attribute value holds a strong boilerplate word (or hyphenated pair), 3 if a media word
   * and no strong one, 1 if only weak ones, 0 if none. Words are split at spaces, hyphens and underscores.
   */
  static int kind(String names) {
    if (names.isEmpty()) {
      return 0;
    }
    return KINDS.of(names);
  }

  /** Class and id values repeat across a page and a site: their kinds, memoised. */
  private static final AttributeKinds KINDS = new AttributeKinds(Boilerplate::computeKind);

  private static int computeKind(String names) {
    int kind = 0;
    String prev = null;
    int n = names.length();
    int i = 0;
    while (i < n) {
      while (i < n && separator(names.charAt(i))) {
        i++;
      }
      int j = i;
      while (j < n && !separator(names.charAt(j))) {
        j++;
      }
      if (j > i) {
        String word = names.substring(i, j).toLowerCase(Locale.ROOT);
        if (STRONG.contains(word) || (prev != null && STRONG.contains(prev + "-" + word))) {
          return 2;
        }
        if (WEAK.contains(word) || (prev != null && WEAK.contains(prev + "-" + word))) {
          kind = Math.max(kind, 1);
        }
        if (MEDIA.contains(word) || (prev != null && MEDIA.contains(prev + "-" + word))) {
          kind = 3;
        }
        prev = word;
      }
      i = j;
    }
    return kind;
  }

  private static boolean separator(char c) {
    return c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n';
  }
}
