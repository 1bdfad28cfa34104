package org.falconet.extract.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.QueryParser;

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

  private static final org.jsoup.select.Evaluator[] DATE_QUERIES;
  private static final org.jsoup.select.Evaluator OG_TITLE = QueryParser.parse("meta[property=og:title]");
  private static final org.jsoup.select.Evaluator TWITTER_TITLE = QueryParser.parse("meta[name=twitter:title]");
  private static final org.jsoup.select.Evaluator H1 = QueryParser.parse("h1");
  private static final org.jsoup.select.Evaluator JSONLD = QueryParser.parse("script[type=application/ld+json]");
  private static final org.jsoup.select.Evaluator TIMES = QueryParser.parse("time[datetime], [itemprop=datePublished]");

  private static final String[] DATE_META = {
      "meta[property=article:published_time]", "meta[name=article:published_time]",
      "meta[itemprop=datePublished]", "meta[name=date]", "meta[name=dc.date]", "meta[name=DC.date.issued]",
      "meta[name=dcterms.date]", "meta[name=pubdate]", "meta[name=publish-date]", "meta[name=sailthru.date]",
      "meta[property=og:published_time]", "meta[name=parsely-pub-date]"};

  static {
    DATE_QUERIES = new org.jsoup.select.Evaluator[DATE_META.length];
    for (int i = 0; i < DATE_META.length; i++) {
      DATE_QUERIES[i] = QueryParser.parse(DATE_META[i]);
    }
  }

  private PageMetadata() {}

  /** The page's title: Open Graph, then {@code <title>} without a site-name suffix, then the first h1; or {@code null}. */
  public static String title(Document doc) {
    String t = attr(doc, OG_TITLE, "content");
    if (t == null) {
      t = attr(doc, TWITTER_TITLE, "content");
    }
    if (t == null) {
      String raw = doc.title().strip();
      if (!raw.isEmpty()) {
        String cut = TITLE_SUFFIX.matcher(raw).replaceFirst("");
        t = cut.length() >= 10 ? cut : raw;
      }
    }
    if (t == null) {
      Element h1 = doc.selectFirst(H1);
      t = h1 == null ? null : h1.text();
    }
    return t == null || t.isBlank() ? null : t.strip();
  }

  /** The publication date as {@code yyyy-MM-dd}, or {@code null} if the page does not say. */
  public static String date(Document doc, String url) {
    for (org.jsoup.select.Evaluator q : DATE_QUERIES) {
      String d = isoDate(attr(doc, q, "content"));
      if (d != null) {
        return d;
      }
    }
    for (Element s : doc.select(JSONLD)) {
      Matcher m = JSONLD_DATE.matcher(s.data());
      if (m.find()) {
        String d = isoDate(m.group(1));
        if (d != null) {
          return d;
        }
      }
    }
    for (Element time : doc.select(TIMES)) {
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

  private static String attr(Document doc, org.jsoup.select.Evaluator query, String attr) {
    Element e = doc.head().selectFirst(query);
    if (e == null) {
      return null;
    }
    String v = e.attr(attr).strip();
    return v.isEmpty() ? null : v;
  }
}
