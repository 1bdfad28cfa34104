package org.falconet.kernel.display;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.Locale;

/**
 * What a hand-laid-out picture (the {@link AttentionMap}) draws on: SVG markup ({@link Markup}) or a
 * {@code Graphics2D} ({@link Pixels}, for the PNG), so that both come from one drawing. Coordinates in pixels,
 * colours as {@code #rrggbb}, {@code white} or {@code none}.
 */
interface Canvas {
  /** How a piece of text is set: size in pixels, anchor {@code start}, {@code middle} or {@code end}. */
  record Type(int size, String anchor, boolean bold, boolean upright) {
    static final Type PLAIN = new Type(11, "start", false, false);
  }

  /** Opens a group of elements (an SVG {@code <g>} with a class, for tests and styling). */
  void group(String cssClass);

  /** Closes the last group. */
  void end();

  /** A rectangle; {@code cssClass} and {@code tooltip} may be null. */
  void rect(double x, double y, double w, double h, String fill, String stroke, String cssClass, String tooltip);

  /** {@code text} with its anchor at (x, y), read bottom to top when the type is not upright. */
  void text(double x, double y, String text, Type type);

  /** A straight line one pixel wide. */
  void line(double x1, double y1, double x2, double y2, String stroke);

  /** A filled circle; {@code cssClass} may be null. */
  void circle(double cx, double cy, double r, String fill, String cssClass);

  /** SVG markup. */
  final class Markup implements Canvas {
    private final StringBuilder s = new StringBuilder();

    Markup(int width, int height, String cssClass) {
      s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
          + "font-family=\"sans-serif\" font-size=\"11\" class=\"%s\">", width, height, width, height, cssClass));
    }

    @Override
    public void group(String cssClass) {
      s.append("<g class=\"").append(cssClass).append("\">");
    }

    @Override
    public void end() {
      s.append("</g>");
    }

    @Override
    public void rect(double x, double y, double w, double h, String fill, String stroke, String cssClass, String tooltip) {
      s.append("<rect");
      if (cssClass != null) {
        s.append(" class=\"").append(cssClass).append('"');
      }
      s.append(" x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
          .append("\" height=\"").append(n(h)).append("\" fill=\"").append(fill).append('"');
      if (stroke != null) {
        s.append(" stroke=\"").append(stroke).append('"');
      }
      if (tooltip == null) {
        s.append("/>");
      } else {
        s.append("><title>").append(Escape.html(tooltip)).append("</title></rect>");
      }
    }

    @Override
    public void text(double x, double y, String text, Type type) {
      s.append("<text ");
      if (type.upright()) {
        s.append("x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"');
      } else {
        s.append("transform=\"translate(").append(n(x)).append(',').append(n(y)).append(") rotate(-90)\"");
      }
      if (!type.anchor().equals("start")) {
        s.append(" text-anchor=\"").append(type.anchor()).append('"');
      }
      if (type.size() != 11) {
        s.append(" font-size=\"").append(type.size()).append('"');
      }
      if (type.bold()) {
        s.append(" font-weight=\"bold\"");
      }
      s.append('>').append(Escape.html(text)).append("</text>");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String stroke) {
      s.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
          .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke).append("\"/>");
    }

    @Override
    public void circle(double cx, double cy, double r, String fill, String cssClass) {
      s.append("<circle");
      if (cssClass != null) {
        s.append(" class=\"").append(cssClass).append('"');
      }
      s.append(" cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
          .append("\" fill=\"").append(fill).append("\"/>");
    }

    String svg() {
      return s + "</svg>";
    }

    private static String n(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
  }

  /** A {@code Graphics2D}, in the charts' bundled typeface. */
  final class Pixels implements Canvas {
    private final Graphics2D g;

    Pixels(Graphics2D g) {
      this.g = g;
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    @Override
    public void group(String cssClass) {}

    @Override
    public void end() {}

    @Override
    public void rect(double x, double y, double w, double h, String fill, String stroke, String cssClass, String tooltip) {
      Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
      if (!fill.equals("none")) {
        g.setColor(color(fill));
        g.fill(r);
      }
      if (stroke != null) {
        g.setColor(color(stroke));
        g.setStroke(new BasicStroke(1f));
        g.draw(r);
      }
    }

    @Override
    public void text(double x, double y, String text, Type type) {
      Font font = ChartFont.of(type.size());
      g.setFont(type.bold() ? font.deriveFont(Font.BOLD) : font);
      g.setColor(Color.BLACK);
      FontMetrics m = g.getFontMetrics();
      double width = m.getStringBounds(text, g).getWidth();
      double shift = switch (type.anchor()) {
        case "middle" -> -width / 2;
        case "end" -> -width;
        default -> 0;
      };
      AffineTransform saved = g.getTransform();
      g.translate(x, y);
      if (!type.upright()) {
        g.rotate(-Math.PI / 2);
      }
      g.drawString(text, (float) shift, 0f);
      g.setTransform(saved);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String stroke) {
      g.setColor(color(stroke));
      g.setStroke(new BasicStroke(1f));
      g.draw(new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void circle(double cx, double cy, double r, String fill, String cssClass) {
      g.setColor(color(fill));
      g.fill(new java.awt.geom.Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
    }

    /** {@code #rgb}, {@code #rrggbb} or {@code white}. */
    static Color color(String css) {
      if (css.equals("white")) {
        return Color.WHITE;
      }
      String hex = css.substring(1);
      if (hex.length() == 3) {
        hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
      }
      return new Color(Integer.parseInt(hex, 16));
    }
  }
}
