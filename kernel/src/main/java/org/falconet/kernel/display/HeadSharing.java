package org.falconet.kernel.display;

import java.util.ArrayList;
import java.util.List;

/**
 * A picture of which key/value head each query head reads, one panel per attention variant: query heads as
 * circles along the top, key/value heads (one K and one V each) as squares below, a line from every query head
 * to the head it shares. Multi-head attention has as many K/V heads as query heads; grouped-query attention
 * (Falcon-40B: 128 query heads in 8 groups) has fewer, each read by a group of query heads; multi-query
 * attention (Falcon-7B) has one, read by all. Drawn once as SVG and once as PNG, like {@link AttentionMap}.
 *
 * <pre>{@code
 * HeadSharing.of(8, List.of(new HeadSharing.Panel("multi-head", 8), new HeadSharing.Panel("grouped-query", 2),
 *     new HeadSharing.Panel("multi-query", 1)))
 * }</pre>
 *
 * @param queryHeads query heads in every panel, 1 to {@value #MAX_QUERY_HEADS}
 * @param panels     the variants, at least one; each one's K/V heads divide {@code queryHeads}
 */
public record HeadSharing(int queryHeads, List<Panel> panels) {
  /** Query heads drawn at most (more would overlap in a panel). */
  public static final int MAX_QUERY_HEADS = 32;
  private static final int PANEL_W = 250, HEIGHT = 190, MARGIN = 20;
  private static final String QUERY = "#4c78a8", KEY_VALUE = "#f58518", LINK = "#888888";

  /**
   * One attention variant.
   *
   * @param title   shown above the panel
   * @param kvHeads key/value heads, 1 (multi-query) to the number of query heads (multi-head)
   */
  public record Panel(String title, int kvHeads) {
    public Panel {
      title = title == null ? "" : title;
    }
  }

  public HeadSharing {
    panels = List.copyOf(panels);
    if (queryHeads < 1 || queryHeads > MAX_QUERY_HEADS) {
      throw new IllegalArgumentException("head sharing: query heads must be 1 to " + MAX_QUERY_HEADS + ", got " + queryHeads);
    }
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("head sharing: no panels");
    }
    for (Panel p : panels) {
      if (p.kvHeads() < 1 || p.kvHeads() > queryHeads || queryHeads % p.kvHeads() != 0) {
        throw new IllegalArgumentException("head sharing: " + p.kvHeads() + " key/value heads (\"" + p.title()
            + "\") must divide the " + queryHeads + " query heads");
      }
    }
  }

  /** The picture for {@code queryHeads} query heads and the given variants. */
  public static HeadSharing of(int queryHeads, List<Panel> panels) {
    return new HeadSharing(queryHeads, panels);
  }

  /** The K/V head that query head {@code q} reads in a variant with {@code kvHeads} heads: heads in consecutive groups. */
  public int group(int q, int kvHeads) {
    return q / (queryHeads / kvHeads);
  }

  /** The summary an untrusted plain-text view shows. */
  public String toText() {
    List<String> lines = new ArrayList<>();
    for (Panel p : panels) {
      int perGroup = queryHeads / p.kvHeads();
      lines.add(p.title() + ": " + queryHeads + " query heads, " + p.kvHeads() + " K/V head" + (p.kvHeads() > 1 ? "s" : "")
          + ", " + perGroup + " query head" + (perGroup > 1 ? "s" : "") + " per K/V head");
    }
    return String.join("\n", lines);
  }

  /** The picture as SVG. */
  public Svg toSvg() {
    Canvas.Markup svg = new Canvas.Markup(width(), HEIGHT, "falconet-heads");
    draw(svg);
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

  int width() {
    return PANEL_W * panels.size();
  }

  /** Horizontal centre of query head {@code q} in the panel starting at {@code x0}. */
  double queryX(int x0, int q) {
    return queryHeads == 1 ? x0 + PANEL_W / 2.0 : x0 + MARGIN + q * (PANEL_W - 2.0 * MARGIN) / (queryHeads - 1);
  }

  /** Horizontal centre of K/V head {@code g} of {@code kvHeads} in the panel starting at {@code x0}. */
  double kvX(int x0, int g, int kvHeads) {
    return kvHeads == 1 ? x0 + PANEL_W / 2.0 : x0 + MARGIN + g * (PANEL_W - 2.0 * MARGIN) / (kvHeads - 1);
  }

  private Picture picture() {
    return new Picture(width(), HEIGHT, g -> draw(new Canvas.Pixels(g)));
  }

  private void draw(Canvas c) {
    c.rect(0, 0, width(), HEIGHT, "white", null, null, null);
    Canvas.Type title = new Canvas.Type(12, "middle", true, true), caption = new Canvas.Type(12, "middle", false, true);
    for (int p = 0; p < panels.size(); p++) {
      int x0 = p * PANEL_W, kv = panels.get(p).kvHeads();
      c.group("panel");
      c.text(x0 + PANEL_W / 2.0, 18, panels.get(p).title(), title);
      for (int q = 0; q < queryHeads; q++) {
        c.line(queryX(x0, q), 52, kvX(x0, group(q, kv), kv), 128, LINK);
      }
      for (int q = 0; q < queryHeads; q++) {
        c.circle(queryX(x0, q), 45, 8, QUERY, "query");
      }
      for (int g = 0; g < kv; g++) {
        c.rect(kvX(x0, g, kv) - 9, 128, 18, 18, KEY_VALUE, null, "kv", null);
      }
      c.text(x0 + PANEL_W / 2.0, 178, queryHeads + " query heads, " + kv + " K/V head" + (kv > 1 ? "s" : ""), caption);
      c.end();
    }
  }
}
