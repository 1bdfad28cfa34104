package org.falconet.filter.url;

import crawlercommons.domains.EffectiveTldFinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Filter;

/**
 * RefinedWeb's URL filter, the first stage of macrodata refinement (Penedo et al. 2023, section
 * 3.1 and appendix G.1): it removes a page by its URL alone, before anything else is spent on it.
 * Rules, in the order they are tried, each with its drop reason:
 * <ol>
 *   <li>{@code blocklisted_domain}: the host or a parent domain (down to the registered domain) is
 *       on the UT1 blocklist (G.1.1);
 *   <li>{@code blocklisted_url}: the URL, or one above it at a path boundary, is on the UT1 URL list;
 *   <li>{@code excluded_domain}: the registered domain is one of the high-quality sources left to
 *       curated corpora — Wikipedia, arXiv, the Stack Exchange family, GitHub, Reddit… (G.1.3);
 *   <li>{@code url_strict_subword}: a strict word occurs anywhere in the URL once {@code -} and
 *       {@code .} are removed (G.1.2);
 *   <li>{@code url_hard_word}: a hard word is one of the URL's tokens (G.1.2);
 *   <li>{@code url_soft_words}: at least {@link Params#softWordThreshold()} (2) distinct soft words
 *       are among the URL's tokens (G.1.2).
 * </ol>
 * Tokens are the URL's maximal runs of letters and digits, lower-cased. Registered domains come from
 * the public suffix list (crawler-commons' {@link EffectiveTldFinder}, private suffixes such as
 * {@code blogspot.com} included), so {@code en.wikipedia.org} and {@code x.github.io} fall where
 * they should. Documents without a URL pass: there is nothing to judge. An unparseable URL is
 * {@code invalid_url}.
 *
 * <pre>{@code
 * UrlFilter f = new UrlFilter(UrlFilter.Params.PAPER.withBlocklist(
 *     UrlBlocklist.loadUt1(Path.of("blacklists"), UrlBlocklist.REFINEDWEB_CATEGORIES)));
 * }</pre>
 */
public final class UrlFilter implements Filter {

  /**
   * The filter's lists and threshold.
   *
   * @param blocklist          UT1 domains and URLs
   * @param strictSubwords     words rejected as substrings of the URL without '-' and '.'
   * @param hardWords          words rejected as a single URL token
   * @param softWords          words rejected when {@code softWordThreshold} distinct ones are tokens
   * @param softWordThreshold  2 in RefinedWeb
   * @param excludedDomains    registered domains of curated high-quality sources
   */
  public record Params(UrlBlocklist blocklist, Set<String> strictSubwords, Set<String> hardWords,
                       Set<String> softWords, int softWordThreshold, Set<String> excludedDomains) {

    /**
     * RefinedWeb's rules with the sample lists shipped in this package's resources: a small sample of
     * UT1's format and of each word list (the paper's lists are not public); load the full ones with
     * {@link #withBlocklist} and {@link #withWords}.
     */
    public static final Params PAPER = new Params(UrlBlocklist.sample(), resourceWords("strict_subwords.txt"),
        resourceWords("hard_words.txt"), resourceWords("soft_words.txt"),
        2, // "soft violation words ... two or more" (appendix G.1.2)
        resourceWords("excluded_domains.txt"));

    public Params {
      Objects.requireNonNull(blocklist, "blocklist");
      strictSubwords = Set.copyOf(strictSubwords);
      hardWords = Set.copyOf(hardWords);
      softWords = Set.copyOf(softWords);
      excludedDomains = Set.copyOf(excludedDomains);
      if (softWordThreshold < 1) {
        throw new IllegalArgumentException("softWordThreshold must be at least 1, got " + softWordThreshold);
      }
      for (String w : strictSubwords) {
        if (w.isEmpty() || w.contains("-") || w.contains(".")) {
          throw new IllegalArgumentException("strict subword '" + w + "' is empty or holds '-' or '.'");
        }
      }
    }

    public Params withBlocklist(UrlBlocklist b) {
      return new Params(b, strictSubwords, hardWords, softWords, softWordThreshold, excludedDomains);
    }

    public Params withWords(Set<String> strict, Set<String> hard, Set<String> soft) {
      return new Params(blocklist, strict, hard, soft, softWordThreshold, excludedDomains);
    }

    public Params withExcludedDomains(Set<String> domains) {
      return new Params(blocklist, strictSubwords, hardWords, softWords, softWordThreshold, domains);
    }
  }

