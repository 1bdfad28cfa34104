package org.falconet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Subnormal halves taken out of a heap copy: which ones, what is left in the bytes, and what is added back. */
class SubnormalsTest {

  private static ByteBuffer halves(int... h) {
    ByteBuffer b = ByteBuffer.allocate(2 * h.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : h) b.putShort((short) v);
    return b;
  }

  @Test
  void takesOutExactlyTheSubnormals() {
    // Two rows of 5 in chunks of one row: 0x0001 = 2^-24, 0x83ff = -1023·2^-24, 0x0400 = 2^-14 (the least normal),
    // 0x8000 = -0 and 0x3c00 = 1 stay.
    ByteBuffer[] chunks = {halves(0x0001, 0x3c00, 0x8000, 0x0400, 0x83ff), halves(0x3c00, 0x3c00, 0x3c00, 0x3c00, 0x0200)};
    Subnormals s = Subnormals.extract(chunks, 1, 2, 5);
    assertEquals(3, s.count());
    assertArrayEquals(halves(0x0000, 0x3c00, 0x8000, 0x0400, 0x8000).array(), chunks[0].array());
    assertArrayEquals(halves(0x3c00, 0x3c00, 0x3c00, 0x3c00, 0x0000).array(), chunks[1].array());
    float[] row = new float[5];
    s.restore(0, 0, 5, row, 0);
    assertArrayEquals(new float[] {0x1p-24f, 0, 0, 0, -1023 * 0x1p-24f}, row);
    float[] part = new float[2];
    s.restore(0, 3, 2, part, 0);                                   // columns 3 and 4 only
    assertArrayEquals(new float[] {0, -1023 * 0x1p-24f}, part);
    float[] x = {1, 2, 3, 4, 8}, y = {10, 20};
    s.addTo(x, 0, y, 0, 0, 2);
    assertEquals(10 + (0x1p-24f - 8 * 1023 * 0x1p-24f), y[0]);              // the exact -8183·2^-24, then one rounding
    assertEquals(20 + 8 * 512 * 0x1p-24f, y[1]);
  }

  @Test
  void theDecodeFormOfTheInputGivesTheSameSums() {
    int n = 2 * MatVec.BF16_BLOCK + 3;                              // two blocks and a tail
    int[] h = new int[n];
    h[1] = 0x0005;
    h[MatVec.BF16_BLOCK + 2] = 0x8100;
    h[n - 1] = 0x0001;
    ByteBuffer b = halves(h);
    Subnormals s = Subnormals.extract(new ByteBuffer[] {b}, 1, 1, n);
    float[] x = new float[n], xs = new float[n];
    for (int i = 0; i < n; i++) x[i] = i + 1;
    MatVec.f16Input(x, 0, xs, 0, n);
    float[] y = new float[1], ys = new float[1];
    s.addTo(x, 0, y, 0, 0, 1);
    s.addToF16Input(xs, 0, n, ys, 0, 0, 1);
    assertEquals(5 * 0x1p-24f * 2 - 256 * 0x1p-24f * (MatVec.BF16_BLOCK + 3) + 0x1p-24f * n, y[0]);
    assertEquals(y[0], ys[0]);
  }

  @Test
  void noneGivesNullAndOnlyHeapCopiesAreTouched() {
    assertNull(Subnormals.extract(new ByteBuffer[] {halves(0x3c00, 0x0000, 0x8000, 0x0400)}, 1, 1, 4));
    ByteBuffer direct = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
    assertThrows(IllegalArgumentException.class, () -> Subnormals.extract(new ByteBuffer[] {direct}, 1, 1, 4));
  }
}
