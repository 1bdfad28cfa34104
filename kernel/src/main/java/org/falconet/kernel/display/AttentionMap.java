package org.falconet.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.falconet.tokenizer.Encoding;

/**
 * Attention weights to display as a heat map: one [T, T] panel per head, row i the query token, column j the
 * key token, darker for more weight, token labels on both axes, a colour scale, and the causal upper triangle
 * (keys after the query, weight 0) left blank. Display one with {@code display(map)} or as a cell's value.
 *
 * <pre>{@code
 * Encoding e = Encoding.of(tokenizer, "The Debian project");
 * float[][][] p = model.attentionProbabilities(e.ids(), 0);   // [H][T][T]
 * AttentionMap.of(e, p).titled("layer 0")
 * }</pre>
 *
 * @param title   shown above the panels (may be empty)
 * @param labels  the T token labels
 * @param weights [H][T][T], at least one head
 */
public record AttentionMap(String title, List<String> labels, float[][][] weights) {
  /** Heads and tokens drawn at most; the rest is mentioned under the picture. */
  public static final int MAX_HEADS = 16, MAX_TOKENS = 64;
  private static final int PANEL = 300;          // target width of one panel's cells, px
  private static final int GAP = 24;
  private static final int LABEL_CHARS = 10;

  public AttentionMap {
    labels = List.copyOf(labels);
    if (weights.length == 0) {
      throw new IllegalArgumentException("attention map: no heads");
    }
    int t = labels.size();
    for (int h = 0; h < weights.length; h++) {
      if (weights[h].length != t) {
        throw new IllegalArgumentException("attention map: head " + h + " has " + weights[h].length + " rows for " + t + " labels");
      }
      for (float[] row : weights[h]) {
        if (row.length != t) {
          throw new IllegalArgumentException("attention map: head " + h + " has a row of " + row.length + " for " + t + " labels");
        }
      }
    }
    title = title == null ? "" : title;
  }

  /** One head's [T, T] weights. */
  public static AttentionMap of(List<String> labels, float[][] weights) {
    return new AttentionMap("", labels, new float[][][] {weights});
  }

  /** Several heads' [H][T][T] weights. */
  public static AttentionMap of(List<String> labels, float[][][] weights) {
    return new AttentionMap("", labels, weights);
  }

  /** Weights [H][T][T] labelled with the encoding's token texts. */
  public static AttentionMap of(Encoding encoding, float[][][] weights) {
    return of(encoding.tokens().stream().map(Encoding.Token::text).toList(), weights);
  }

  /** A copy with a title. */
  public AttentionMap titled(String newTitle) {
    return new AttentionMap(newTitle, labels, weights);
  }

  /** The largest weight in the map (the dark end of the colour scale). */
  public float max() {
    float m = 0;
    for (float[][] head : weights) {
      for (float[] row : head) {
        for (float w : row) {
          m = Math.max(m, w);
        }
      }
    }
    return m;
  }

  /** A label as drawn: whitespace made visible, cut to {@value #LABEL_CHARS} characters. */
  static String shown(String label) {
    String s = label.replace(' ', '\u00b7').replace("\n", "\u21b5").replace("\t", "\u2192");
    return s.length() > LABEL_CHARS ? s.substring(0, LABEL_CHARS - 1) + "\u2026" : s;
  }

  /** Where everything goes: sizes in pixels. */
  private record Layout(int heads, int t, int cell, int labelW, int panelW, int panelH, int perRow, int top, int width,
      int height, int legendY) {}

  private Layout layout() {
    int heads = Math.min(weights.length, MAX_HEADS);
    int t = Math.min(labels.size(), MAX_TOKENS);
    int cell = Math.max(4, Math.min(28, PANEL / Math.max(1, t)));
    int labelW = 7 * Math.min(LABEL_CHARS, labels.stream().limit(t).mapToInt(l -> shown(l).length()).max().orElse(1)) + 8;
    int panelW = labelW + t * cell;
    int panelH = labelW + t * cell + 18;         // column labels, cells, panel title
    int perRow = Math.max(1, Math.min(heads, 960 / (panelW + GAP)));
    int rows = (heads + perRow - 1) / perRow;
    int top = title.isEmpty() ? 8 : 28;
    int width = Math.max(260, perRow * (panelW + GAP));
    int legendY = top + rows * (panelH + GAP);
    return new Layout(heads, t, cell, labelW, panelW, panelH, perRow, top, width, legendY + 44, legendY);
  }

  /** The heat map as SVG. */
  public Svg toSvg() {
    Layout l = layout();
    Canvas.Markup svg = new Canvas.Markup(l.width, l.height, "falconet-attention");
    draw(svg, l);
    return new Svg(svg.svg());
  }

