package org.falconet.kernel.display;

import static org.falconet.kernel.display.Markup.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class AttentionMapTest {
  private final Renderers renderers = Renderers.withDefaults();

  /** Causal weights: row i uniform over keys 0..i. */
  private static float[][] uniformCausal(int t) {
    float[][] w = new float[t][t];
    for (int i = 0; i < t; i++) {
      for (int j = 0; j <= i; j++) {
        w[i][j] = 1f / (i + 1);
      }
    }
    return w;
  }

  @Test
  void lowerTriangleCellsOnlyWithLabelsOnBothAxesAndALegend() throws Exception {
    List<String> labels = List.of("The", " cat", " sat", "\n");
    MimeBundle b = renderers.render(AttentionMap.of(labels, uniformCausal(4)).titled("layer 0"));
    String svg = (String) b.get("image/svg+xml");
    assertEquals(4 * 5 / 2, count(svg, "<rect class=\"cell\""), "T(T+1)/2 cells");
    assertEquals(1, count(svg, "<g class=\"head\">"));
    assertEquals(2, count(svg, ">\u00b7cat</text>"), "the label on the rows and on the columns");
    assertEquals(2, count(svg, ">\u21b5</text>"));
    assertEquals(1, count(svg, "<g class=\"legend\">"));
    assertTrue(svg.contains("<text x=\"4\" y=\"18\" font-size=\"14\">layer 0</text>"), svg);
    // full weight is the dark end of the scale, and the first row holds it
    assertTrue(svg.contains("fill=\"#08306b\"><title>The \u2192 The: 1.000</title>"), svg);
    parse(svg);
    assertTrue(((String) b.get("text/plain")).startsWith("attention map (layer 0): 1 head x 4 tokens\nhead 0\nThe        1.00\n"),
        (String) b.get("text/plain"));
  }

  @Test
  void thePngIsTheSameDrawingAsTheSvg() throws Exception {
    float[][][] w = {uniformCausal(5), uniformCausal(5)};
    MimeBundle b = renderers.render(AttentionMap.of(List.of("The", " cat", " sat", " on", " it"), w).titled("layer 0"));
    String svg = (String) b.get("image/svg+xml");
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) b.get("image/png"))));
    Matcher size = Pattern.compile("width=\"(\\d+)\" height=\"(\\d+)\"").matcher(svg);
    assertTrue(size.find());
    assertEquals(Integer.parseInt(size.group(1)), png.getWidth());
    assertEquals(Integer.parseInt(size.group(2)), png.getHeight());
    assertEquals(Map.of("width", png.getWidth(), "height", png.getHeight()), b.metadata().get("image/png"));
    // Every cell the SVG draws has its colour at the same place in the PNG.
    Matcher cell = Pattern.compile("<rect class=\"cell\" x=\"(\\d+)\" y=\"(\\d+)\" width=\"(\\d+)\" height=\"(\\d+)\" fill=\"#(\\p{XDigit}{6})\"")
        .matcher(svg);
    int cells = 0;
    while (cell.find()) {
      int x = Integer.parseInt(cell.group(1)) + Integer.parseInt(cell.group(3)) / 2;
      int y = Integer.parseInt(cell.group(2)) + Integer.parseInt(cell.group(4)) / 2;
      assertEquals(Integer.parseInt(cell.group(5), 16), png.getRGB(x, y) & 0xffffff, "cell at " + x + "," + y);
      cells++;
    }
    assertEquals(2 * 15, cells);
  }

  @Test
  void onePanelPerHead() throws Exception {
    float[][][] w = {uniformCausal(6), uniformCausal(6), uniformCausal(6)};
    String svg = AttentionMap.of(List.of("a", "b", "c", "d", "e", "f"), w).toSvg().svg();
    assertEquals(3, count(svg, "<g class=\"head\">"));
    assertEquals(3 * 21, count(svg, "<rect class=\"cell\""));
    assertTrue(svg.contains(">head 2</text>"));
    parse(svg);
  }

  @Test
  void labelsAreEscaped() throws Exception {
    String svg = AttentionMap.of(List.of("<a>", "&", "\"q\""), uniformCausal(3)).toSvg().svg();
    assertFalse(svg.contains("<a>"));
    assertEquals(2, count(svg, ">&lt;a&gt;</text>"));
    assertEquals(2, count(svg, ">&amp;</text>"));
    parse(svg);
  }

  @Test
  void aNonCausalMatrixIsDrawnWhole() {
    float[][] w = {{0.5f, 0.5f}, {0.25f, 0.75f}};
    String svg = AttentionMap.of(List.of("x", "y"), w).toSvg().svg();
    assertEquals(4, count(svg, "<rect class=\"cell\""));
  }

  @Test
  void shapesMustMatchTheLabels() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AttentionMap.of(List.of("a", "b", "c"), uniformCausal(2)));
    assertEquals("attention map: head 0 has 2 rows for 3 labels", e.getMessage());
  }

  @Test
  void colourScaleRunsFromWhiteToDarkBlue() {
    assertEquals("#ffffff", AttentionMap.color(0));
    assertEquals("#08306b", AttentionMap.color(1));
    assertEquals("#08306b", AttentionMap.color(7));
  }

  private static void parse(String svg) throws Exception {
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }
}
