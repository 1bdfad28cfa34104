package org.falconet.filter.url;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A blocklist of domains and URLs in the format of the Université Toulouse 1 Capitole blacklist
 * (UT1, https://dsi.ut-capitole.fr/blacklists/): one directory per category holding a
 * {@code domains} file (a domain per line; the domain and all its subdomains are blocked) and a
 * {@code urls} file (a URL without scheme per line; that URL and everything under it is blocked).
 *
 * <p>RefinedWeb blocks 4.6M domains of the categories in {@link #REFINEDWEB_CATEGORIES} (appendix
 * G.1.1). The full list is not shipped; {@link #sample()} holds a few invented domains per category
 * for tests and the demo, and {@link #loadUt1(Path, List)} reads the real one from disk.
 *
 * <pre>{@code
 * UrlBlocklist full = UrlBlocklist.loadUt1(Path.of("blacklists"), UrlBlocklist.REFINEDWEB_CATEGORIES);
 * }</pre>
 */
public final class UrlBlocklist {

  /** The UT1 categories RefinedWeb blocks (Penedo et al. 2023, appendix G.1.1). */
  public static final List<String> REFINEDWEB_CATEGORIES = List.of("adult", "phishing", "dating", "gambling",
      "filehosting", "ddos", "agressif", "chat", "mixed_adult", "arjel");

  private static final String SAMPLE = "/org/falconet/filter/url/ut1-sample/";

  private final Map<String, String> domains; // domain -> category
  private final Map<String, String> urls;    // scheme-less URL -> category

  private UrlBlocklist(Map<String, String> domains, Map<String, String> urls) {
    this.domains = Collections.unmodifiableMap(domains);
    this.urls = Collections.unmodifiableMap(urls);
  }

  /** An empty blocklist. */
  public static UrlBlocklist empty() {
    return new UrlBlocklist(Map.of(), Map.of());
  }

  /** The small sample shipped with Falconet (invented domains, UT1 layout), every RefinedWeb category. */
  public static UrlBlocklist sample() {
    Map<String, String> d = new HashMap<>();
    Map<String, String> u = new HashMap<>();
    for (String cat : REFINEDWEB_CATEGORIES) {
      readResource(SAMPLE + cat + "/domains", cat, d, true);
      readResource(SAMPLE + cat + "/urls", cat, u, false);
    }
    return new UrlBlocklist(d, u);
  }

  /**
   * Reads the given categories from a UT1 directory: {@code dir/<category>/domains} and
   * {@code dir/<category>/urls} (or the same under {@code dir/blacklists/}, as the archive unpacks).
   *
   * @throws IOException if {@code dir} holds none of the categories, or a file cannot be read
   */
  public static UrlBlocklist loadUt1(Path dir, List<String> categories) throws IOException {
    Path root = Files.isDirectory(dir.resolve("blacklists")) ? dir.resolve("blacklists") : dir;
    Map<String, String> d = new HashMap<>();
    Map<String, String> u = new HashMap<>();
    int found = 0;
    for (String cat : categories) {
      Path c = root.resolve(cat);
      if (!Files.isDirectory(c)) {
        continue;
      }
      found++;
      for (String kind : new String[] {"domains", "urls"}) {
        Path f = c.resolve(kind);
        if (Files.isRegularFile(f)) {
          try (InputStream in = Files.newInputStream(f)) {
            read(in, cat, kind.equals("domains") ? d : u, kind.equals("domains"));
          }
        }
      }
    }
    if (found == 0) {
      throw new IOException(dir + ": no UT1 category directory (" + String.join(", ", categories) + ") found");
    }
    return new UrlBlocklist(d, u);
  }

  private static void readResource(String name, String cat, Map<String, String> into, boolean domain) {
    try (InputStream in = UrlBlocklist.class.getResourceAsStream(name)) {
      if (in != null) {
        read(in, cat, into, domain);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void read(InputStream in, String cat, Map<String, String> into, boolean domain) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String s = line.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        into.putIfAbsent(domain ? trimDots(s) : normalizeUrl(s), cat);
      }
    }
  }

  private static String trimDots(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == '.') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == '.') {
      b--;
    }
    return s.substring(a, b);
  }

  /** A URL as UT1 lists it: lower case, no scheme, no leading {@code www.}, no trailing slash. */
  static String normalizeUrl(String url) {
    String s = url.toLowerCase(Locale.ROOT);
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    if (s.startsWith("www.")) {
      s = s.substring(4);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /**
   * The category blocking {@code host} or one of its parent domains down to {@code registeredDomain}
   * (never a bare public suffix such as {@code co.uk}), or {@code null}.
   */
  public String domainCategory(String host, String registeredDomain) {
    String h = trimDots(host.toLowerCase(Locale.ROOT));
    while (!h.isEmpty()) {
      String cat = domains.get(h);
      if (cat != null) {
        return cat;
      }
      int dot = h.indexOf('.');
      if (dot < 0 || h.equals(registeredDomain)) {
        return null;
      }
      h = h.substring(dot + 1);
    }
    return null;
  }

  /** The category blocking {@code url} (it or a URL above it, at a path boundary), or {@code null}. */
  public String urlCategory(String url) {
    if (urls.isEmpty()) {
      return null;
    }
    String s = normalizeUrl(url);
    int q = indexOfAny(s, '?', '#');
    String base = q >= 0 ? s.substring(0, q) : s;
    String cat = urls.get(s);
    if (cat != null) {
      return cat;
    }
    for (String p = base; ; ) {
      cat = urls.get(p);
      if (cat != null) {
        return cat;
      }
      int slash = p.lastIndexOf('/');
      if (slash < 0) {
        return null;
      }
      p = p.substring(0, slash);
    }
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  /** Number of blocked domains. */
  public int domainCount() {
    return domains.size();
  }

  /** Number of blocked URLs. */
  public int urlCount() {
    return urls.size();
  }

  /**
   * A SHA-256 of the list's content (its domains and URLs with their categories, sorted), so a run's
   * manifest can say which list it used without holding millions of entries.
   */
  public String contentSha256() {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Map<String, String> m : List.of(domains, urls)) {
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(m).entrySet()) {
        sha.update((e.getKey() + "\t" + e.getValue() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      sha.update((byte) 0);
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }
}
