package org.falconet.extract.internal;

/**
 * Where the HTML tokenizer's constructs end in a page, read the way jsoup 1.18's tokenizer reads
 * them (the WHATWG tokenizer states): a tag through its attributes, a comment, the raw text of an
 * element up to its end tag. For {@link RawTextEraser}, which decides what to do with them.
 */
class HtmlTokens {
  final String s;
  final int n;
  boolean selfClosing;   // set by tagEnd

  HtmlTokens(String s) {
    this.s = s;
    this.n = s.length();
  }

  /**
   * Where the raw text from {@code from} ends: the start of {@code </name} followed by
   * whitespace, / or >; -1 if none, or if a non-ASCII letter comes first right after a
   * {@code </} (jsoup compares end tag names with {@code equalsIgnoreCase}, for which
   * {@code \u017F} is an {@code s} and {@code \u0131} an {@code i}).
   */
  int endTag(String name, int from) {
    for (int k = s.indexOf("</", from); k >= 0; k = s.indexOf("</", k + 2)) {
      int e = k + 2 + name.length();
      if (e >= n) {
        return -1;
      }
      if (is(k + 2, e, name) && (space(s.charAt(e)) || s.charAt(e) == '/' || s.charAt(e) == '>')) {
        return k;
      }
      for (int j = k + 2; j < e; j++) {
        if (s.charAt(j) >= 0x80) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** After a comment's opening {@code <!--} at {@code from - 4}: where the comment ends, or -1. */
  int commentEnd(int from) {
    if (from < n && s.charAt(from) == '>') {
      return from + 1;   // <!-->
    }
    if (s.startsWith("->", from)) {
      return from + 2;   // <!--->
    }
    for (int k = s.indexOf("--", from); k >= 0; k = s.indexOf("--", k + 1)) {
      if (k + 2 < n && s.charAt(k + 2) == '>') {
        return k + 3;   // -->
      }
      if (k + 3 < n && s.charAt(k + 2) == '!' && s.charAt(k + 3) == '>') {
        return k + 4;   // --!>
      }
    }
    return -1;
  }

  int after(char c, int from) {
    int k = s.indexOf(c, from);
    return k < 0 ? -1 : k + 1;
  }

  /** The tag name from {@code from}: up to whitespace, / or > (jsoup's consumeTagName). */
  int nameEnd(int from) {
    int k = from;
    while (k < n && !ends(s.charAt(k), NAME_END)) {
      k++;
    }
    return k;
  }

  /**
   * From the end of a tag's name: the index after the tag's closing {@code >}, through the
   * attribute states (quoted values may hold {@code >}); -1 at the end of the page. Sets
   * {@link #selfClosing}.
   */
  int tagEnd(int from) {
    selfClosing = false;
    int k = from;   // at the character that ended the name: whitespace, '/' or '>'
    while (true) {
      // before an attribute name
      while (k < n && space(s.charAt(k))) {
        k++;
      }
      if (k >= n) {
        return -1;
      }
      char c = s.charAt(k);
      if (c == '>') {
        return k + 1;
      }
      if (c == '/') {
        if (k + 1 >= n) {
          return -1;
        }
        if (s.charAt(k + 1) == '>') {
          selfClosing = true;
          return k + 2;
        }
        k++;   // the next character is read before an attribute name
        continue;
      }
      // an attribute name: its first character may be anything ('=' and quotes included)
      k++;
      while (k < n && !ends(s.charAt(k), ATTRIBUTE_NAME_END)) {
        k++;
      }
      while (k < n && space(s.charAt(k))) {   // after the name
        k++;
      }
      if (k >= n) {
        return -1;
      }
      if (s.charAt(k) != '=') {
        continue;   // '>' or '/' or the next attribute's name
      }
      k++;
      while (k < n && space(s.charAt(k))) {   // before the value
        k++;
      }
      if (k >= n) {
        return -1;
      }
      c = s.charAt(k);
      if (c == '"' || c == '\'') {
        int q = s.indexOf(c, k + 1);
        if (q < 0) {
          return -1;
        }
        k = q + 1;   // after a quoted value anything but whitespace, '/' or '>' is read before a name
      } else if (c != '>') {
        while (k < n && !ends(s.charAt(k), UNQUOTED_END)) {   // an unquoted value
          k++;
        }
      }
    }
  }

  /** True if {@code s[from, to)} is {@code lower} in ASCII letters of any case. */
  boolean is(int from, int to, String lower) {
    if (to - from != lower.length() || to > n) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      char c = s.charAt(from + k);
      char l = lower.charAt(k);
      if (c != l && !(c >= 'A' && c <= 'Z' && c + 32 == l)) {
        return false;
      }
    }
    return true;
  }

  /** Characters ending a tag name, an attribute name (after its first character), an unquoted value. */
  private static final boolean[] NAME_END = table(" \t\n\r\f/>");
  private static final boolean[] ATTRIBUTE_NAME_END = table(" \t\n\r\f/>=");
  private static final boolean[] UNQUOTED_END = table(" \t\n\r\f>");

  private static boolean[] table(String chars) {
    boolean[] t = new boolean[128];
    for (char c : chars.toCharArray()) {
      t[c] = true;
    }
    return t;
  }

  private static boolean ends(char c, boolean[] table) {
    return c < 128 && table[c];
  }

  static boolean letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
  }

  static String asciiLower(String t) {
    StringBuilder b = null;
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      if (c >= 'A' && c <= 'Z') {
        if (b == null) {
          b = new StringBuilder(t);
        }
        b.setCharAt(k, (char) (c + 32));
      }
    }
    return b == null ? t : b.toString();
  }
}
