package org.falconet.kernel.display;

import java.util.List;
import java.util.Locale;
import org.falconet.tokenizer.Encoding;

/**
 * A tokenized text ({@link Encoding}) with its token boundaries: each token in one of alternating
 * background colours, its id and vocabulary string in the tooltip, spaces shown as {@code ·}, newlines as
 * {@code ↵} (then a line break) and tabs as {@code →}; special tokens outlined and bold. The plain-text form
 * lists {@code [id:'text']} per token. Long sequences stop after {@link #MAX_TOKENS} tokens with a note.
 *
 * <p>The boundaries survive without styles (an untrusted notebook, GitHub): every other token is a
 * {@code <mark>}, highlighted by the browser's own stylesheet, its neighbours plain {@code <span>}s; line
 * breaks are {@code <br>}, not whitespace a stylesheet must keep.
 */
public final class TokenRenderer {
  /** Tokens shown before the rest is summarised as "… N more tokens". */
  public static final int MAX_TOKENS = 400;
  private static final String[] COLORS = {"#cfe2ff", "#ffe3b3", "#d3f2d3", "#f8d0e0", "#e3d9f7"};
  private static final String MARK = "<span style=\"color:#888\">";

  private TokenRenderer() {}

  public static MimeBundle render(Encoding e) {
    List<Encoding.Token> tokens = e.tokens();
    int shown = Math.min(tokens.size(), MAX_TOKENS);
    StringBuilder h = new StringBuilder("<div class=\"falconet-tokens\">\n<p style=\"margin:0 0 4px 0\">")
        .append(tokens.size()).append(tokens.size() == 1 ? " token, " : " tokens, ")
        .append(e.text().length()).append(" characters");
    if (!tokens.isEmpty()) {
      h.append(String.format(Locale.ROOT, " (%.2f bytes per token)", e.bytesPerToken()));
    }
    h.append("</p>\n<div style=\"font-family:monospace;line-height:1.9;white-space:pre-wrap;word-break:break-all\">");
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < shown; i++) {
      Encoding.Token tok = tokens.get(i);
      String tag = i % 2 == 0 ? "mark" : "span";
      h.append('<').append(tag).append(" class=\"tok\" title=\"id ").append(tok.id()).append(": ")
          .append(Escape.html(tok.token() == null ? "" : tok.token())).append("\" style=\"background:")
          .append(COLORS[i % COLORS.length]).append(";color:inherit;border-radius:3px;padding:1px 0")
          .append(tok.special() ? ";outline:1px solid #555" : "").append("\">")
          .append(tok.special() ? "<b>" + visible(tok.text()) + "</b>" : visible(tok.text())).append("</").append(tag).append('>');
      if (i > 0) {
        t.append(' ');
      }
      t.append('[').append(tok.id()).append(":'").append(plain(tok.text())).append("']");
    }
    h.append("</div>\n");
    if (shown < tokens.size()) {
      int more = tokens.size() - shown;
      h.append("<p style=\"margin:4px 0 0 0\">&hellip; ").append(more).append(more == 1 ? " more token" : " more tokens").append("</p>\n");
      t.append(" \u2026 ").append(more).append(more == 1 ? " more token" : " more tokens");
    }
    h.append("</div>");
    return MimeBundle.html(h.toString(), t.toString());
  }

  /** The token's text as HTML with whitespace made visible. */
  static String visible(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case ' ' -> b.append(MARK).append("\u00b7</span>");
        case '\n' -> b.append(MARK).append("\u21b5</span><br>");
        case '\t' -> b.append(MARK).append("\u2192</span>");
        case '\r' -> b.append(MARK).append("\u240d</span>");
        default -> b.append(Escape.html(String.valueOf(c)));
      }
    }
    return b.toString();
  }

  /** The token's text for the plain form: newline, tab, CR and quote escaped Java-style. */
  private static String plain(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r").replace("'", "\\'");
  }
}
