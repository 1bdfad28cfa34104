package org.falconet.kernel.display;

import static org.falconet.kernel.display.Markup.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class FlowTest {
  private static final Flow RECIPE = Flow.of(new Flow.Step("1. Pretraining", "#dbe9f6", "next token", "(base model)"),
      new Flow.Step("2. SFT", "#e3f2d9", "answers only"), new Flow.Step("3. RLHF & <PPO>", "#f8e5d0"));

  @Test
  void boxesInARowJoinedByArrows() throws Exception {
    String svg = RECIPE.toSvg().svg();
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    assertEquals(3, count(svg, "<rect class=\"box\""));
    assertEquals(2 * 3, count(svg, "<line "), "a shaft and two strokes of the head per arrow");
    // by hand: boxes 200 wide, 50 apart, from x = 10 (10 + 3 x 200 + 2 x 50 + 10 = 720 wide); the first arrow runs from 210 to 258 at y = 55
    assertTrue(svg.contains("<rect class=\"box\" x=\"260\" y=\"20\" width=\"200\" height=\"70\" fill=\"#e3f2d9\""), svg);
    assertTrue(svg.contains("<line x1=\"210\" y1=\"55\" x2=\"258\" y2=\"55\""), svg);
    assertTrue(svg.contains(">3. RLHF &amp; &lt;PPO&gt;</text>"), "escaped: " + svg);
    assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"110\""), svg);
    assertEquals("1. Pretraining (next token, (base model)) -> 2. SFT (answers only) -> 3. RLHF & <PPO>", RECIPE.toText());
  }

  @Test
  void thePngIsTheSameDrawingAsTheSvg() throws Exception {
    MimeBundle b = Renderers.withDefaults().render(RECIPE);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) b.get("image/png"))));
    assertEquals(720, png.getWidth());
    assertEquals(110, png.getHeight());
    assertEquals(Map.of("width", 720, "height", 110), b.metadata().get("image/png"));
    assertEquals(0xdbe9f6, png.getRGB(15, 25) & 0xffffff, "inside the first box");
    assertEquals(0xf8e5d0, png.getRGB(515, 25) & 0xffffff, "inside the third box");
    assertEquals(0xffffff, png.getRGB(235, 25) & 0xffffff, "between the boxes, above the arrow");
  }

  @Test
  void badStepsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Flow(java.util.List.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Flow.Step("x", "blue"));
    assertEquals("flow: step \"x\" needs a colour as #rrggbb, got blue", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Flow.Step("x", "#ffffff", "a", "b", "c", "d"));
  }
}
