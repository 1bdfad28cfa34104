package org.falconet.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG chart for notebooks: line charts (loss curves), bar charts (funnels, counts) and
 * histograms (score distributions), with optional vertical or horizontal reference lines
 * (thresholds). Display one with {@code display(chart)} or as a cell's value.
 *
 * <pre>{@code
 * Chart.line("training loss").xLabel("step").yLabel("loss").series("train", steps, losses)
 * Chart.histogram("mean word length", lengths, 40).vline(3, "min").vline(10, "max")
 * }</pre>
 */
public final class Chart {
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
  private static final int W = 640;
  private static final int H = 360;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 34;
  private static final int BOTTOM = 46;

  private enum Kind { LINE, BAR }

  private record Series(String name, double[] x, double[] y) {}

  private record Rule(boolean vertical, double at, String label) {}

  private final Kind kind;
  private final String title;
  private String xLabel = "";
  private String yLabel = "";
  private final List<Series> series = new ArrayList<>();
  private final List<Rule> rules = new ArrayList<>();
  private String[] categories;

  private Chart(Kind kind, String title) {
    this.kind = kind;
    this.title = title;
  }

  /** An empty line chart; add {@link #series}. */
  public static Chart line(String title) {
    return new Chart(Kind.LINE, title);
  }

  /** A bar chart of one value per category. */
  public static Chart bar(String title, List<String> categories, double[] values) {
    if (categories.size() != values.length) {
      throw new IllegalArgumentException("bar chart: " + categories.size() + " categories but " + values.length + " values");
    }
    Chart c = new Chart(Kind.BAR, title);
    c.categories = categories.toArray(String[]::new);
    double[] x = new double[values.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    c.series.add(new Series("", x, values.clone()));
    return c;
  }

  /** A histogram of {@code values} in {@code bins} equal-width bins, drawn as bars over the value axis. */
  public static Chart histogram(String title, double[] values, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("histogram: bins must be >= 1, got " + bins);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (values.length == 0) {
      lo = 0;
      hi = 1;
    }
    double width = hi > lo ? (hi - lo) / bins : 1;
    double[] x = new double[bins];
    double[] y = new double[bins];
    for (int b = 0; b < bins; b++) {
      x[b] = lo + (b + 0.5) * width;
    }
    for (double v : values) {
      y[Math.min(bins - 1, (int) ((v - lo) / width))]++;
    }
    Chart c = new Chart(Kind.BAR, title);
    c.series.add(new Series("", x, y));
    c.yLabel = "count";
    return c;
  }

  /** Adds a line series; {@code x} and {@code y} must have the same length. */
  public Chart series(String name, double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
    }
    series.add(new Series(name, x.clone(), y.clone()));
    return this;
  }

  public Chart xLabel(String label) {
    xLabel = label;
    return this;
  }

  public Chart yLabel(String label) {
    yLabel = label;
    return this;
  }

  /** A dashed vertical line at {@code x} (a threshold), labelled. */
  public Chart vline(double x, String label) {
    rules.add(new Rule(true, x, label));
    return this;
  }

  /** A dashed horizontal line at {@code y}, labelled. */
  public Chart hline(double y, String label) {
    rules.add(new Rule(false, y, label));
    return this;
  }

