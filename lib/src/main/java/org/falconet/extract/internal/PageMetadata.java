package org.falconet.extract.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A page's title and publication date, from the places publishers put them: Open Graph and
 * article meta tags, schema.org microdata and JSON-LD, {@code <time>} elements, the
 * {@code <title>} and the URL's path (trafilatura's metadata.py and htmldate look in the same places).
 */
public final class PageMetadata {

  private static final Pattern ISO_DATE = Pattern.compile("((?:19|20)\\d\\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])");
  private static final Pattern JSONLD_DATE = Pattern.compile("\"datePublished\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern URL_DATE = Pattern.compile("/((?:19|20)\\d\\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\\d|3[01])(?:/|[-_.]|$)");
  private static final Pattern TITLE_SUFFIX = Pattern.compile("\\s+[|\u2013\u2014·•:-]\\s+[^|\u2013\u2014·•]{1,40}$");

  private static final String[] DATE_META = {
      "meta[property=article:published_time]", "meta[name=article:published_time]",
      "meta[itemprop=datePublished]", "meta[name=date]", "meta[name=dc.date]", "meta[name=DC.date.issued]",
      "meta[name=dcterms.date]", "meta[name=pubdate]", "meta[name=publish-date]", "meta[name=sailthru.date]",
      "meta[property=og:published_time]", "meta[name=parsely-pub-date]"};

  private PageMetadata() {}

  /** The page's title: Open Graph, then {@code <title>} without a site-name suffix, then the first h1; or {@code null}. */
  public static String title(Document doc) {
    String t = attr(doc, "meta[property=og:title]", "content");
    if (t == null) {
      t = attr(doc, "meta[name=twitter:title]", "content");
    }
    if (t == null) {
      String raw = doc.title().strip();
      if (!raw.isEmpty()) {
        String cut = TITLE_SUFFIX.matcher(raw).replaceFirst("");
        t = cut.length() >= 10 ? cut : raw;
      }
    }
    if (t == null) {
      Element h1 = doc.selectFirst("h1");
      t = h1 == null ? null : h1.text();
    }
    return t == null || t.isBlank() ? null : t.strip();
  }

  /** The publication date as {@code yyyy-MM-dd}, or {@code null} if the page does not say. */
  public static String date(Document doc, String url) {
    for (String q : DATE_META) {
      String d = isoDate(attr(doc, q, "content"));
      if (d != null) {
        return d;
      }
    }
    for (Element s : doc.select("script[type=application/ld+json]")) {
      Matcher m = JSONLD_DATE.matcher(s.data());
      if (m.find()) {
        String d = isoDate(m.group(1));
        if (d != null) {
          return d;
        }
      }
    }
    for (Element time : doc.select("time[datetime], [itemprop=datePublished]")) {
      String d = isoDate(time.hasAttr("datetime") ? time.attr("datetime") : time.attr("content"));
      if (d != null) {
        return d;
      }
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

  private static String attr(Document doc, String query, String attr) {
    Element e = doc.head().selectFirst(query);
    if (e == null) {
      return null;
    }
    String v = e.attr(attr).strip();
    return v.isEmpty() ? null : v;
  }
}
