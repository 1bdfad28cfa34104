package org.falconet.kernel.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.Legend_;
import org.xml.sax.InputSource;

class ChartTest {
  /** An XChart chart that shows, once painted, where its parts went and which ticks it chose. */
  static final class ProbeXY extends XYChart {
    ProbeXY() {
      super(ChartDrawing.WIDTH, ChartDrawing.HEIGHT);
    }

    Rectangle2D plotBounds() {
      return plot.getBounds();
    }

    Rectangle2D legendBounds() {
      return placed(legend);
    }

    List<String> ticks(boolean xAxis) {
      return visibleTicks(xAxis ? axisPair.getXAxis() : yAxis(axisPair), xAxis);
    }
  }

  static final class ProbeBars extends CategoryChart {
    ProbeBars() {
      super(ChartDrawing.WIDTH, ChartDrawing.HEIGHT);
    }

    Rectangle2D plotBounds() {
      return plot.getBounds();
    }

    Rectangle2D legendBounds() {
      return placed(legend);
    }

    List<String> yTicks() {
      return visibleTicks(yAxis(axisPair), false);
    }
  }

  /** Where XChart drew the legend: its size from its bounds, its place from the offsets it keeps to itself. */
  static Rectangle2D placed(Legend_<?, ?> legend) {
    try {
      Field x = Legend_.class.getDeclaredField("xOffset");
      Field y = Legend_.class.getDeclaredField("yOffset");
      x.setAccessible(true);
      y.setAccessible(true);
      Rectangle2D size = legend.getBounds();
      return new Rectangle2D.Double(x.getDouble(legend), y.getDouble(legend), size.getWidth(), size.getHeight());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** XChart keeps the y axis getter package-private (it has y axis groups): reach it by reflection. */
  static Axis<?, ?> yAxis(AxisPair<?, ?> pair) {
    try {
      Method get = AxisPair.class.getDeclaredMethod("getYAxis");
      get.setAccessible(true);
      return (Axis<?, ?>) get.invoke(pair);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The tick labels XChart drew: those whose location falls on the axis. */
  static List<String> visibleTicks(Axis<?, ?> axis, boolean xAxis) {
    double length = xAxis ? axis.getBounds().getWidth() : axis.getBounds().getHeight();
    List<String> out = new ArrayList<>();
    List<Double> at = axis.getAxisTickCalculator().getTickLocations();
    List<String> labels = axis.getAxisTickCalculator().getTickLabels();
    for (int i = 0; i < at.size(); i++) {
      if (at.get(i) >= 0 && at.get(i) <= length) {
        out.add(labels.get(i));
      }
    }
    return out;
  }

  private static <T extends XYChart> T painted(T chart) {
    BufferedImage image = new BufferedImage(ChartDrawing.WIDTH, ChartDrawing.HEIGHT, BufferedImage.TYPE_INT_RGB);
    chart.paint(image.createGraphics(), ChartDrawing.WIDTH, ChartDrawing.HEIGHT);
    return chart;
  }

  private static Chart layers() {
    return Chart.line("rms per layer").xLabel("layer").yLabel("rms")
        .series("residual stream h (input)", new double[] {0, 1, 2, 3}, new double[] {0.81, 1.13, 1.42, 1.9})
        .series("attn(ln h)", new double[] {0, 1, 2, 3}, new double[] {0.3, 0.41, 0.35, 0.52})
        .series("mlp(ln h)", new double[] {0, 1, 2, 3}, new double[] {0.2, 0.5, 0.61, 0.7});
  }

  @Test
  void aLayerAxisIsTickedAtTheLayers() {
    // Four layers 0..3: the old chart's ticks were 0, 0.750, 1.50, 2.25, 3; the only whole-number ticks are the layers.
    ProbeXY x = painted(ChartDrawing.xy(layers(), new ProbeXY()));
    assertEquals(List.of("0", "1", "2", "3"), x.ticks(true));
    assertTrue(ChartDrawing.whole(layers(), true));
    assertFalse(ChartDrawing.whole(layers(), false), "rms values are not whole numbers");
  }

  @Test
  void countsOfAHistogramAreTickedInWholeNumbers() {
    // Five values in 2 bins: counts 3 and 2, so the count axis runs 0..3 and its whole ticks are 0, 1, 2, 3.
    Chart h = Chart.histogram("h", new double[] {0, 0.1, 0.2, 9.9, 10}, 2);
    ProbeXY x = painted(ChartDrawing.xy(h, new ProbeXY()));
    assertEquals(List.of("0", "1", "2", "3"), x.ticks(false));
  }

  @Test
  void aLongStepAxisGetsWholeEquallySpacedOneTwoFiveTicks() {
    double[] steps = new double[150];
    double[] loss = new double[150];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = i + 1;
      loss[i] = 8 * Math.exp(-i / 40.0) + 2;
    }
    ProbeXY x = painted(ChartDrawing.xy(Chart.line("loss").series("train", steps, loss), new ProbeXY()));
    List<Long> ticks = x.ticks(true).stream().map(t -> Long.parseLong(t.replace(",", ""))).toList();
    assertTrue(ticks.size() >= 3, ticks.toString());
    long step = ticks.get(1) - ticks.get(0);
    assertTrue(List.of(1L, 2L, 5L, 10L, 20L, 50L, 100L).contains(step), "a 1-2-5 step: " + ticks);
    for (int i = 1; i < ticks.size(); i++) {
      assertEquals(step, ticks.get(i) - ticks.get(i - 1), ticks.toString());
      assertEquals(0, ticks.get(i) % step, "ticks at multiples of the step: " + ticks);
    }
    assertTrue(ticks.get(0) <= 1 + step && ticks.get(ticks.size() - 1) >= 150 - step, "ticks span the steps: " + ticks);
  }

  @Test
  void aFractionalAxisKeepsItsDecimals() {
    double[] s = {0, 0.25, 0.5, 0.75, 1};
    ProbeXY x = painted(ChartDrawing.xy(Chart.line("p").series("p", s, s), new ProbeXY()));
    assertTrue(x.ticks(true).stream().anyMatch(t -> t.contains(".")), x.ticks(true).toString());
  }

  @Test
  void fractionalTicksReadAsPlainDecimals() {
    assertEquals("0.0006", ChartDrawing.tick(6e-4));
    assertEquals("0.3", ChartDrawing.tick(0.1 + 0.2 - 5.551115123125783e-17));
    assertEquals("150,000", ChartDrawing.tick(1.5e5));
    assertEquals("1,234.5", ChartDrawing.tick(1234.5));
    assertEquals("-0.25", ChartDrawing.tick(-0.25));
    assertEquals("-12.5", ChartDrawing.tick(-12.5));
    assertEquals("0", ChartDrawing.tick(0.0));
    assertEquals("1.00e-07", ChartDrawing.tick(1e-7));
    // Falcon-7B's schedule (nb13): a learning rate axis up to 6e-4 over 317,891 steps.
    double[] steps = new double[200];
    double[] lr = new double[200];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = i * (317891 / 200.0);
      lr[i] = 6e-4 * Math.cos(i / 200.0);
    }
    ProbeXY x = painted(ChartDrawing.xy(Chart.line("lr").series("lr", steps, lr), new ProbeXY()));
    assertTrue(x.ticks(true).contains("100,000"), x.ticks(true).toString());
    assertTrue(x.ticks(false).contains("0.0005"), x.ticks(false).toString());
  }

  @Test
  void theLegendSitsBesideThePlotNeverOnIt() {
    double[] s = new double[201];
    double[] p = new double[201];
    for (int i = 0; i < s.length; i++) {
      s[i] = i / 200.0;
      p[i] = 1 - Math.pow(1 - Math.pow(s[i], 20), 450);
    }
    Chart scurve = Chart.line("P(paired)").series("RefinedWeb, 450 bands x 20 rows", s, p)
        .series("literal reading, 20 bands x 450 rows", s, p.clone()).series("FineWeb, 14 bands x 8 rows", s, s)
        .vline(0.737, "LSH step 0.737");
    for (Chart c : List.of(scurve, layers())) {
      ProbeXY x = painted(ChartDrawing.xy(c, new ProbeXY()));
      Rectangle2D legend = x.legendBounds();
      Rectangle2D plot = x.plotBounds();
      assertFalse(legend.intersects(plot), "legend " + legend + " overlaps the plot " + plot);
      assertTrue(new Rectangle2D.Double(0, 0, ChartDrawing.WIDTH, ChartDrawing.HEIGHT).contains(legend), "legend inside the picture: " + legend);
      assertTrue(legend.getMinY() > plot.getMaxY(), "legend below the plot: " + legend + ", plot " + plot);
    }
    ProbeBars b = new ProbeBars();
    ChartDrawing.bars(Chart.bar("removed", List.of("rep.", "quality", "lines")).bars("sample", new double[] {12, 20, 5})
        .bars("paper", new double[] {24, 16, 23}), b);
    b.paint(new BufferedImage(ChartDrawing.WIDTH, ChartDrawing.HEIGHT, BufferedImage.TYPE_INT_RGB).createGraphics(),
        ChartDrawing.WIDTH, ChartDrawing.HEIGHT);
    assertFalse(b.legendBounds().intersects(b.plotBounds()));
    assertEquals(List.of("0", "5", "10", "15", "20"), b.yTicks(), "whole percentages within 0..24, step 5");
  }

  @Test
  void pairedBarsHaveTwoColours() throws Exception {
    Chart c = Chart.bar("removed", List.of("rep.", "quality", "lines")).bars("sample", new double[] {12, 20, 5})
        .bars("paper", new double[] {24, 16, 23});
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(c.toPng()));
    int first = 0;
    int second = 0;
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        int rgb = png.getRGB(x, y) & 0xffffff;
        first += rgb == ChartDrawing.COLORS[0].getRGB() - 0xff000000 ? 1 : 0;
        second += rgb == ChartDrawing.COLORS[1].getRGB() - 0xff000000 ? 1 : 0;
      }
    }
    // Bars of ~20 % of a ~300-pixel plot, ~50 pixels wide: thousands of pixels of each colour.
    assertTrue(first > 2000 && second > 2000, first + " blue and " + second + " orange pixels");
  }

  @Test
  void theBundleCarriesSvgAndPngOfOneSize() throws Exception {
    MimeBundle b = Renderers.withDefaults().render(layers().vline(2, "middle"));
    String svg = (String) b.get("image/svg+xml");
    assertTrue(svg.startsWith("<svg"), svg.substring(0, 40));
    assertTrue(svg.contains("viewBox=\"0 0 640 400\""));
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    assertTrue(svg.contains("<title>rms per layer</title>"));
    assertTrue(svg.contains("<desc>line: rms per layer; x: layer; y: rms; series: residual stream h (input), attn(ln h), "
        + "mlp(ln h); lines: middle at x = 2.000</desc>"), svg.substring(0, 600));
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) b.get("image/png"))));
    assertEquals(640, png.getWidth());
    assertEquals(400, png.getHeight());
    assertTrue(png.getColorModel() instanceof IndexColorModel, "an 8-bit palette PNG");
    assertEquals(Map.of("width", 640, "height", 400), b.metadata().get("image/png"));
    assertTrue(((String) b.get("text/plain")).startsWith("[chart] line: rms per layer"));
  }

  @Test
  void theSameChartIsTheSameBytes() {
    Chart a = layers().hline(1, "one");
    Chart b = layers().hline(1, "one");
    String svg = a.toSvg().svg();
    assertEquals(svg, b.toSvg().svg());
    assertEquals(svg, a.toSvg().svg());
    assertArrayEquals(a.toPng(), b.toPng());
    // No hash-code ids (VectorGraphics2D's own), no dates, no long decimals whose last digits wander.
    Matcher ids = Pattern.compile("id=\"([^\"]*)\"").matcher(svg);
    int n = 0;
    while (ids.find()) {
      assertEquals("clip" + ++n, ids.group(1));
    }
    assertTrue(n >= 1);
    assertFalse(Pattern.compile("\\d\\.\\d{2,}").matcher(svg.substring(svg.indexOf("</desc>"))).find(), "coordinates to a tenth of a pixel");
    assertFalse(svg.contains("20" + "26-"), "no date");
  }

  @Test
  void aHistogramCountsEveryFiniteValueOnce() {
    Chart h = Chart.histogram("h", new double[] {0, 0.1, 0.2, 5, 9.9, 10, Double.NaN}, 2);
    double[] y = h.series.get(0).y();
    assertEquals(3, y[1]);
    assertEquals(3, y[3]);
    assertArrayEquals(new double[] {0, 0, 5, 5, 10, 10}, h.series.get(0).x());
    assertEquals("histogram: h; y: count; 2 bins, 1 NaN or infinite values left out", h.description());
  }

  @Test
  void badCallsSayWhatIsWrong() {
    Chart bars = Chart.bar("b", List.of("a", "b"));
    assertEquals("bar chart: 2 categories but 3 values",
        assertThrows(IllegalArgumentException.class, () -> bars.bars("x", new double[3])).getMessage());
    assertThrows(IllegalStateException.class, () -> bars.series("x", new double[1], new double[1]));
    assertThrows(IllegalStateException.class, () -> bars.vline(1, "x"));
    assertThrows(IllegalArgumentException.class, () -> Chart.bar("b", List.of("a", "a")));
    Chart line = Chart.line("l").series("a", new double[1], new double[1]);
    assertEquals("chart l: a series or line is already named 'a'",
        assertThrows(IllegalArgumentException.class, () -> line.hline(0, "a")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> line.vline(Double.NaN, "nan"));
    assertThrows(IllegalArgumentException.class, () -> Chart.histogram("h", new double[1], 0));
  }

  @Test
  void aPaletteOfFewColoursIsExactAndOfManyIsNearest() {
    BufferedImage few = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
    few.setRGB(0, 0, 0x0072b2);
    few.setRGB(1, 0, 0xffffff);
    few.setRGB(2, 0, 0xe69f00);
    BufferedImage i = Picture.indexed(few);
    for (int x = 0; x < 3; x++) {
      assertEquals(few.getRGB(x, 0), i.getRGB(x, 0));
    }
    BufferedImage many = new BufferedImage(300, 2, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(1);
    for (int x = 0; x < 300; x++) {
      many.setRGB(x, 0, random.nextInt(1 << 24));
      many.setRGB(x, 1, random.nextInt(1 << 24));
    }
    BufferedImage j = Picture.indexed(many);
    IndexColorModel palette = (IndexColorModel) j.getColorModel();
    assertEquals(256, palette.getMapSize());
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 300; x++) {
        int in = many.getRGB(x, y);
        long best = Long.MAX_VALUE;
        for (int k = 0; k < 256; k++) {
          best = Math.min(best, distance(in, palette.getRGB(k)));
        }
        assertEquals(best, distance(in, j.getRGB(x, y)), "pixel " + x + "," + y + " takes its nearest palette colour");
      }
    }
  }

  private static long distance(int a, int b) {
    long dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
    long dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
    long db = (a & 0xff) - (b & 0xff);
    return dr * dr + dg * dg + db * db;
  }
}
