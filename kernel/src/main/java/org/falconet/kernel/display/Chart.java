package org.falconet.kernel.display;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A chart for notebooks, drawn by XChart: line charts (loss curves), bar charts (funnels, counts; several
 * series side by side per category) and histograms (score distributions), with optional vertical or
 * horizontal reference lines (thresholds). It displays as SVG with a PNG of the same drawing beside it (what
 * an untrusted notebook, GitHub and nbviewer show). Display one with {@code display(chart)} or as a cell's value.
 *
 * <p>Axes whose values are all whole numbers (steps, layers, counts) get whole-number ticks; the legend sits
 * below the plot, never on the data; series and reference lines take colours from the Okabe-Ito palette
 * (told apart by colour-blind readers too), reference lines dashed.
 *
 * <pre>{@code
 * Chart.line("training loss").xLabel("step").yLabel("loss (nats)").series("train", steps, losses)
 * Chart.histogram("mean word length", lengths, 40).vline(3, "min").vline(10, "max")
 * Chart.bar("removed %", List.of("repetition", "quality")).bars("sample", ours).bars("paper", paper)
 * }</pre>
 */
public final class Chart {
  enum Kind { LINE, BAR, HISTOGRAM }

  /** One series: points (x, y) for lines and histograms (step outline), one y per category for bars (x null). */
  record Series(String name, double[] x, double[] y) {}

  /** A reference line at {@code at} on the x axis (vertical) or the y axis. */
  record Rule(boolean vertical, double at, String label) {}

  final Kind kind;
  final String title;
  String xLabel = "";
  String yLabel = "";
  final List<Series> series = new ArrayList<>();
  final List<Rule> rules = new ArrayList<>();
  final List<String> categories;
  private int bins;
  private int leftOut;

  private Chart(Kind kind, String title, List<String> categories) {
    this.kind = kind;
    this.title = title == null ? "" : title;
    this.categories = categories;
  }

  /** An empty line chart; add {@link #series}. */
  public static Chart line(String title) {
    return new Chart(Kind.LINE, title, null);
  }

  /** A bar chart of one value per category (one colour). */
  public static Chart bar(String title, List<String> categories, double[] values) {
    return bar(title, categories).bars("", values);
  }

  /** An empty bar chart over {@code categories}; add series with {@link #bars}, drawn side by side per category. */
  public static Chart bar(String title, List<String> categories) {
    if (new LinkedHashSet<>(categories).size() != categories.size()) {
      throw new IllegalArgumentException("bar chart: categories must be distinct, got " + categories);
    }
    return new Chart(Kind.BAR, title, List.copyOf(categories));
  }