  private static final Pattern TOKEN_SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");

  static {
    // Load the public suffix list (a few seconds on a busy machine) when the filter is built, not
    // inside the first document's check, so the funnel times the filtering alone.
    EffectiveTldFinder.getInstance();
  }

  private final Params params;

  public UrlFilter(Params params) {
    this.params = Objects.requireNonNull(params);
  }

  /** The filter with the paper's rules and the shipped sample lists. */
  public UrlFilter() {
    this(Params.PAPER);
  }

  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return "url_filter";
  }

  @Override
  public Verdict check(Document doc) {
    String url = doc.url();
    if (url == null || url.isBlank()) {
      return Verdict.keep();
    }
    String host = host(url);
    if (host == null) {
      return Verdict.drop("invalid_url");
    }
    String registered = registeredDomain(host);
    if (params.blocklist().domainCategory(host, registered) != null) {
      return Verdict.drop("blocklisted_domain");
    }
    if (params.blocklist().urlCategory(url) != null) {
      return Verdict.drop("blocklisted_url");
    }
    if (params.excludedDomains().contains(registered)) {
      return Verdict.drop("excluded_domain");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    String squeezed = lower.replace("-", "").replace(".", "");
    for (String w : params.strictSubwords()) {
      if (squeezed.contains(w)) {
        return Verdict.drop("url_strict_subword");
      }
    }
    Set<String> tokens = new HashSet<>(List.of(TOKEN_SPLIT.split(lower)));
    for (String w : params.hardWords()) {
      if (tokens.contains(w)) {
        return Verdict.drop("url_hard_word");
      }
    }
    int soft = 0;
    for (String w : params.softWords()) {
      if (tokens.contains(w) && ++soft >= params.softWordThreshold()) {
        return Verdict.drop("url_soft_words");
      }
    }
    return Verdict.keep();
  }

  /** The URL's host, lower case, in ASCII (punycode) form; {@code null} if there is none. */
  static String host(String url) {
    String u = url.trim();
    if (!u.contains("://")) {
      u = "http://" + u;
    }
    String h;
    try {
      h = new URI(u).getHost();
    } catch (URISyntaxException e) {
      h = null;
    }
    if (h == null) {
      // Lenient fallback for URLs java.net.URI rejects (spaces, unicode): take what lies between
      // "://" and the next '/', '?', '#' or ':'.
      int s = u.indexOf("://") + 3;
      int e = s;
      while (e < u.length() && "/?#:".indexOf(u.charAt(e)) < 0) {
        e++;
      }
      h = u.substring(s, e);
      int at = h.lastIndexOf('@');
      h = at >= 0 ? h.substring(at + 1) : h;
    }
    if (h.isEmpty()) {
      return null;
    }
    try {
      h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      return null;
    }
    h = h.toLowerCase(Locale.ROOT);
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.isEmpty() || h.contains(" ") ? null : h;
  }

  /**
   * The registered domain of {@code host} by the public suffix list ({@code en.wikipedia.org} →
   * {@code wikipedia.org}, {@code a.b.co.uk} → {@code b.co.uk}); the host itself for IP addresses and
   * hosts without a known suffix.
   */
  public static String registeredDomain(String host) {
    String d = EffectiveTldFinder.getAssignedDomain(host, true, false);
    return d == null || d.isEmpty() ? host : d;
  }

  /** A word list: one word per line, {@code #} comments and blank lines ignored, lower-cased. */
  public static Set<String> readWords(Path file) throws IOException {
    return parseWords(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static Set<String> resourceWords(String name) {
    try (InputStream in = UrlFilter.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return parseWords(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> parseWords(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String line : text.split("\n")) {
      String w = line.trim().toLowerCase(Locale.ROOT);
      if (!w.isEmpty() && !w.startsWith("#")) {
        out.add(w);
      }
    }
    return out;
  }
}