  /** The chart as SVG markup. */
  public Svg toSvg() {
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = kind == Kind.BAR ? 0 : Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
          x0 = Math.min(x0, s.x[i]);
          x1 = Math.max(x1, s.x[i]);
          y0 = Math.min(y0, s.y[i]);
          y1 = Math.max(y1, s.y[i]);
        }
      }
    }
    for (Rule r : rules) {
      if (r.vertical) {
        x0 = Math.min(x0, r.at);
        x1 = Math.max(x1, r.at);
      } else {
        y0 = Math.min(y0, r.at);
        y1 = Math.max(y1, r.at);
      }
    }
    if (!Double.isFinite(x0)) {
      x0 = 0;
      x1 = 1;
    }
    if (!Double.isFinite(y0) || !Double.isFinite(y1)) {
      y0 = 0;
      y1 = 1;
    }
    double barHalf = 0;
    if (kind == Kind.BAR && !series.isEmpty() && series.get(0).x.length > 0) {
      int n = series.get(0).x.length;
      barHalf = n > 1 ? (x1 - x0) / (n - 1) / 2 : 0.5;
      x0 -= barHalf;
      x1 += barHalf;
    }
    if (x1 == x0) {
      x1 = x0 + 1;
    }
    if (y1 == y0) {
      y1 = y0 + 1;
    }
    Scale sx = new Scale(x0, x1, LEFT, W - RIGHT);
    Scale sy = new Scale(y0, y1, H - BOTTOM, TOP);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">", W, H, W, H));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    text(s, W / 2.0, 18, "middle", title, "font-size=\"14\"");
    text(s, (LEFT + W - RIGHT) / 2.0, H - 8, "middle", xLabel, "");
    s.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>",
        (TOP + H - BOTTOM) / 2.0, Escape.html(yLabel)));
    axes(s, sx, sy);
    for (int k = 0; k < series.size(); k++) {
      Series ser = series.get(k);
      String color = COLORS[k % COLORS.length];
      if (kind == Kind.BAR) {
        for (int i = 0; i < ser.x.length; i++) {
          double left = sx.at(ser.x[i] - barHalf * 0.9);
          double right = sx.at(ser.x[i] + barHalf * 0.9);
          double top = sy.at(Math.max(0, ser.y[i]));
          double bottom = sy.at(Math.min(0, ser.y[i]));
          s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
              left, top, Math.max(0.5, right - left), Math.max(0, bottom - top), color));
        }
      } else {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < ser.x.length; i++) {
          if (Double.isFinite(ser.x[i]) && Double.isFinite(ser.y[i])) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.at(ser.x[i]), sy.at(ser.y[i])));
          }
        }
        s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" points=\"")
            .append(pts.toString().strip()).append("\"/>");
        if (!ser.name.isEmpty()) {
          double ly = TOP + 6 + 14 * k;
          s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>",
              W - RIGHT - 110, W - RIGHT - 95, ly, ly, color));
          text(s, W - RIGHT - 90, ly + 4, "start", ser.name, "");
        }
      }
    }
    for (Rule r : rules) {
      if (r.vertical) {
        double x = sx.at(r.at);
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>",
            x, x, TOP, H - BOTTOM));
        text(s, x + 3, TOP + 10, "start", r.label, "fill=\"#d62728\"");
      } else {
        double y = sy.at(r.at);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>",
            LEFT, W - RIGHT, y, y));
        text(s, LEFT + 4, y - 3, "start", r.label, "fill=\"#d62728\"");
      }
    }
    return new Svg(s.append("</svg>").toString());
  }

  private void axes(StringBuilder s, Scale sx, Scale sy) {
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>",
        LEFT, W - RIGHT, H - BOTTOM, H - BOTTOM));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>",
        LEFT, LEFT, TOP, H - BOTTOM));
    for (int i = 0; i <= 4; i++) {
      double v = sy.lo + (sy.hi - sy.lo) * i / 4;
      text(s, LEFT - 4, sy.at(v) + 4, "end", tick(v), "");
    }
    if (categories != null) {
      for (int i = 0; i < categories.length; i++) {
        text(s, sx.at(i), H - BOTTOM + 14, "middle", categories[i], "");
      }
    } else {
      for (int i = 0; i <= 4; i++) {
        double v = sx.lo + (sx.hi - sx.lo) * i / 4;
        text(s, sx.at(v), H - BOTTOM + 14, "middle", tick(v), "");
      }
    }
  }

  private static String tick(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 1 ? "%.2f" : "%.3g", v);
  }

  private static void text(StringBuilder s, double x, double y, String anchor, String text, String extra) {
    if (text == null || text.isEmpty()) {
      return;
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>",
        x, y, anchor, extra, Escape.html(text)));
  }

  private record Scale(double lo, double hi, double from, double to) {
    double at(double v) {
      return from + (v - lo) / (hi - lo) * (to - from);
    }
  }
}