  /** A histogram of {@code values} in {@code bins} equal-width bins over their range; NaN and infinities are left out. */
  public static Chart histogram(String title, double[] values, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("histogram: bins must be >= 1, got " + bins);
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int finite = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        finite++;
      }
    }
    if (finite == 0) {
      lo = 0;
      hi = 1;
    }
    double width = hi > lo ? (hi - lo) / bins : 1;
    double[] counts = new double[bins];
    for (double v : values) {
      if (Double.isFinite(v)) {
        counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
      }
    }
    // The bars' outline as one step line: from (lo, 0) up and across each bin, down at the last edge.
    double[] edge = new double[bins + 1];
    for (int b = 0; b <= bins; b++) {
      edge[b] = b == bins && hi > lo ? hi : lo + b * width;
    }
    double[] x = new double[2 * bins + 2];
    double[] y = new double[2 * bins + 2];
    x[0] = lo;
    for (int b = 0; b < bins; b++) {
      x[2 * b + 1] = edge[b];
      x[2 * b + 2] = edge[b + 1];
      y[2 * b + 1] = counts[b];
      y[2 * b + 2] = counts[b];
    }
    x[2 * bins + 1] = edge[bins];
    Chart c = new Chart(Kind.HISTOGRAM, title, null);
    c.series.add(new Series("", x, y));
    c.yLabel = "count";
    c.bins = bins;
    c.leftOut = values.length - finite;
    return c;
  }

  /** Adds a line series; {@code x} and {@code y} must have the same length. */
  public Chart series(String name, double[] x, double[] y) {
    if (kind != Kind.LINE) {
      throw new IllegalStateException("series(name, x, y) is for line charts; a bar chart takes bars(name, values)");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
    }
    series.add(new Series(unique(name), x.clone(), y.clone()));
    return this;
  }

  /** Adds a bar series, one value per category, drawn beside the earlier ones in its own colour. */
  public Chart bars(String name, double[] values) {
    if (kind != Kind.BAR) {
      throw new IllegalStateException("bars(name, values) is for bar charts; a line chart takes series(name, x, y)");
    }
    if (values.length != categories.size()) {
      throw new IllegalArgumentException("bar chart: " + categories.size() + " categories but " + values.length + " values");
    }
    series.add(new Series(unique(name), null, values.clone()));
    return this;
  }

  /** The x axis title; give the unit, e.g. {@code "sequence length (tokens)"}. */
  public Chart xLabel(String label) {
    xLabel = label == null ? "" : label;
    return this;
  }

  /** The y axis title; give the unit, e.g. {@code "memory (MiB)"}. */
  public Chart yLabel(String label) {
    yLabel = label == null ? "" : label;
    return this;
  }

  /** A dashed vertical line at {@code x} (a threshold), named in the legend by {@code label} (none if empty). */
  public Chart vline(double x, String label) {
    if (kind == Kind.BAR) {
      throw new IllegalStateException("a bar chart's x axis has categories, not values: no vline");
    }
    rules.add(new Rule(true, finite(x, "vline"), unique(label)));
    return this;
  }

  /** A dashed horizontal line at {@code y}, named in the legend by {@code label} (none if empty). */
  public Chart hline(double y, String label) {
    rules.add(new Rule(false, finite(y, "hline"), unique(label)));
    return this;
  }

  /** The chart as SVG markup (letters drawn as outlines; the title, series and lines also in its {@code <desc>}). */
  public Svg toSvg() {
    return new Svg(ChartDrawing.picture(this).svg(title, description()));
  }

  /** The same drawing as an 8-bit PNG. */
  public byte[] toPng() {
    return ChartDrawing.picture(this).png();
  }

  /** What Jupyter receives: plain text, the SVG, and the PNG of the same drawing. */
  public MimeBundle toBundle() {
    return ChartDrawing.picture(this).bundle("[chart] " + description(), title, description());
  }

  /**
   * A one-line account of the chart, for text front ends and screen readers: kind, title, axis titles, series
   * and reference lines (positions to 4 significant digits).
   */
  public String description() {
    StringBuilder b = new StringBuilder(kind.name().toLowerCase(Locale.ROOT)).append(": ").append(title);
    if (!xLabel.isEmpty()) {
      b.append("; x: ").append(xLabel);
    }
    if (!yLabel.isEmpty()) {
      b.append("; y: ").append(yLabel);
    }
    if (kind == Kind.HISTOGRAM) {
      b.append("; ").append(bins).append(bins == 1 ? " bin" : " bins");
      if (leftOut > 0) {
        b.append(", ").append(leftOut).append(" NaN or infinite values left out");
      }
    }
    if (kind == Kind.BAR) {
      b.append("; categories: ").append(String.join(", ", categories));
    }
    List<String> names = series.stream().map(Series::name).filter(n -> !n.isEmpty()).toList();
    if (!names.isEmpty()) {
      b.append("; series: ").append(String.join(", ", names));
    }
    List<String> lines = rules.stream().map(r -> (r.label.isEmpty() ? "line" : r.label)
        + String.format(Locale.ROOT, " at %s = %.4g", r.vertical ? "x" : "y", r.at)).toList();
    if (!lines.isEmpty()) {
      b.append("; lines: ").append(String.join(", ", lines));
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "[chart] " + description();
  }

  private String unique(String name) {
    String n = name == null ? "" : name;
    if (!n.isEmpty()) {
      Set<String> taken = new LinkedHashSet<>();
      series.forEach(s -> taken.add(s.name));
      rules.forEach(r -> taken.add(r.label));
      if (taken.contains(n)) {
        throw new IllegalArgumentException("chart " + title + ": a series or line is already named '" + n + "'");
      }
    }
    return n;
  }

  private static double finite(double v, String what) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " at " + v + ": the position must be a finite number");
    }
    return v;
  }
}
