package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Flash attention equals the textbook form; ALiBi's bfloat16 bias is torch's. */
class AttentionKernelTest {
  static float[] random(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
    return x;
  }

  void flashEqualsPlain(int H, int kv, int hd, int T, int past, Alibi alibi) {
    Random r = new Random(T * 31L + past);
    AttentionKernel k = new AttentionKernel(H, kv, hd, alibi);
    int S = past + T;
    float[] q = random(r, T * H * hd);
    float[] keys = random(r, S * kv * hd);
    float[] values = random(r, S * kv * hd);
    float[] a = new float[T * H * hd];
    float[] b = new float[T * H * hd];
    k.plain(q, keys, values, T, past, a);
    k.flash(q, keys, values, T, past, b);
    float diff = Fixtures.maxAbsDiff(a, b);
    assertTrue(diff <= 1e-5f, "flash differs from plain by " + diff + " (H=" + H + " kv=" + kv + " T=" + T + " past=" + past + ")");
  }

  @Test
  void flashEqualsPlainAcrossBlockBoundaries() {
    flashEqualsPlain(4, 1, 16, 1, 0, null);           // one token
    flashEqualsPlain(4, 2, 16, 200, 0, null);         // prefill over several query and key blocks
    flashEqualsPlain(8, 8, 8, 37, 100, null);          // with a cache: past not a multiple of a block
    flashEqualsPlain(6, 2, 8, 1, 150, null);           // decode step
    flashEqualsPlain(16, 16, 4, 70, 30, new Alibi(16)); // ALiBi
  }

  @Test
  void flashExtraMemoryDoesNotGrowWithT() {
    // T = 4096, one head of 64: the plain form needs a [T, T] score matrix (64 MiB). Flash keeps per query block
    // only m, ℓ, an accumulator [BQ, d] and one block of scores: a few KiB whatever T is. Measured with the scalar
    // inner loops, whose only allocations are the kernel's own (vector temporaries may be boxed by the JIT).
    int hd = 64;
    int[] lengths = {256, 1024, 4096};        // the first run only pays one-time class initialisation
    long[] allocated = new long[lengths.length];
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < lengths.length; i++) {
      int T = lengths[i];
      Random r = new Random(1);
      AttentionKernel k = new AttentionKernel(1, 1, hd, null);
      float[] q = random(r, T * hd);
      float[] keys = random(r, T * hd);
      float[] values = random(r, T * hd);
      float[] out = new float[T * hd];
      long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
      k.flashHead(0, q, keys, values, T, 0, out, true);
      allocated[i] = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
      if (T == 4096) {
        // the rows it produced are softmax-weighted averages: every output lies within the value range
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float v : values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        for (float o : out) assertTrue(o >= lo - 1e-4 && o <= hi + 1e-4);
      }
    }
    long plainScores = 4L * 4096 * 4096;
    assertTrue(allocated[2] < 64 * 1024, "flash at T=4096 allocated " + allocated[2] + " bytes; plain needs " + plainScores);
    assertTrue(allocated[2] <= allocated[1] + 4096, "flash scratch grew with T: " + allocated[1] + " → " + allocated[2]);
  }

  @Test
  void alibiBiasIsRoundedLikeTorchBfloat16() {
    // Values printed by torch 1.13: (tensor([2**-0.5]).bfloat16() * arange(600))[255:262]
    //   = [180, 181, 181, 182, 184, 184, 184]  (positions are cast to bfloat16 first).
    Alibi a = new Alibi(16);                 // 16 heads: the first slope is 2^-0.5
    assertEquals(0.70703125f, a.slope(0));   // 2^-0.5 in bfloat16
    float[] expect = {180, 181, 181, 182, 184, 184, 184};
    for (int j = 255; j < 262; j++) assertEquals(expect[j - 255], a.bias(0, j), "position " + j);
    // Slopes of a non-power-of-two head count (ALiBi paper, §3): 12 heads = 8 slopes 2^-k, then 2^-(2k-1)/2.
    Alibi twelve = new Alibi(12);
    assertEquals(0.5f, twelve.slope(0));
    assertEquals(1f / 256, twelve.slope(7));
    assertEquals(DType.roundToBf16((float) Math.pow(2, -0.5)), twelve.slope(8));
    assertEquals(DType.roundToBf16((float) Math.pow(2, -1.5)), twelve.slope(9));
  }
}
