package org.falconet.kernel.display;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * One drawing (a {@code Graphics2D} painter) written twice: as SVG through VectorGraphics2D, and as an
 * 8-bit PNG, so that the picture Jupyter shows in an untrusted notebook, on GitHub or nbviewer (the PNG)
 * is the one a trusted notebook shows (the SVG). Both are deterministic: the SVG's clip ids are numbered
 * in order and its coordinates rounded to hundredths of a pixel; the PNG's palette is chosen by colour
 * frequency with ties broken by colour value.
 */
final class Picture {
  /** Colours a PNG keeps exactly (an 8-bit palette). */
  static final int PALETTE = 256;

  private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{2,}");
  private static final Pattern CLIP_ID = Pattern.compile("clip-?\\d+");
  private static final Pattern LINE = Pattern.compile(
      "( *)<line style=\"([^\"]*)\" x1=\"([^\"]*)\" x2=\"([^\"]*)\" y1=\"([^\"]*)\" y2=\"([^\"]*)\"/>");

  private final int width;
  private final int height;
  private final Consumer<Graphics2D> painter;

  /** A picture {@code width} x {@code height} pixels that {@code painter} draws (it may be called more than once). */
  Picture(int width, int height, Consumer<Graphics2D> painter) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("picture size must be positive, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.painter = painter;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /**
   * The drawing as SVG markup starting with {@code <svg}, with an accessible {@code <title>} and {@code <desc>}
   * (the text of a drawing whose letters are outlines).
   */
  String svg(String title, String description) {
    VectorGraphics2D g = new VectorGraphics2D();
    painter.accept(g);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String svg = out.toString(StandardCharsets.UTF_8);
    svg = svg.substring(svg.indexOf("<svg"));                   // no XML prolog or DOCTYPE inside a notebook
    svg = numberClips(svg);
    svg = round(svg);
    svg = joinLines(svg);
    int open = svg.indexOf('>') + 1;
    return svg.substring(0, open) + "\n  <title>" + Escape.html(title) + "</title>\n  <desc>" + Escape.html(description)
        + "</desc>" + svg.substring(open);
  }

  /** The drawing as pixels (white background). */
  BufferedImage image() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      painter.accept(g);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The drawing as an 8-bit palette PNG. */
  byte[] png() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(indexed(image()), "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A bundle with {@code text} as plain text, the SVG, and the PNG (base64, with its size as metadata). */
  MimeBundle bundle(String text, String title, String description) {
    return bundleWithSvg(text, svg(title, description));
  }

  /** A bundle with {@code text}, an SVG drawn separately (a {@link Canvas.Markup} of the same drawing), and this PNG. */
  MimeBundle bundleWithSvg(String text, String svgMarkup) {
    return MimeBundle.text(text)
        .with("image/svg+xml", svgMarkup)
        .with("image/png", Base64.getEncoder().encodeToString(png()))
        .withMetadata("image/png", Map.of("width", width, "height", height));
  }

  /**
   * {@code image} with at most {@value #PALETTE} colours: the most frequent ones (ties by colour value), every
   * other pixel mapped to its nearest palette colour (squared RGB distance). Charts are a few flat colours
   * plus anti-aliased edges, so the loss is in a few edge pixels.
   */
  static BufferedImage indexed(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    int[] sorted = new int[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      sorted[i] = rgb[i] & 0xffffff;
    }
    Arrays.sort(sorted);
    int distinct = 0;                                             // the distinct colours, ascending, with their counts
    int[] colours = new int[sorted.length];
    int[] counts = new int[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        colours[distinct++] = sorted[i];
      }
      counts[distinct - 1]++;
    }
    Integer[] byCount = new Integer[distinct];
    for (int i = 0; i < distinct; i++) {
      byCount[i] = i;
    }
    Arrays.sort(byCount, (x, y) -> counts[x] != counts[y] ? counts[y] - counts[x] : Integer.compare(colours[x], colours[y]));
    int n = Math.min(PALETTE, distinct);
    byte[] r = new byte[n];
    byte[] g = new byte[n];
    byte[] b = new byte[n];
    int[] index = new int[distinct];
    for (int i = 0; i < n; i++) {
      int c = colours[byCount[i]];
      r[i] = (byte) (c >> 16);
      g[i] = (byte) (c >> 8);
      b[i] = (byte) c;
      index[byCount[i]] = i;
    }
    for (int i = n; i < distinct; i++) {
      index[byCount[i]] = nearest(colours[byCount[i]], r, g, b);
    }
    int bits = n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(bits, n, r, g, b));
    byte[] pixels = new byte[w * h];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) index[Arrays.binarySearch(colours, 0, distinct, rgb[i] & 0xffffff)];
    }
    out.getRaster().setDataElements(0, 0, w, h, pixels);
    return out;
  }

  private static int nearest(int c, byte[] r, byte[] g, byte[] b) {
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int i = 0; i < r.length; i++) {
      long dr = ((c >> 16) & 0xff) - (r[i] & 0xff);
      long dg = ((c >> 8) & 0xff) - (g[i] & 0xff);
      long db = (c & 0xff) - (b[i] & 0xff);
      long d = dr * dr + dg * dg + db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  /** VectorGraphics2D names clip paths by hash code (which varies run to run for paths): number them in order. */
  static String numberClips(String svg) {
    Map<String, String> names = new LinkedHashMap<>();
    Matcher m = CLIP_ID.matcher(svg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, names.computeIfAbsent(m.group(), k -> "clip" + (names.size() + 1)));
    }
    return m.appendTail(out).toString();
  }

  /**
   * Runs of {@code <line>} elements of one style, each starting where the last ended (XChart draws a series
   * segment by segment), as one {@code <polyline>}: the same strokes, a third of the bytes.
   */
  static String joinLines(String svg) {
    StringBuilder out = new StringBuilder(svg.length());
    String style = null;
    String indent = "";
    String endX = null;
    String endY = null;
    StringBuilder points = new StringBuilder();
    int segments = 0;
    for (String row : svg.split("\n", -1)) {
      Matcher m = LINE.matcher(row);
      boolean line = m.matches();
      if (line && m.group(2).equals(style) && m.group(3).equals(endX) && m.group(5).equals(endY)) {
        points.append(' ').append(m.group(4)).append(',').append(m.group(6));
        endX = m.group(4);
        endY = m.group(6);
        segments++;
        continue;
      }
      flush(out, indent, style, points, segments);
      style = null;
      segments = 0;
      points.setLength(0);
      if (line) {
        indent = m.group(1);
        style = m.group(2);
        points.append(m.group(3)).append(',').append(m.group(5)).append(' ').append(m.group(4)).append(',').append(m.group(6));
        endX = m.group(4);
        endY = m.group(6);
        segments = 1;
      } else {
        out.append(row).append('\n');
      }
    }
    flush(out, indent, style, points, segments);
    out.setLength(out.length() - 1);                              // the split's last, empty row added a newline
    return out.toString();
  }

  private static void flush(StringBuilder out, String indent, String style, StringBuilder points, int segments) {
    if (style == null) {
      return;
    }
    if (segments == 1) {
      String[] p = points.toString().split("[ ,]");
      out.append(indent).append("<line style=\"").append(style).append("\" x1=\"").append(p[0]).append("\" x2=\"").append(p[2])
          .append("\" y1=\"").append(p[1]).append("\" y2=\"").append(p[3]).append("\"/>\n");
    } else {
      out.append(indent).append("<polyline style=\"").append(style).append("\" points=\"").append(points).append("\"/>\n");
    }
  }

  /** Every number with three or more decimals rounded to two (a hundredth of a pixel), trailing zeros dropped. */
  static String round(String svg) {
    Matcher m = LONG_DECIMAL.matcher(svg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      BigDecimal v = new BigDecimal(m.group()).setScale(1, RoundingMode.HALF_EVEN).stripTrailingZeros();
      String s = v.signum() == 0 ? "0" : v.toPlainString();
      m.appendReplacement(out, s);
    }
    return m.appendTail(out).toString();
  }
}
