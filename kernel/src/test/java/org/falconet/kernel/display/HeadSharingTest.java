package org.falconet.kernel.display;

import static org.falconet.kernel.display.Markup.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class HeadSharingTest {
  private static final HeadSharing THREE = HeadSharing.of(8, List.of(new HeadSharing.Panel("multi-head", 8),
      new HeadSharing.Panel("grouped-query", 2), new HeadSharing.Panel("multi-query", 1)));

  @Test
  void everyQueryHeadIsLinkedToTheKeyValueHeadOfItsGroup() throws Exception {
    String svg = THREE.toSvg().svg();
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    assertEquals(3, count(svg, "<g class=\"panel\">"));
    assertEquals(3 * 8, count(svg, "<circle class=\"query\""));
    assertEquals(8 + 2 + 1, count(svg, "<rect class=\"kv\""));
    assertEquals(3 * 8, count(svg, "<line "));
    // By hand: panel 1 (x from 250) has 2 K/V heads at x = 270 and 480; query heads 0-3 read the first, 4-7 the second.
    List<double[]> lines = new ArrayList<>();
    Matcher m = Pattern.compile("<line x1=\"([\\d.]+)\" y1=\"52\" x2=\"([\\d.]+)\" y2=\"128\"").matcher(svg);
    while (m.find()) {
      lines.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    }
    assertEquals(24, lines.size());
    for (int q = 0; q < 8; q++) {
      assertEquals(lines.get(q)[0], lines.get(q)[1], 1e-9, "multi-head: query head " + q + " has a K/V head of its own");
      assertEquals(q < 4 ? 270 : 480, lines.get(8 + q)[1], 0.05, "grouped-query: query head " + q);
      assertEquals(625, lines.get(16 + q)[1], 0.05, "multi-query: every query head reads the one K/V head");
    }
    assertTrue(svg.contains(">8 query heads, 2 K/V heads</text>"), svg);
    assertTrue(svg.contains(">8 query heads, 1 K/V head</text>"), svg);
  }

  @Test
  void thePngIsTheSameDrawingAsTheSvg() throws Exception {
    MimeBundle b = Renderers.withDefaults().render(THREE);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) b.get("image/png"))));
    assertEquals(750, png.getWidth());
    assertEquals(190, png.getHeight());
    assertEquals(Map.of("width", 750, "height", 190), b.metadata().get("image/png"));
    String svg = (String) b.get("image/svg+xml");
    Matcher circle = Pattern.compile("<circle class=\"query\" cx=\"([\\d.]+)\" cy=\"(\\d+)\"").matcher(svg);
    int circles = 0;
    while (circle.find()) {
      int x = (int) Math.round(Double.parseDouble(circle.group(1))), y = Integer.parseInt(circle.group(2));
      assertEquals(0x4c78a8, png.getRGB(x, y) & 0xffffff, "query head at " + x + "," + y);
      circles++;
    }
    assertEquals(24, circles);
    assertEquals(0xf58518, png.getRGB(625, 137) & 0xffffff, "the multi-query panel's K/V head");
    assertEquals("multi-head: 8 query heads, 8 K/V heads, 1 query head per K/V head\n"
        + "grouped-query: 8 query heads, 2 K/V heads, 4 query heads per K/V head\n"
        + "multi-query: 8 query heads, 1 K/V head, 8 query heads per K/V head", b.get("text/plain"));
  }

  @Test
  void keyValueHeadsMustDivideTheQueryHeads() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HeadSharing.of(8, List.of(new HeadSharing.Panel("odd", 3))));
    assertEquals("head sharing: 3 key/value heads (\"odd\") must divide the 8 query heads", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HeadSharing.of(8, List.of()));
    assertThrows(IllegalArgumentException.class, () -> HeadSharing.of(33, List.of(new HeadSharing.Panel("many", 1))));
  }
}
