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
  private static final Pattern WEAK = Pattern.compile(
      "(^|[\\s_-])(sidebar|side-bar|widget|widgets|meta|metadata|caption|wp-caption|hidden|hide|noprint|print-only"
      + "|rating|timestamp|dateline|toolbar|masthead|banner|byline|tags|popular|pagination|pager|promo|search)($|[\\s_-])");

  /** Containers whose class or id make them boilerplate (trafilatura's OVERALL_DISCARD_XPATH). */
  private static final Pattern CLASS_OR_ID = Pattern.compile(
      "(^|[\\s_-])(nav|navbar|navigation|subnav|menu|menus|breadcrumbs?|bread-crumbs?|sidebar|side-bar|widget|widgets"
      + "|footer|masthead|banner|share|sharing|shares|sharebar|social|socials|sociable|viral|newsletter|subscribe|subscription"
      + "|syndication|cookie|cookies|consent|gdpr|cmp|modal|popup|overlay|related|recommended|recirculation|most-popular"
      + "|popular|trending|comment|comments|commentlist|disqus|respond|reply|replies|tags|tag-list|tagcloud|byline"
      + "|author-bio|author-box|pagination|pager|paywall|premium|promo|sponsor|sponsored|outbrain|taboola|criteo"
      + "|advert|advertisement|ads|ad|adsense|dfp|skip-link|screen-reader-text|sr-only|visually-hidden|hidden|hide"
      + "|noprint|print-only|toolbar|login|signin|signup|search|searchform|post-meta|entry-meta|meta|metadata"
      + "|rating|timestamp|dateline|caption|wp-caption|jp-relatedposts|sharedaddy|addtoany|a2a|sumome"
      + "|next-post|prev-post|post-navigation|nav-links|more-stories|read-more|readmore)($|[\\s_-])");

  /** Ids that name comment threads (trafilatura's REMOVE_COMMENTS_XPATH). */
  private static final Pattern COMMENT_ID = Pattern.compile("^(comments?|comol|disqus_thread|dsq-comments|respond)");

  private static final Pattern ROLES = Pattern.compile(
      "navigation|banner|contentinfo|complementary|search|menu|menubar|dialog|alertdialog|toolbar|tablist");

  private static final Pattern HIDDEN_STYLE = Pattern.compile("display\\s*:\\s*none|visibility\\s*:\\s*hidden");

  private Boilerplate() {}

  /** True for a tag whose subtree never holds main text. */
  public static boolean junkTag(String tag) {
    return JUNK_TAGS.contains(tag);
  }

  /** True if the element is hidden from readers ({@code hidden}, {@code aria-hidden}, inline style). */
  public static boolean hidden(Element e) {
    if (e.hasAttr("hidden") || "true".equals(e.attr("aria-hidden"))) {
      return true;
    }
    String style = e.attr("style");
    return !style.isEmpty() && HIDDEN_STYLE.matcher(style.toLowerCase(Locale.ROOT)).find();
  }

  /** True if the element is named boilerplate only by a {@link #WEAK} name. */
  public static boolean weaklyNamed(Element e) {
    String names = (e.className() + " " + e.id()).toLowerCase(Locale.ROOT);
    if (!WEAK.matcher(names).find()) {
      return false;
    }
    String stripped = WEAK.matcher(names).replaceAll(" ");
    return !CLASS_OR_ID.matcher(stripped).find() && !COMMENT_ID.matcher(e.id().toLowerCase(Locale.ROOT)).find()
        && e.attr("role").isEmpty();
  }

  /** True if the element's class, id or role names it as boilerplate. */
  public static boolean named(Element e) {
    String role = e.attr("role");
    if (!role.isEmpty() && ROLES.matcher(role.toLowerCase(Locale.ROOT)).matches()) {
      return true;
    }
    String id = e.id();
    if (!id.isEmpty()) {
      String lid = id.toLowerCase(Locale.ROOT);
      if (COMMENT_ID.matcher(lid).find() || CLASS_OR_ID.matcher(lid).find()) {
        return true;
      }
    }
    String cls = e.className();
    return !cls.isEmpty() && CLASS_OR_ID.matcher(cls.toLowerCase(Locale.ROOT)).find();
  }
}
