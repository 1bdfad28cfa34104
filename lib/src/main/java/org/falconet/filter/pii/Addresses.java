package org.falconet.filter.pii;

/**
 * Hand-written recognisers for e-mail addresses and IP addresses in running text: each takes the
 * text and a position and returns the address's span {@code {start, end}} or null. Written as
 * scanners rather than regular expressions so that redaction runs at memory speed.
 */
final class Addresses {
  private Addresses() {}

  /** The e-mail address around the '@' at {@code at}: a local part and a dotted domain with a letter TLD. */
  static int[] email(String text, int at) {
    int s = at;
    while (s > 0 && isLocalChar(text.charAt(s - 1))) {
      s--;
    }
    while (s < at && (text.charAt(s) == '.' || text.charAt(s) == '-')) {
      s++;
    }
    if (s == at || text.charAt(at - 1) == '.' || text.indexOf("..", s) >= 0 && text.indexOf("..", s) < at) {
      return null;
    }
    int len = text.length();
    int pos = at + 1;
    int labels = 0;
    int end = -1;
    int lastLabelStart = -1;
    while (pos < len) {
      int ls = pos;
      while (pos < len && isLabelChar(text.charAt(pos))) {
        pos++;
      }
      if (pos == ls || text.charAt(ls) == '-' || text.charAt(pos - 1) == '-') {
        break;
      }
      labels++;
      end = pos;
      lastLabelStart = ls;
      if (pos + 1 < len && text.charAt(pos) == '.' && isLabelChar(text.charAt(pos + 1))) {
        pos++;
      } else {
        break;
      }
    }
    if (labels < 2 || end - lastLabelStart < 2) {
      return null;
    }
    for (int k = lastLabelStart; k < end; k++) {
      if (!Character.isLetter(text.charAt(k))) {
        return null;
      }
    }
    return new int[] {s, end};
  }

  private static boolean isLocalChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '%' || c == '+' || c == '-';
  }

  private static boolean isLabelChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }

  /**
   * A dotted-quad IPv4 address starting at {@code i}: four decimal numbers 0-255 without leading
   * zeros, not followed by a letter, digit or another ".number".
   */
  static int[] ipv4(String text, int i) {
    int len = text.length();
    int pos = i;
    for (int part = 0; part < 4; part++) {
      if (part > 0) {
        if (pos >= len || text.charAt(pos) != '.') {
          return null;
        }
        pos++;
      }
      int ds = pos;
      int value = 0;
      while (pos < len && pos - ds < 4 && isDigit(text.charAt(pos))) {
        value = value * 10 + text.charAt(pos) - '0';
        pos++;
      }
      int digits = pos - ds;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(ds) == '0')) {
        return null;
      }
    }
    if (pos < len && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      return null;
    }
    if (pos + 1 < len && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
      return null;
    }
    return new int[] {i, pos};
  }

  /** False for the special-purpose IPv4 ranges of RFC 6890 (private, loopback, documentation...). */
  static boolean isPublicIpv4(String text, int[] span) {
    int[] o = new int[4];
    int k = 0;
    for (int p = span[0]; p < span[1]; p++) {
      char c = text.charAt(p);
      if (c == '.') {
        k++;
      } else {
        o[k] = o[k] * 10 + c - '0';
      }
    }
    int a = o[0], b = o[1], c = o[2];
    return !(a == 0 || a == 10 || a == 127 || a >= 224                 // this network, private, loopback, multicast, reserved
        || (a == 100 && b >= 64 && b <= 127)                            // shared address space (RFC 6598)
        || (a == 169 && b == 254)                                       // link-local
        || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)   // private (RFC 1918)
        || (a == 192 && b == 0 && (c == 0 || c == 2))                   // IETF protocol assignments, TEST-NET-1
        || (a == 198 && (b == 18 || b == 19))                           // benchmarking
        || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)); // TEST-NET-2, -3
  }

  /**
   * An IPv6 address starting at {@code i}: colon-separated groups of 1-4 hex digits, eight of them
   * or fewer around one "::", the last two optionally a dotted quad, bounded by non-address characters.
   */
  static int[] ipv6(String text, int i) {
    int len = text.length();
    // Cheap rejection: the first group has at most four hex digits and then a colon.
    int g = i;
    while (g < len && g - i < 5 && isHexDigit(text.charAt(g))) {
      g++;
    }
    if (g >= len || text.charAt(g) != ':') {
      return null;
    }
    int end = i;
    int colons = 0;
    while (end < len) {
      char c = text.charAt(end);
      if (c == ':') {
        colons++;
      } else if (!isHexDigit(c) && c != '.') {
        break;
      }
      end++;
    }
    if (colons < 2) {
      return null;
    }
    if (end < len && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
      return null;
    }
    while (end > i && text.charAt(end - 1) == '.') {
      end--;
    }
    if (end - i >= 2 && text.charAt(end - 1) == ':' && text.charAt(end - 2) != ':') {
      end--;
    }
    String s = text.substring(i, end);
    if (s.indexOf(':') < 0 || s.indexOf(':') == s.lastIndexOf(':')) {
      return null;
    }
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return null;
    }
    int groups;
    if (dc < 0) {
      groups = groups(s, true);
      return groups == 8 ? new int[] {i, end} : null;
    }
    String left = s.substring(0, dc);
    String right = s.substring(dc + 2);
    int l = left.isEmpty() ? 0 : groups(left, false);
    int r = right.isEmpty() ? 0 : groups(right, true);
    return l >= 0 && r >= 0 && l + r <= 7 ? new int[] {i, end} : null;
  }

  /** Number of 16-bit groups in {@code s} ("a:b:1.2.3.4" is 4), or -1 if malformed. */
  private static int groups(String s, boolean ipv4Tail) {
    String[] parts = s.split(":", -1);
    int n = 0;
    for (int k = 0; k < parts.length; k++) {
      String p = parts[k];
      if (k == parts.length - 1 && ipv4Tail && p.indexOf('.') >= 0) {
        int[] span = ipv4(p, 0);
        if (span == null || span[1] != p.length()) {
          return -1;
        }
        n += 2;
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return -1;
      }
      for (int c = 0; c < p.length(); c++) {
        if (!isHexDigit(p.charAt(c))) {
          return -1;
        }
      }
      n++;
    }
    return n;
  }

  /**
   * True for global unicast (2000::/3) outside the IETF special-purpose block 2001::/23 and the
   * documentation prefix 2001:db8::/32 (RFC 3849).
   */
  static boolean isPublicIpv6(String text, int[] span) {
    String s = text.substring(span[0], span[1]);
    if (s.startsWith(":")) {
      return false;
    }
    String[] parts = s.split(":", -1);
    int g0 = Integer.parseInt(parts[0], 16);
    int g1 = parts[1].isEmpty() || parts[1].indexOf('.') >= 0 ? 0 : Integer.parseInt(parts[1], 16);
    if ((g0 & 0xE000) != 0x2000) {
      return false;
    }
    return !(g0 == 0x2001 && (g1 < 0x0200 || g1 == 0x0db8));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
