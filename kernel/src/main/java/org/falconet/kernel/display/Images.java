package org.falconet.kernel.display;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/** Raster images as inline PNG. */
final class Images {
  private Images() {}

  static MimeBundle png(RenderedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return MimeBundle.text("[" + image.getWidth() + "x" + image.getHeight() + " image]")
        .with("image/png", Base64.getEncoder().encodeToString(out.toByteArray()))
        .withMetadata("image/png", Map.of("width", image.getWidth(), "height", image.getHeight()));
  }
}
