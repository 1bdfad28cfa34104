package org.falconet.dedup.url;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Puts a URL in the canonical form under which two addresses of the same page compare equal.
 *
 * <p>The rules: surrounding whitespace and the fragment ({@code #...}) removed; scheme and host
 * lower-cased, a trailing dot of the host removed; the default port removed (80 for http, 443 for
 * https, 21 for ftp); {@code https} written as {@code http} when {@code sameHttpHttps} (a page
 * served over both is one page); an empty path written {@code /}; percent-escapes with upper-case
 * hex digits; in the query, empty parameters and the tracking parameters below removed and the rest
 * sorted by name (stable, so repeated names keep their order), the {@code ?} dropped when nothing is
 * left. A string without {@code scheme://host} is kept as it is, trimmed and without fragment.
 *
 * <p>Tracking parameters removed: every name starting {@code utm_} (Google Analytics campaign
 * tags), and {@code fbclid} (Facebook), {@code gclid}, {@code gbraid}, {@code wbraid},
 * {@code dclid}, {@code _ga}, {@code _gl} (Google Ads / Analytics), {@code msclkid} (Microsoft Ads),
 * {@code yclid} (Yandex), {@code igshid} (Instagram), {@code twclid} (X/Twitter), {@code ttclid}
 * (TikTok), {@code li_fat_id} (LinkedIn), {@code mc_cid}, {@code mc_eid} (Mailchimp),
 * {@code mkt_tok} (Marketo); names compared case-insensitively.
 *
 * <pre>{@code
 * UrlNormalizer.normalize("HTTPS://Example.COM:443/a?utm_source=x&b=2&a=1#top", true)
 *     // "http://example.com/a?a=1&b=2"
 * }</pre>
 */
public final class UrlNormalizer {
  private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "gbraid", "wbraid", "dclid", "_ga", "_gl",
      "msclkid", "yclid", "igshid", "twclid", "ttclid", "li_fat_id", "mc_cid", "mc_eid", "mkt_tok");

  private UrlNormalizer() {}

  /** The canonical form of {@code url}. */
  public static String normalize(String url, boolean sameHttpHttps) {
    String u = url.strip();
    int hash = u.indexOf('#');
    if (hash >= 0) {
      u = u.substring(0, hash);
    }
    int sep = u.indexOf("://");
    if (sep <= 0 || !isScheme(u.substring(0, sep))) {
      return u;
    }
    String scheme = u.substring(0, sep).toLowerCase(Locale.ROOT);
    int authStart = sep + 3;
    int authEnd = authStart;
    while (authEnd < u.length() && "/?".indexOf(u.charAt(authEnd)) < 0) {
      authEnd++;
    }
    String authority = u.substring(authStart, authEnd);
    if (authority.isEmpty()) {
      return u;
    }
    String rest = u.substring(authEnd);
    int q = rest.indexOf('?');
    String path = q >= 0 ? rest.substring(0, q) : rest;
    String query = q >= 0 ? rest.substring(q + 1) : null;

    int at = authority.lastIndexOf('@');
    String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
    String hostPort = authority.substring(at + 1);
    String host = hostPort;
    String port = "";
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && hostPort.indexOf(']', colon) < 0) {
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (port.equals(defaultPort(scheme))) {
      port = "";
    }
    if (sameHttpHttps && scheme.equals("https")) {
      scheme = "http";
    }
    StringBuilder out = new StringBuilder(u.length());
    out.append(scheme).append("://").append(userInfo).append(host);
    if (!port.isEmpty()) {
      out.append(':').append(port);
    }
    out.append(path.isEmpty() ? "/" : upperEscapes(path));
    String cleanQuery = query == null ? "" : cleanQuery(query);
    if (!cleanQuery.isEmpty()) {
      out.append('?').append(cleanQuery);
    }
    return out.toString();
  }

  /** True for a tracking parameter name (see the class comment). */
  public static boolean isTracking(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.startsWith("utm_") || TRACKING.contains(n);
  }

  private static String cleanQuery(String query) {
    List<String> params = new ArrayList<>();
    for (String p : query.split("&")) {
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String name = eq >= 0 ? p.substring(0, eq) : p;
      if (!isTracking(name)) {
        params.add(upperEscapes(p));
      }
    }
    params.sort((a, b) -> name(a).compareTo(name(b)));
    return String.join("&", params);
  }

  private static String name(String param) {
    int eq = param.indexOf('=');
    return eq >= 0 ? param.substring(0, eq) : param;
  }

  private static String upperEscapes(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s);
    for (int i = 0; i + 2 < sb.length(); i++) {
      if (sb.charAt(i) == '%' && isHex(sb.charAt(i + 1)) && isHex(sb.charAt(i + 2))) {
        sb.setCharAt(i + 1, Character.toUpperCase(sb.charAt(i + 1)));
        sb.setCharAt(i + 2, Character.toUpperCase(sb.charAt(i + 2)));
      }
    }
    return sb.toString();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isScheme(String s) {
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static String defaultPort(String scheme) {
    return switch (scheme) {
      case "http" -> "80";
      case "https" -> "443";
      case "ftp" -> "21";
      default -> "-";
    };
  }
}
