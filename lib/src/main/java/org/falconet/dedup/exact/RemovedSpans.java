package org.falconet.dedup.exact;

import java.util.List;

/**
 * The spans exact-substring deduplication cuts out of one document, for notebooks and reports: the
 * document's text, each removed span's character range, and an HTML view with the spans struck
 * through.
 *
 * <pre>{@code
 * List<RemovedSpans> cut = new ExactSubstringDeduplicator().removedSpans(corpus, workDir);
 * display(html(cut.get(0).html(200)));   // removed spans struck through, 200 characters around each
 * }</pre>
 *
 * @param id    the document's id
 * @param text  its text before the cut
 * @param spans the removed ranges, ascending and disjoint
 */
public record RemovedSpans(String id, String text, List<Span> spans) {

  /** Characters {@code [start, end)} of the text. */
  public record Span(int start, int end) {
    public Span {
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException("span [" + start + ", " + end + ") is empty or negative");
      }
    }

    public int length() {
      return end - start;
    }
  }

  public RemovedSpans {
    spans = List.copyOf(spans);
    for (int i = 0; i < spans.size(); i++) {
      if (spans.get(i).end() > text.length() || (i > 0 && spans.get(i).start() < spans.get(i - 1).end())) {
        throw new IllegalArgumentException(id + ": spans must be ascending, disjoint and inside the text");
      }
    }
  }

  /** The text of span {@code i}. */
  public String spanText(int i) {
    return text.substring(spans.get(i).start(), spans.get(i).end());
  }

  /** Characters removed in all. */
  public int removedChars() {
    return spans.stream().mapToInt(Span::length).sum();
  }

  /** The text as the stage leaves it: every span cut out. */
  public String keptText() {
    StringBuilder sb = new StringBuilder(text.length());
    int at = 0;
    for (Span s : spans) {
      sb.append(text, at, s.start());
      at = s.end();
    }
    return sb.append(text, at, text.length()).toString();
  }

  /**
   * HTML of the text with removed spans struck through ({@code <del>}), showing only
   * {@code context} characters of kept text either side of each span ("…" marks what is left out).
   */
  public String html(int context) {
    StringBuilder sb = new StringBuilder("<div class=\"falconet-removed-spans\"><p><strong>")
        .append(escape(id)).append("</strong>: ").append(spans.size()).append(spans.size() == 1 ? " span, " : " spans, ")
        .append(removedChars()).append(" of ").append(text.length()).append(" characters removed</p>\n")
        .append("<pre style=\"white-space: pre-wrap\">");
    int shownTo = 0;
    for (Span s : spans) {
      int from = Math.max(shownTo, s.start() - context);
      if (from > shownTo) {
        sb.append(shownTo == 0 && from > 0 ? "… " : " … ");
      }
      sb.append(escape(text.substring(from, s.start())))
          .append("<del style=\"color:#b00\">").append(escape(text.substring(s.start(), s.end()))).append("</del>");
      shownTo = s.end();
      int next = Math.min(text.length(), s.end() + context);
      sb.append(escape(text.substring(shownTo, next)));
      shownTo = next;
    }
    if (shownTo < text.length()) {
      sb.append(" …");
    }
    return sb.append("</pre></div>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
