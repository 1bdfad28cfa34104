package org.falconet.extract;

/**
 * What the extractor made of one page: the main text with the page's title and date, or the
 * {@code snake_case} reason it found none.
 *
 * @param text       the main text, lines separated by {@code \n}; {@code null} when dropped
 * @param title      the page's title, or {@code null}
 * @param date       the publication date as {@code yyyy-MM-dd}, or {@code null}
 * @param dropReason why the page has no main text, or {@code null} when it has one
 * @param fallback   true when the text came from the fallback extraction (paragraph classification
 *                   over the whole page, or, last, the article the page publishes as JSON-LD) because
 *                   the content area's text was empty or much shorter than the page's
 */
public record Extraction(String text, String title, String date, String dropReason, boolean fallback) {

  /** A main-path extraction, or a drop. */
  public Extraction(String text, String title, String date, String dropReason) {
    this(text, title, date, dropReason, false);
  }

  /** True when the page gave main text. */
  public boolean ok() {
    return dropReason == null;
  }

  static Extraction dropped(String reason) {
    return new Extraction(null, null, null, reason);
  }
}
