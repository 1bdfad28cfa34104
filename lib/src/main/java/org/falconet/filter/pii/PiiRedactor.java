package org.falconet.filter.pii;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.falconet.corpus.Document;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Outcome;

/**
 * Replaces e-mail addresses and public IPv4/IPv6 addresses with placeholders, as FineWeb does
 * (Penedo et al. 2024, "FineWeb", PII formatting; RefinedWeb itself redacted nothing).
 *
 * <p>Placeholders are FineWeb's: e-mails become {@code email@example.com} and
 * {@code firstname.lastname@example.org}, IPv4 addresses one of six addresses that did not answer
 * pings when FineWeb chose them; IPv6 addresses (FineWeb leaves them) become addresses of the
 * documentation prefix 2001:db8::/32 (RFC 3849). FineWeb cycles through its list across a whole
 * run; we cycle within each document, from the first placeholder, so the output depends on the
 * document alone (stable whatever the thread or shard).
 *
 * <p>What is left alone: private, loopback, link-local, shared (100.64/10), documentation,
 * benchmarking, multicast and reserved addresses (IPv4 per RFC 6890; IPv6 outside 2000::/3 or in
 * 2001::/23 and 2001:db8::/32); dotted numbers that are part of a longer dotted run
 * ("1.2.3.4.5"), have leading zeros ("01.02.03.04") or follow a version word ("version 1.2.3.4",
 * "v1.2.3.4"); dates, which are never four numbers of at most 255; and "name@2x.png" image names.
 * The stage keeps every document; it records {@code pii_redacted} = {email: n, ip: n} when it
 * replaced something. A document that is still HTML (no text) is removed as {@code not_extracted}.
 */
public final class PiiRedactor implements DocumentStage {

  /**
   * What to redact and with what.
   *
   * @param emails            redact e-mail addresses
   * @param ips               redact public IP addresses
   * @param emailPlaceholders e-mail replacements, used in turn
   * @param ipv4Placeholders  IPv4 replacements, used in turn
   * @param ipv6Placeholders  IPv6 replacements, used in turn
   * @param versionWords      lower-case words after which a dotted quad is a version, not an address
   */
  public record Params(boolean emails, boolean ips, List<String> emailPlaceholders, List<String> ipv4Placeholders,
                       List<String> ipv6Placeholders, Set<String> versionWords) {

    /** FineWeb's placeholders (datatrove's PIIFormatter), plus ours for IPv6 (RFC 3849 documentation prefix). */
    public static final Params FINEWEB = new Params(true, true,
        List.of("email@example.com", "firstname.lastname@example.org"),
        List.of("22.214.171.124", "126.96.36.199", "188.8.131.52", "184.108.40.206", "220.127.116.11", "18.104.22.168"),
        List.of("2001:db8::1", "2001:db8::2"),
        Set.of("version", "ver", "v", "release", "build", "firmware", "rev", "revision", "update", "kernel", "python",
            "java", "node", "chrome", "firefox", "android", "ios"));

    public Params {
      if (emailPlaceholders.isEmpty() || ipv4Placeholders.isEmpty() || ipv6Placeholders.isEmpty()) {
        throw new IllegalArgumentException("placeholder lists must not be empty");
      }
      emailPlaceholders = List.copyOf(emailPlaceholders);
      ipv4Placeholders = List.copyOf(ipv4Placeholders);
      ipv6Placeholders = List.copyOf(ipv6Placeholders);
      versionWords = Set.copyOf(versionWords);
    }
  }

  private static final Set<String> IMAGE_SUFFIXES = Set.of("png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp");

  private final Params params;

  public PiiRedactor(Params params) {
    this.params = params;
  }

  /** The stage with FineWeb's placeholders. */
  public static PiiRedactor fineweb() {
    return new PiiRedactor(Params.FINEWEB);
  }

