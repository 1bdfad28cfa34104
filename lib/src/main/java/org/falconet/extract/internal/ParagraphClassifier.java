package org.falconet.extract.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The extractor's second, independent opinion: the page's blocks classified one by one, as jusText
 * does (Pomikálek 2011, chapter 4), instead of one content area chosen. A block of prose (long
 * enough, few links) is good; a short block is kept only between good blocks, or as a heading just
 * before one; the rest is boilerplate. Used when the chosen content area's text is empty or much
 * shorter than the page's prose.
 */
public final class ParagraphClassifier {

  /** Blocks of at least this many characters are prose (jusText's LENGTH_HIGH_DEFAULT is 200 bytes; its
   * LENGTH_LOW_DEFAULT 70 marks short blocks, which alone never make text). */
  static final int LONG = 120;
  /** Shorter blocks are never prose on their own. */
  static final int SHORT = 70;
  /** Headings are short lines before a good block: at most this long. */
  static final int HEADING = 150;

  private ParagraphClassifier() {}

  /** The good lines of {@code lines} (a page's blocks, link-dense ones and furniture already gone). */
  public static List<String> goodLines(List<String> lines) {
    int n = lines.size();
    // 2 good, 1 near-good (medium length with a sentence's end), 0 short
    int[] cls = new int[n];
    for (int i = 0; i < n; i++) {
      String l = lines.get(i);
      int len = l.length();
      cls[i] = len >= LONG ? 2 : len >= SHORT && sentence(l) ? 1 : 0;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean keep;
      if (cls[i] == 2) {
        keep = true;
      } else {
        int prev = nearestGood(cls, i, -1);
        int next = nearestGood(cls, i, 1);
        // between good blocks (jusText's context rule), or a heading directly before a good block
        keep = prev >= 0 && next >= 0 && (cls[i] == 1 || next - prev <= 4)
            || next == i + 1 && lines.get(i).length() <= HEADING && !sentence(lines.get(i));
      }
      if (keep) {
        out.add(lines.get(i));
      }
    }
    return out;
  }

  /** Total characters of the good lines. */
  public static int length(List<String> lines) {
    int n = 0;
    for (String l : lines) {
      n += l.length();
    }
    return n;
  }

  private static int nearestGood(int[] cls, int from, int step) {
    for (int j = from + step; j >= 0 && j < cls.length; j += step) {
      if (cls[j] == 2) {
        return j;
      }
      if (Math.abs(j - from) > 3) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean sentence(String l) {
    char c = l.charAt(l.length() - 1);
    return c == '.' || c == '!' || c == '?' || c == '"' || c == '\u201d' || c == ':' || c == ';' || c == ')'
        || c == '\u3002';
  }
}
