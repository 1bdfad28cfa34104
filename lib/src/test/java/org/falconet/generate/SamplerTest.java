package org.falconet.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The logits processors against hand-computed distributions. */
class SamplerTest {
  static final float[] LOGITS = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};

  static SamplingParams sampling() {
    return new SamplingParams(false, 1.0, 0, 1.0, 1.0, 7, 10, List.of(), List.of());
  }

  @Test
  void plainSoftmaxRecoversTheProbabilities() {
    assertArrayEquals(new float[] {0.5f, 0.3f, 0.15f, 0.05f}, new Sampler(sampling()).probabilities(LOGITS), 1e-6f);
  }

  @Test
  void topPKeepsTheSmallestSetReachingP() {
    // 0.5 + 0.3 = 0.8 >= 0.7: keep two tokens, renormalised to 0.625 / 0.375.
    assertArrayEquals(new float[] {0.625f, 0.375f, 0, 0}, new Sampler(sampling().withTopP(0.7)).probabilities(LOGITS), 1e-6f);
    // 0.5 alone reaches 0.5.
    assertArrayEquals(new float[] {1, 0, 0, 0}, new Sampler(sampling().withTopP(0.5)).probabilities(LOGITS), 1e-6f);
  }

  @Test
  void topKKeepsKTokens() {
    assertArrayEquals(new float[] {0.5f / 0.95f, 0.3f / 0.95f, 0.15f / 0.95f, 0}, new Sampler(sampling().withTopK(3)).probabilities(LOGITS), 1e-6f);
  }

  @Test
  void temperatureSharpens() {
    // p ∝ p_i^(1/T): T = 0.5 squares the probabilities: 0.25, 0.09, 0.0225, 0.0025 over 0.365.
    SamplingParams p = new SamplingParams(false, 0.5, 0, 1.0, 1.0, 7, 10, List.of(), List.of());
    assertArrayEquals(new float[] {0.25f / 0.365f, 0.09f / 0.365f, 0.0225f / 0.365f, 0.0025f / 0.365f},
        new Sampler(p).probabilities(LOGITS), 1e-6f);
  }

  @Test
  void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
    // logits [2, -2, 1.5]; context {0, 1}; penalty 2 → [1, -4, 1.5]: greedy now picks token 2.
    SamplingParams p = SamplingParams.greedy(1).withRepetitionPenalty(2.0);
    assertEquals(2, new Sampler(p).next(new float[] {2, -2, 1.5f}, new int[] {0, 1, 0}, 2));
    assertEquals(0, new Sampler(SamplingParams.greedy(1)).next(new float[] {2, -2, 1.5f}, new int[] {0, 1}, 2));
  }

  @Test
  void drawsFollowTheDistribution() {
    Sampler s = new Sampler(sampling().withTopP(0.7));
    int[] counts = new int[4];
    int n = 20000;
    for (int i = 0; i < n; i++) counts[s.next(LOGITS, new int[0], 0)]++;
    assertEquals(0.625, counts[0] / (double) n, 0.015);
    assertEquals(0.375, counts[1] / (double) n, 0.015);
    assertEquals(0, counts[2] + counts[3]);
  }

  @Test
  void badParametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> SamplingParams.sample(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> sampling().withTopP(0));
    assertThrows(IllegalArgumentException.class, () -> sampling().withTopK(-1));
    assertThrows(IllegalArgumentException.class, () -> sampling().withRepetitionPenalty(0));
  }
}
