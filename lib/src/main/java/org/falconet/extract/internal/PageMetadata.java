package org.falconet.extract.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.NodeTraversor;

/**
 * A page's title and publication date, from the places publishers put them: Open Graph and
 * article meta tags, schema.org microdata and JSON-LD, {@code <time>} elements, the
 * {@code <title>}, the first {@code <h1>} and the URL's path (trafilatura's metadata.py and
 * htmldate look in the same places). Fed element by element during the extractor's one walk over
 * the page, so it costs no walk of its own.
 */
public final class PageMetadata {

  private static final Pattern ISO_DATE = Pattern.compile("((?:19|20)\\d\\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])");
  private static final Pattern JSONLD_DATE = Pattern.compile("\"datePublished\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern URL_DATE = Pattern.compile("/((?:19|20)\\d\\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\\d|3[01])(?:/|[-_.]|$)");
  private static final Pattern TITLE_SUFFIX = Pattern.compile("\\s+[|\u2013\u2014·•:-]\\s+[^|\u2013\u2014·•]{1,40}$");

  /** Meta names and properties that carry the publication date, most trusted first. */
  private static final String[] DATE_META = {
      "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.date", "pubdate",
      "publish-date", "sailthru.date", "og:published_time", "parsely-pub-date"};
  private static final Set<String> WANTED = Set.of(
      "og:title", "twitter:title", "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued",
      "dcterms.date", "pubdate", "publish-date", "sailthru.date", "og:published_time", "parsely-pub-date");

  private final Map<String, String> meta = new HashMap<>();
  private String titleTag;
  private String h1;
  private String jsonLdDate;
  private String timeDate;

  /** Looks at one element of the page (called for every element, in document order). */
  public void visit(Element e) {
    String tag = e.normalName();
    switch (tag) {
      case "meta" -> {
        String content = e.attr("content");
        if (!content.isBlank()) {
          for (String key : new String[] {e.attr("property"), e.attr("name"), e.attr("itemprop")}) {
            if (!key.isEmpty()) {
              String k = key.toLowerCase(java.util.Locale.ROOT);
              if (WANTED.contains(k)) {
                meta.putIfAbsent(k, content.strip());
              }
            }
          }
        }
      }
      case "title" -> {
        if (titleTag == null) {
          titleTag = e.text().strip();
        }
      }
      case "h1" -> {
        if (h1 == null) {
          h1 = e.text().strip();
        }
      }
      case "script" -> {
        if (jsonLdDate == null && "application/ld+json".equalsIgnoreCase(e.attr("type"))) {
          for (Node n : e.childNodes()) {
            if (n instanceof DataNode d) {
              Matcher m = JSONLD_DATE.matcher(d.getWholeData());
              if (m.find()) {
                jsonLdDate = isoDate(m.group(1));
              }
            }
          }
        }
      }
      case "time" -> {
        if (timeDate == null) {
          timeDate = isoDate(e.attr("datetime"));
        }
      }
      default -> {
        if (timeDate == null && e.attributesSize() > 0 && "datePublished".equals(e.attr("itemprop"))) {
          timeDate = isoDate(e.hasAttr("datetime") ? e.attr("datetime") : e.attr("content"));
        }
      }
    }
  }

  /** Visits every element under {@code e} (for subtrees the main walk removes unvisited). */
  public void visitAll(Element e) {
    NodeTraversor.traverse((node, depth) -> {
      if (node != e && node instanceof Element c) {
        visit(c);
      }
    }, e);
  }

  /** The page's title: Open Graph, then {@code <title>} without a site-name suffix, then the first h1; or {@code null}. */
  public String title() {
    String t = meta.get("og:title");
    if (t == null) {
      t = meta.get("twitter:title");
    }
    if (t == null && titleTag != null && !titleTag.isEmpty()) {
      String cut = TITLE_SUFFIX.matcher(titleTag).replaceFirst("");
      t = cut.length() >= 10 ? cut : titleTag;
    }
    if (t == null) {
      t = h1;
    }
    return t == null || t.isBlank() ? null : SPACES.matcher(t.replace('\u00a0', ' ')).replaceAll(" ").strip();
  }

  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** The publication date as {@code yyyy-MM-dd}, or {@code null} if the page does not say. */
  public String date(String url) {
    for (String key : DATE_META) {
      String d = isoDate(meta.get(key));
      if (d != null) {
        return d;
      }
    }
    if (jsonLdDate != null) {
      return jsonLdDate;
    }
    if (timeDate != null) {
      return timeDate;
    }
    if (url != null) {
      Matcher m = URL_DATE.matcher(url);
      if (m.find()) {
        return m.group(1) + "-" + m.group(2) + "-" + m.group(3);
      }
    }
    return null;
  }

  private static String isoDate(String s) {
    if (s == null) {
      return null;
    }
    Matcher m = ISO_DATE.matcher(s);
    return m.find() ? m.group() : null;
  }
}
