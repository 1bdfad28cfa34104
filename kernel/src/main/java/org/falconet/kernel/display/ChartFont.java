package org.falconet.kernel.display;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The typeface every chart is drawn in: a subset of DejaVu Sans shipped in the kernel's jar (licence beside it,
 * {@code fonts/LICENSE-DejaVu.txt}). XChart draws its letters as outlines, so the SVG's path data depends on the
 * font: a bundled one makes the same chart the same bytes on any machine, whatever fonts it has installed.
 */
final class ChartFont {
  static final String RESOURCE = "fonts/DejaVuSans-charts.ttf";
  private static final Font BASE = load();

  private ChartFont() {}

  /** The chart typeface at {@code size} points. */
  static Font of(float size) {
    return BASE.deriveFont(size);
  }

  private static Font load() {
    try (InputStream in = ChartFont.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("chart font " + RESOURCE + " is missing from the kernel's jar");
      }
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (FontFormatException e) {
      throw new IllegalStateException("chart font " + RESOURCE + " is not a TrueType font", e);
    }
  }
}
