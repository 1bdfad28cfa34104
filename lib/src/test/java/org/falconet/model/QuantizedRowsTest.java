package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.falconet.model.internal.Q8Kernels;
import org.junit.jupiter.api.Test;

/** The Q8_0 and Q4_0 block codecs against blocks worked out by hand from ggml's reference quantisers. */
class QuantizedRowsTest {
  /** x_j = (j − 16)/2: −8, −7.5, …, 7.5. */
  static float[] ramp() {
    float[] x = new float[32];
    for (int j = 0; j < 32; j++) x[j] = (j - 16) * 0.5f;
    return x;
  }

  @Test
  void q8BlockByHand() {
    // amax = 8, d = 8/127, f16(d) = 2^-4·(1 + 8/1024) = 0x2C08; 1/d = 15.875, so q = roundf(15.875·x) = roundf(7.9375·k)
    // for k = j − 16; k = ±8 gives ±63.5, which roundf takes away from zero to ±64.
    int[] q = {-127, -119, -111, -103, -95, -87, -79, -71, -64, -56, -48, -40, -32, -24, -16, -8,
        0, 8, 16, 24, 32, 40, 48, 56, 64, 71, 79, 87, 95, 103, 111, 119};
    ByteBuffer b = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
    QuantizedRows.quantizeQ8_0(ramp(), 0, 32, b);
    assertEquals((short) 0x2C08, b.getShort(0));
    byte[] got = new byte[32];
    b.get(2, got);
    byte[] want = new byte[32];
    for (int j = 0; j < 32; j++) want[j] = (byte) q[j];
    assertArrayEquals(want, got);
    float[] back = new float[32];
    QuantizedRows.dequantizeQ8_0(b, 0, back, 0, 32);
    for (int j = 0; j < 32; j++) assertEquals(q[j] * 0.06298828125f, back[j], 0f);
    // the kernels' dot product and dequantisation read the same block
    float[] x = new float[32];
    java.util.Arrays.fill(x, 1f);
    float sum = 0;
    for (int v : q) sum += v;
    assertEquals(sum * 0.06298828125f, Q8Kernels.dot(b, 0, x, 0, 32), 1e-5f);
    assertEquals(sum * 0.06298828125f, Q8Kernels.dotScalar(b, 0, x, 0, 32), 1e-5f);
    float[] vec = new float[32];
    Q8Kernels.dequantize(b, 0, vec, 0, 32);
    assertArrayEquals(back, vec, 0f);
  }

  @Test
  void q4BlockByHand() {
    // the largest magnitude is x_0 = −8, so d = −8/−8 = 1 (f16 0x3C00) and q = min(15, ⌊x + 8.5⌋) = min(15, ⌊k/2 + 8.5⌋);
    // byte j holds element j (low nibble) and j + 16 (high): j = 0 → 0 | 8 << 4; j = 15 → 8 | min(15, 16) << 4.
    ByteBuffer b = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
    QuantizedRows.quantizeQ4_0(ramp(), 0, 32, b);
    assertEquals((short) 0x3C00, b.getShort(0));
    assertEquals((byte) 0x80, b.get(2));
    assertEquals((byte) 0x91, b.get(3));      // element 1: ⌊9⌋ − … = 1; element 17: ⌊9⌋ = 9
    assertEquals((byte) 0xF8, b.get(17));
    float[] back = new float[32];
    QuantizedRows.dequantizeQ4_0(b, 0, back, 0, 32);
    assertEquals(-8f, back[0]);
    assertEquals(0f, back[16]);
    assertEquals(7f, back[31]);               // 15 − 8: Q4_0 cannot hold +7.5 when d comes from −8
  }

  @Test
  void roundfTakesHalvesAwayFromZero() {
    assertEquals(3, QuantizedRows.roundf(2.5f));
    assertEquals(-3, QuantizedRows.roundf(-2.5f));
    assertEquals(0, QuantizedRows.roundf(0.49999997f));
    assertEquals(-127, QuantizedRows.roundf(-127f));
  }
}
