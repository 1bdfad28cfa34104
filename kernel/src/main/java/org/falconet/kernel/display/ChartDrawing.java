package org.falconet.kernel.display;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Turns a {@link Chart} into an XChart chart with the house style, and that into a {@link Picture}. */
final class ChartDrawing {
  static final int WIDTH = 640;
  static final int HEIGHT = 400;
  /** Okabe and Ito's colour-blind-safe palette (blue, orange, green, vermillion, purple, sky blue, black, yellow). */
  static final Color[] COLORS = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
      new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
  /** Series with at most this many points also get a marker on each point. */
  static final int MARKED_POINTS = 20;
  /** Whole-number tick labels: XChart keeps only steps whose labels are distinct, so the steps are whole too. */
  static final String WHOLE = "#,##0";
  private static final BasicStroke LINE = new BasicStroke(1.75f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND);
  private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
      new float[] {6f, 4f}, 0f);

  private ChartDrawing() {}

  static Picture picture(Chart c) {
    if (c.kind == Chart.Kind.BAR) {
      CategoryChart x = bars(c, new CategoryChart(WIDTH, HEIGHT));
      return new Picture(WIDTH, HEIGHT, g -> x.paint(g, WIDTH, HEIGHT));
    }
    XYChart x = xy(c, new XYChart(WIDTH, HEIGHT));
    return new Picture(WIDTH, HEIGHT, g -> x.paint(g, WIDTH, HEIGHT));
  }

  /** Fills the empty {@code x} ({@value #WIDTH} x {@value #HEIGHT}) with a line chart's or histogram's series and style. */
  static <T extends XYChart> T xy(Chart c, T x) {
    titles(x, c);
    style(x.getStyler(), c);
    double[] xr = range(c, true);
    double[] yr = range(c, false);
    int k = 0;
    for (Chart.Series s : c.series) {
      // A trailing NaN point (a gap XChart skips) keeps XChart from putting ticks only at the data's own x values
      // when they are equally spaced (bin edges at 0.0125, 0.0375, ...): its 1-2-5 steps then place every tick.
      XYSeries xs = x.addSeries(key(s.name(), k), gap(s.x()), gap(s.y()));
      Color color = COLORS[k % COLORS.length];
      xs.setLineColor(color);
      xs.setLineStyle(LINE);
      xs.setShowInLegend(!s.name().isEmpty());
      if (c.kind == Chart.Kind.HISTOGRAM) {
        xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        xs.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 140));
        xs.setMarker(SeriesMarkers.NONE);
      } else {
        xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        xs.setMarker(s.x().length <= MARKED_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        xs.setMarkerColor(color);
      }
      k++;
    }
    for (Chart.Rule r : c.rules) {
      double[] px = r.vertical() ? new double[] {r.at(), r.at()} : xr;
      double[] py = r.vertical() ? yr : new double[] {r.at(), r.at()};
      XYSeries xs = x.addSeries(key(r.label(), k), gap(px), gap(py));
      xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      xs.setLineColor(COLORS[k % COLORS.length]);
      xs.setLineStyle(DASHED);
      xs.setMarker(SeriesMarkers.NONE);
      xs.setShowInLegend(!r.label().isEmpty());
      k++;
    }
    if (whole(c, true)) {
      x.getStyler().setXAxisDecimalPattern(WHOLE);
    } else {
      x.getStyler().setxAxisTickLabelsFormattingFunction(ChartDrawing::tick);
    }
    if (whole(c, false)) {
      x.getStyler().setYAxisDecimalPattern(WHOLE);
    } else {
      x.getStyler().setyAxisTickLabelsFormattingFunction(ChartDrawing::tick);
    }
    if (c.kind == Chart.Kind.HISTOGRAM) {
      x.getStyler().setYAxisMin(0.0);
    }
    return x;
  }

  /** Fills the empty {@code x} with a bar chart's series and style. */
  static <T extends CategoryChart> T bars(Chart c, T x) {
    titles(x, c);
    style(x.getStyler(), c);
    x.getStyler().setOverlapped(false);
    x.getStyler().setAvailableSpaceFill(c.series.size() > 1 ? 0.8 : 0.6);
    double[] at = new double[c.categories.size()];
    int k = 0;
    for (Chart.Series s : c.series) {
      CategorySeries cs = x.addSeries(key(s.name(), k), c.categories, Arrays.stream(s.y()).boxed().toList());
      cs.setFillColor(COLORS[k % COLORS.length]);
      cs.setLineColor(COLORS[k % COLORS.length]);
      cs.setShowInLegend(!s.name().isEmpty());
      k++;
    }
    if (c.series.isEmpty()) {
      x.addSeries(key("", 0), c.categories, Arrays.stream(at).boxed().toList()).setShowInLegend(false);
    }
    // Reference lines on bars (horizontal only): XChart styles annotations per chart, so all share one colour.
    x.getStyler().setAnnotationLineColor(COLORS[k % COLORS.length]);
    x.getStyler().setAnnotationLineStroke(DASHED);
    for (Chart.Rule r : c.rules) {
      x.addAnnotation(new AnnotationLine(r.at(), false, false));
    }
    if (whole(c, false)) {
      x.getStyler().setYAxisDecimalPattern(WHOLE);
    } else {
      x.getStyler().setyAxisTickLabelsFormattingFunction(ChartDrawing::tick);
    }
    // Category names side by side unless they would crowd each other: then tilted.
    double room = (WIDTH - 80.0) / Math.max(1, c.categories.size());
    double widest = c.categories.stream().mapToDouble(n -> width(n, x.getStyler().getAxisTickLabelsFont())).max().orElse(0);
    if (widest > 0.9 * room) {
      x.getStyler().setXAxisLabelRotation(30);
    }
    return x;
  }

  private static void titles(org.knowm.xchart.internal.chartpart.Chart<?, ?> x, Chart c) {
    x.setTitle(c.title);
    x.setXAxisTitle(c.xLabel);
    x.setYAxisTitle(c.yLabel);
  }

  private static void style(AxesChartStyler s, Chart c) {
    s.setLocale(Locale.ROOT);
    s.setAntiAlias(true);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setChartFontColor(Color.BLACK);
    s.setChartTitleBoxVisible(false);
    s.setChartTitleFont(ChartFont.of(14f));
    s.setAxisTitleFont(ChartFont.of(12f));
    s.setAxisTickLabelsFont(ChartFont.of(11f));
    s.setAxisTickLabelsColor(new Color(0x333333));
    s.setLegendFont(ChartFont.of(11f));
    s.setAnnotationTextFont(ChartFont.of(11f));
    s.setBaseFont(ChartFont.of(11f));
    s.setPlotBorderVisible(true);
    s.setPlotBorderColor(new Color(0xB0B0B0));
    s.setPlotGridLinesVisible(true);
    s.setPlotGridLinesColor(new Color(0xE4E4E4));
    s.setPlotGridLinesStroke(new BasicStroke(1f));           // solid: SVG has no dashes from XChart's grid to spell out
    s.setAxisTicksMarksVisible(true);
    s.setXAxisTitleVisible(!c.xLabel.isEmpty());
    s.setYAxisTitleVisible(!c.yLabel.isEmpty());
    s.setChartPadding(10);
    s.setPlotContentSize(0.96);
    s.setMarkerSize(6);
    // The legend below the plot, never over the data; one row when the names fit across, else one per line.
    List<String> named = c.series.stream().map(Chart.Series::name).filter(n -> !n.isEmpty()).toList();
    List<String> lines = c.rules.stream().map(Chart.Rule::label).filter(n -> !n.isEmpty()).toList();
    boolean legend = !named.isEmpty() || (!lines.isEmpty() && c.kind != Chart.Kind.BAR);
    s.setLegendVisible(legend);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendBorderColor(new Color(0xCCCCCC));
    s.setLegendBackgroundColor(Color.WHITE);
    s.setLegendPadding(6);
    double across = 0;
    for (String n : c.kind == Chart.Kind.BAR ? named : concat(named, lines)) {
      across += width(n, s.getLegendFont()) + s.getLegendSeriesLineLength() + 3 * s.getLegendPadding();
    }
    s.setLegendLayout(across < WIDTH - 40 ? Styler.LegendLayout.Horizontal : Styler.LegendLayout.Vertical);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /**
   * A tick label on an axis of fractions: the tick's value in plain decimals with a leading zero (0.0006, not
   * XChart's .0006 or 6E-4) and thousands grouped (150,000, not 1.5E5); scientific only beyond 1e-6 .. 1e12.
   */
  static String tick(Double v) {
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).round(new MathContext(12)).stripTrailingZeros();
    if (Math.abs(v) < 1e-6 || Math.abs(v) >= 1e12) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    if (d.scale() <= 0) {
      return String.format(Locale.ROOT, "%,d", d.longValueExact());
    }
    BigDecimal whole = d.setScale(0, RoundingMode.DOWN);
    String fraction = d.subtract(whole).abs().toPlainString().substring(1);    // ".25"
    return (d.signum() < 0 && whole.signum() == 0 ? "-" : "") + String.format(Locale.ROOT, "%,d", whole.longValueExact()) + fraction;
  }

  /** The width of {@code text} drawn in {@code font}, in pixels. */
  static double width(String text, Font font) {
    return font.getStringBounds(text, new FontRenderContext(null, true, true)).getWidth();
  }

  /** Whether every value on the axis (data and reference lines) is a whole number: then so are its ticks. */
  static boolean whole(Chart c, boolean xAxis) {
    boolean any = false;
    if (!(xAxis && c.kind == Chart.Kind.BAR)) {
      for (Chart.Series s : c.series) {
        for (double v : xAxis ? s.x() : s.y()) {
          if (Double.isFinite(v)) {
            if (v != Math.rint(v)) {
              return false;
            }
            any = true;
          }
        }
      }
    }
    for (Chart.Rule r : c.rules) {
      if (r.vertical() == xAxis) {
        if (r.at() != Math.rint(r.at())) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /** The data's extent on one axis (reference lines included), for drawing reference lines across it. */
  static double[] range(Chart c, boolean xAxis) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Chart.Series s : c.series) {
      double[] v = xAxis ? s.x() : s.y();
      double[] other = xAxis ? s.y() : s.x();
      for (int i = 0; i < v.length; i++) {
        if (Double.isFinite(v[i]) && Double.isFinite(other[i])) {
          lo = Math.min(lo, v[i]);
          hi = Math.max(hi, v[i]);
        }
      }
    }
    for (Chart.Rule r : c.rules) {
      if (r.vertical() == xAxis) {
        lo = Math.min(lo, r.at());
        hi = Math.max(hi, r.at());
      }
    }
    if (!(lo <= hi)) {
      return new double[] {0, 1};
    }
    return lo == hi ? new double[] {lo - 0.5, hi + 0.5} : new double[] {lo, hi};
  }

  private static double[] gap(double[] v) {
    double[] out = Arrays.copyOf(v, v.length + 1);
    out[v.length] = Double.NaN;
    return out;
  }

  /** XChart keys series by name: unnamed ones get a key of their own (not shown, they stay out of the legend). */
  private static String key(String name, int k) {
    return name.isEmpty() ? "\u0000series " + k : name;
  }
}