  /** The same drawing as an 8-bit PNG (what an untrusted notebook, GitHub and nbviewer show). */
  public byte[] toPng() {
    return picture().png();
  }

  /** What Jupyter receives: the text summary, the SVG and the PNG of the same drawing. */
  public MimeBundle toBundle() {
    return picture().bundleWithSvg(toText(), toSvg().svg());
  }

  private Picture picture() {
    Layout l = layout();
    return new Picture(l.width, l.height, g -> draw(new Canvas.Pixels(g), l));
  }

  private void draw(Canvas c, Layout l) {
    float max = max() > 0 ? max() : 1;
    c.rect(0, 0, l.width, l.height, "white", null, null, null);
    if (!title.isEmpty()) {
      c.text(4, 18, title, new Canvas.Type(14, "start", false, true));
    }
    for (int h = 0; h < l.heads; h++) {
      int x0 = (h % l.perRow) * (l.panelW + GAP) + 4;
      int y0 = l.top + (h / l.perRow) * (l.panelH + GAP);
      panel(c, h, x0, y0, l, max);
    }
    legend(c, 4, l.legendY, max);
    List<String> notes = new ArrayList<>();
    if (l.heads < weights.length) {
      notes.add((weights.length - l.heads) + " more heads not drawn");
    }
    if (l.t < labels.size()) {
      notes.add("first " + l.t + " of " + labels.size() + " tokens");
    }
    if (!notes.isEmpty()) {
      c.text(230, l.legendY + 24, String.join("; ", notes), UPRIGHT);
    }
  }

  private static final Canvas.Type UPRIGHT = new Canvas.Type(11, "start", false, true);

  private void panel(Canvas c, int h, int x0, int y0, Layout l, float max) {
    int t = l.t;
    int cell = l.cell;
    int gx = x0 + l.labelW;                      // grid origin
    int gy = y0 + 14 + l.labelW;
    c.group("head");
    c.text(gx, y0 + 11, "head " + h, new Canvas.Type(11, "start", true, true));
    int font = Math.max(6, Math.min(11, cell - 2));
    for (int i = 0; i < t; i++) {
      String label = shown(labels.get(i));
      double at = i * cell + cell / 2.0 + font / 3.0;
      c.text(gx - 3, gy + at, label, new Canvas.Type(font, "end", false, true));
      c.text(gx + at, gy - 3, label, new Canvas.Type(font, "start", false, false));
    }
    c.rect(gx, gy, t * cell, t * cell, "none", "#ccc", null, null);
    float[][] w = weights[h];
    for (int i = 0; i < t; i++) {
      for (int j = 0; j < t; j++) {
        if (j > i && w[i][j] == 0) {
          continue;                              // causal: a key after the query gets no weight
        }
        c.rect(gx + j * cell, gy + i * cell, cell, cell, color(w[i][j] / max), null, "cell",
            String.format(Locale.ROOT, "%s \u2192 %s: %.3f", shown(labels.get(i)), shown(labels.get(j)), w[i][j]));
      }
    }
    c.end();
  }

  private static void legend(Canvas c, int x, int y, float max) {
    c.group("legend");
    int steps = 10;
    for (int k = 0; k < steps; k++) {
      c.rect(x + 40 + 16 * k, y, 16, 12, color((k + 0.5) / steps), null, null, null);
    }
    Canvas.Type middle = new Canvas.Type(11, "middle", false, true);
    c.text(x, y + 10, "weight", UPRIGHT);
    c.text(x + 40, y + 26, "0", middle);
    c.text(x + 40 + 16 * steps, y + 26, String.format(Locale.ROOT, "%.2f", max), middle);
    c.end();
  }

  /** White (0) to dark blue (1). */
  static String color(double v) {
    double f = Math.max(0, Math.min(1, v));
    int r = (int) Math.round(255 + (8 - 255) * f);
    int g = (int) Math.round(255 + (48 - 255) * f);
    int b = (int) Math.round(255 + (107 - 255) * f);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  /** A plain-text summary, with the matrices rounded to two decimals when they are small. */
  public String toText() {
    int t = labels.size();
    StringBuilder b = new StringBuilder("attention map");
    if (!title.isEmpty()) {
      b.append(" (").append(title).append(')');
    }
    b.append(": ").append(weights.length).append(weights.length == 1 ? " head x " : " heads x ").append(t).append(" tokens");
    if (t <= 12 && weights.length <= 4) {
      for (int h = 0; h < weights.length; h++) {
        b.append("\nhead ").append(h);
        for (int i = 0; i < t; i++) {
          b.append(String.format(Locale.ROOT, "\n%-" + LABEL_CHARS + "s", shown(labels.get(i))));
          for (int j = 0; j <= i; j++) {
            b.append(String.format(Locale.ROOT, " %.2f", weights[h][i][j]));
          }
        }
      }
    }
    return b.toString();
  }
}
