package org.falconet.extract.internal;

/**
 * RefinedWeb's URL removal (section 3.1) for extracted text, found by {@code ://} and {@code www.}
 * and checked by hand rather than by a regular expression (the extractor runs it on every page).
 */
public final class UrlRemover {

  private UrlRemover() {}

  /**
   * Removes URLs (RefinedWeb section 3.1): {@code http://}, {@code https://} and {@code ftp://}
   * URLs and bare {@code www.} hosts, up to the next space, with one of the spaces around them.
   */
  public static String remove(String t) {
    if (t.indexOf("://") < 0 && t.indexOf("www.") < 0 && t.indexOf("WWW.") < 0) {
      return t;
    }
    StringBuilder out = new StringBuilder(t.length());
    int i = 0;
    int n = t.length();
    while (i < n) {
      int start = urlStart(t, i);
      if (start < 0) {
        out.append(t, i, n);
        break;
      }
      int end = start;
      while (end < n && !Character.isWhitespace(t.charAt(end)) && t.charAt(end) != '"' && t.charAt(end) != '<'
          && t.charAt(end) != '>') {
        end++;
      }
      out.append(t, i, start);
      // drop a space left doubled by the removal
      if (out.length() > 0 && out.charAt(out.length() - 1) == ' ' && end < n && t.charAt(end) == ' ') {
        end++;
      }
      i = end;
    }
    return out.toString();
  }

  /** Where the next URL at or after {@code from} starts, or -1; found by "://" and "www.", checked by hand. */
  private static int urlStart(String t, int from) {
    int best = -1;
    for (int k = t.indexOf("://", from); k >= 0; k = t.indexOf("://", k + 3)) {
      int s = k;
      while (s > from && s > k - 5 && isAsciiLetter(t.charAt(s - 1))) {
        s--;
      }
      String scheme = t.substring(s, k).toLowerCase(java.util.Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https") || scheme.equals("ftp")) && (s == 0 || !wordChar(t.charAt(s - 1)))) {
        best = s;
        break;
      }
    }
    int limit = best < 0 ? t.length() : best;
    for (int k = indexOfWww(t, from); k >= 0 && k < limit; k = indexOfWww(t, k + 4)) {
      int j = k + 4;
      while (j < t.length() && (wordChar(t.charAt(j)) || t.charAt(j) == '-') && t.charAt(j) < 128) {
        j++;
      }
      if ((k == 0 || !wordChar(t.charAt(k - 1))) && j > k + 4 && j < t.length() && t.charAt(j) == '.') {
        return k;
      }
    }
    return best;
  }

  private static int indexOfWww(String t, int from) {
    int a = t.indexOf("www.", from);
    int b = t.indexOf("WWW.", from);
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean wordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
