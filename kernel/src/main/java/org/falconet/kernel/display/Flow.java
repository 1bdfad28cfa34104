package org.falconet.kernel.display;

import java.util.ArrayList;
import java.util.List;

/**
 * A row of steps joined by arrows, left to right: each step a box with a bold title and up to three short
 * lines under it (a recipe, a pipeline's phases). Drawn once as SVG and once as PNG, like {@link AttentionMap},
 * so that an untrusted notebook and GitHub show the same picture.
 *
 * <pre>{@code
 * Flow.of(new Flow.Step("1. Pretraining", "#dbe9f6", "next token, web text"),
 *     new Flow.Step("2. Supervised fine-tuning", "#e3f2d9", "answers only"))
 * }</pre>
 *
 * @param steps at least one
 */
public record Flow(List<Step> steps) {
  /** Lines under a step's title, at most. */
  public static final int MAX_LINES = 3;
  private static final int BOX_W = 200, BOX_H = 70, GAP = 50, MARGIN = 10, HEIGHT = 110, TOP = 20;

  /**
   * One box.
   *
   * @param title shown in bold
   * @param fill  the box's colour, {@code #rrggbb}
   * @param lines up to {@value #MAX_LINES} lines under the title
   */
  public record Step(String title, String fill, List<String> lines) {
    public Step {
      title = title == null ? "" : title;
      lines = List.copyOf(lines);
      if (lines.size() > MAX_LINES) {
        throw new IllegalArgumentException("flow: step \"" + title + "\" has " + lines.size() + " lines, at most " + MAX_LINES);
      }
      if (fill == null || !fill.matches("#\\p{XDigit}{6}")) {
        throw new IllegalArgumentException("flow: step \"" + title + "\" needs a colour as #rrggbb, got " + fill);
      }
    }

    /** A step with its lines given one by one. */
    public Step(String title, String fill, String... lines) {
      this(title, fill, List.of(lines));
    }
  }

  public Flow {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("flow: no steps");
    }
  }

  /** The steps, left to right. */
  public static Flow of(Step... steps) {
    return new Flow(List.of(steps));
  }

  /** The steps as text: one line each, arrows between. */
  public String toText() {
    List<String> parts = new ArrayList<>();
    for (Step s : steps) {
      parts.add(s.lines().isEmpty() ? s.title() : s.title() + " (" + String.join(", ", s.lines()) + ")");
    }
    return String.join(" -> ", parts);
  }

  /** The picture as SVG. */
  public Svg toSvg() {
    Canvas.Markup svg = new Canvas.Markup(width(), HEIGHT, "falconet-flow");
    draw(svg);
    return new Svg(svg.svg());
  }

  /** The same drawing as an 8-bit PNG. */
  public byte[] toPng() {
    return picture().png();
  }

  /** What Jupyter receives: the text, the SVG and the PNG of the same drawing. */
  public MimeBundle toBundle() {
    return picture().bundleWithSvg(toText(), toSvg().svg());
  }

  int width() {
    return 2 * MARGIN + steps.size() * BOX_W + (steps.size() - 1) * GAP;
  }

  /** Left edge of box {@code i}. */
  static int boxX(int i) {
    return MARGIN + i * (BOX_W + GAP);
  }

  private Picture picture() {
    return new Picture(width(), HEIGHT, g -> draw(new Canvas.Pixels(g)));
  }

  private void draw(Canvas c) {
    c.rect(0, 0, width(), HEIGHT, "white", null, null, null);
    Canvas.Type bold = new Canvas.Type(13, "middle", true, true), plain = new Canvas.Type(13, "middle", false, true);
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      double x = boxX(i), mid = x + BOX_W / 2.0;
      c.group("step");
      c.rect(x, TOP, BOX_W, BOX_H, s.fill(), "#333333", "box", null);
      c.text(mid, TOP + 25, s.title(), bold);
      for (int l = 0; l < s.lines().size(); l++) {
        c.text(mid, TOP + 45 + 15 * l, s.lines().get(l), plain);
      }
      c.end();
      if (i + 1 < steps.size()) {
        double from = x + BOX_W, to = boxX(i + 1) - 2, y = TOP + BOX_H / 2.0;
        c.line(from, y, to, y, "#333333");
        c.line(to - 8, y - 4, to, y, "#333333");       // the arrow's head
        c.line(to - 8, y + 4, to, y, "#333333");
      }
    }
  }
}
