package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The forward pass reuses its work arrays per thread (internal.Scratch): a short prompt after a long one finds arrays
 * longer than it needs, full of the long prompt's activations. Its logits must be bit for bit those of a thread that
 * never ran anything.
 */
class ScratchReuseTest {

  @ParameterizedTest
  @EnumSource(value = DType.class, names = {"F32", "BF16"})
  void aShortPromptAfterALongOneGivesWhatAFreshThreadGives(DType dtype, @TempDir Path dir) throws Exception {
    FalconConfig c = Falcon.load(Fixtures.dir("falcon-7b-style")).config();
    ModelBenchmark.writeRandomCheckpoint(c, dtype, dir, 11);
    Falcon model = Falcon.load(dir);
    int[] longPrompt = prompt(c, 150, 3);                // several Gemm panels, and above the MLP's parallel GELU size
    model.forward(longPrompt, model.newCache());
    // 70 tokens: ND4J's GEMM for float32 weights (64 or more), two Gemm panels for bf16; 21: one partial panel
    for (int n : new int[] {70, 21}) {
      int[] shorter = prompt(c, n, 5);
      AtomicReference<float[]> fresh = new AtomicReference<>();
      Thread t = new Thread(() -> fresh.set(model.forward(shorter, model.newCache())));
      t.start();
      t.join();
      assertArrayEquals(fresh.get(), model.forward(shorter, model.newCache()), n + " tokens");
    }

    int[] shortPrompt = prompt(c, 21, 5);
    var cache = model.newCache();                        // and decoding after a prompt, one token at a time
    model.forward(shortPrompt, cache);
    float[] step = model.forwardLast(new int[] {7}, cache);
    AtomicReference<float[]> freshStep = new AtomicReference<>();
    Thread u = new Thread(() -> {
      var fc = model.newCache();
      model.forward(shortPrompt, fc);
      freshStep.set(model.forwardLast(new int[] {7}, fc));
    });
    u.start();
    u.join();
    assertArrayEquals(freshStep.get(), step);
  }

  private static int[] prompt(FalconConfig c, int n, int seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = (i * 7919 + seed * 31) % c.vocabSize();
    return p;
  }
}
