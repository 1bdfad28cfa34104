package org.falconet.model.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For scripts/gpu/check.sh: without arguments prints the device ND4J computes on; with
 * {@code logits DIR IDS OUT} writes the ND4J backend's logits of IDS (comma-separated) as float32 to OUT.
 */
public final class Nd4jDeviceMain {
  private Nd4jDeviceMain() {}

  public static void main(String[] a) throws Exception {
    if (a.length == 0) {
      System.out.println("ND4J device: " + Nd4jDevice.describe());
      return;
    }
    Nd4jFalcon m = Nd4jFalcon.load(Path.of(a[1]));
    String[] parts = a[2].split(",");
    int[] ids = new int[parts.length];
    for (int i = 0; i < ids.length; i++) ids[i] = Integer.parseInt(parts[i].trim());
    float[] logits = m.forward(ids, m.newCache());
    ByteBuffer b = ByteBuffer.allocate(4 * logits.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(logits);
    Files.write(Path.of(a[3]), b.array());
    System.out.println(m.device());
  }
}