  /** The parameters this stage runs with (what a run's manifest records). */
  @Override
  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return "pii_redaction";
  }

  @Override
  public Outcome apply(Document doc) {
    String text = doc.text();
    if (text == null) {
      return Outcome.removed(doc, "not_extracted");
    }
    int[] counts = new int[2];
    String out = redact(text, counts);
    if (counts[0] + counts[1] == 0) {
      return Outcome.kept(doc);
    }
    Map<String, Object> found = new LinkedHashMap<>();
    found.put("email", counts[0]);
    found.put("ip", counts[1]);
    return Outcome.kept(doc.extracted(out).withMeta("pii_redacted", found));
  }

  /** {@code text} with e-mails and public IPs replaced. */
  public String redact(String text) {
    return redact(text, new int[2]);
  }

  private String redact(String text, int[] counts) {
    StringBuilder out = null;
    int copied = 0;
    int emailTurn = 0, v4Turn = 0, v6Turn = 0;
    int len = text.length();
    // Which recognisers can fire at all: most texts have no '@' and no ':'.
    boolean anyAt = params.emails() && text.indexOf('@') >= 0;
    boolean anyColon = params.ips() && text.indexOf(':') >= 0;
    boolean anyDot = params.ips() && text.indexOf('.') >= 0;
    int i = 0;
    while (i < len) {
      char c = text.charAt(i);
      if (c > 'f') { // no address starts with, and '@' is not, a character above 'f'
        i++;
        continue;
      }
      int[] span = null;
      String replacement = null;
      if (c == '@' && anyAt) {
        span = Addresses.email(text, i);
        if (span != null && span[0] < copied) {
          span = null;
        }
        if (span != null && isImageName(text, span)) {
          span = null;
        }
        if (span != null) {
          replacement = params.emailPlaceholders().get(emailTurn++ % params.emailPlaceholders().size());
          counts[0]++;
        }
      } else if ((anyColon || anyDot && c <= '9') && isHex(c) && (i == 0 || !isAddressChar(text.charAt(i - 1)))) {
        span = anyDot && c <= '9' && c != ':' ? Addresses.ipv4(text, i) : null;
        if (span != null) {
          if (Addresses.isPublicIpv4(text, span) && !afterVersionWord(text, i)) {
            replacement = params.ipv4Placeholders().get(v4Turn++ % params.ipv4Placeholders().size());
          } else {
            i = span[1];
            continue;
          }
        } else if (anyColon) {
          span = Addresses.ipv6(text, i);
          if (span != null && Addresses.isPublicIpv6(text, span)) {
            replacement = params.ipv6Placeholders().get(v6Turn++ % params.ipv6Placeholders().size());
          } else if (span != null) {
            i = span[1];
            continue;
          }
        }
        if (replacement != null) {
          counts[1]++;
        }
      }
      if (replacement == null) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(len);
      }
      out.append(text, copied, span[0]).append(replacement);
      copied = span[1];
      i = span[1];
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, len).toString();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':';
  }

  /** Characters that may precede an address only as part of something longer (a word, a dotted run, an IPv6). */
  private static boolean isAddressChar(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '@';
  }

  /** "logo@2x.png": a retina image name, not an address. */
  private static boolean isImageName(String text, int[] span) {
    int dot = text.lastIndexOf('.', span[1] - 1);
    return dot > span[0] && IMAGE_SUFFIXES.contains(text.substring(dot + 1, span[1]).toLowerCase(java.util.Locale.ROOT));
  }

  /** True when the word before position {@code at} (or a "v" glued to it) names a version. */
  private boolean afterVersionWord(String text, int at) {
    int e = at;
    while (e > 0 && (text.charAt(e - 1) == ' ' || text.charAt(e - 1) == '\t')) {
      e--;
    }
    int s = e;
    while (s > 0 && Character.isLetter(text.charAt(s - 1))) {
      s--;
    }
    if (s == e) {
      return false;
    }
    return params.versionWords().contains(text.substring(s, e).toLowerCase(java.util.Locale.ROOT));
  }
}
