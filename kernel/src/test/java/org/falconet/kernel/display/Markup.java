package org.falconet.kernel.display;

/** Counting in rendered HTML and SVG, for the renderer tests and the notebook ITs that read their output. */
public final class Markup {
  private Markup() {}

  /** How many times fragment occurs in text, without overlaps, left to right. */
  public static int count(String text, String fragment) {
    if (fragment.isEmpty()) {
      throw new IllegalArgumentException("empty fragment");
    }
    int n = 0;
    for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + fragment.length())) {
      n++;
    }
    return n;
  }
}
