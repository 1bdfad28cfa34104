package org.falconet.generate;

import java.util.Arrays;
import java.util.Random;

/** Chooses the next token from a row of logits; one instance per generation (it owns the seeded random source). */
public final class Sampler {
  private final SamplingParams params;
  private final Random random;

  public Sampler(SamplingParams params) {
    this.params = params;
    this.random = new Random(params.seed());
  }

  /** The next token given the logits [vocab] and the ids of the context so far (for the repetition penalty). */
  public int next(float[] logits, int[] context, int contextLength) {
    float[] x = logits.clone();
    if (params.repetitionPenalty() != 1.0) {
      float p = (float) params.repetitionPenalty();
      boolean[] seen = new boolean[x.length];
      for (int i = 0; i < contextLength; i++) {
        int id = context[i];
        if (id >= 0 && id < x.length && !seen[id]) {
          seen[id] = true;
          x[id] = x[id] > 0 ? x[id] / p : x[id] * p;
        }
      }
    }
    if (params.greedy()) return argmax(x);
    float[] probs = probabilities(x);
    double u = random.nextDouble();
    double cum = 0;
    int last = -1;
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] <= 0) continue;
      cum += probs[i];
      last = i;
      if (u < cum) return i;
    }
    return last;   // rounding left u just above the total
  }

  /** The distribution sampled from after temperature, top-k and top-p (zeros for removed tokens). */
  public float[] probabilities(float[] logits) {
    int n = logits.length;
    double t = params.temperature();
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (logits[i] / t);
    boolean[] keep = new boolean[n];
    Arrays.fill(keep, true);
    Integer[] order = null;
    if (params.topK() > 0 && params.topK() < n) {
      order = sortedDescending(x);
      for (int r = params.topK(); r < n; r++) keep[order[r]] = false;
    }
    float[] p = softmax(x, keep);
    if (params.topP() < 1.0) {
      if (order == null) order = sortedDescending(x);
      double cum = 0;
      boolean reached = false;
      for (int r = 0; r < n; r++) {
        int i = order[r];
        if (!keep[i]) continue;
        if (reached) {
          keep[i] = false;
        } else {
          cum += p[i];
          reached = cum >= params.topP();
        }
      }
      p = softmax(x, keep);
    }
    return p;
  }

  private static Integer[] sortedDescending(float[] x) {
    Integer[] idx = new Integer[x.length];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> a.equals(b) ? 0 : x[a] != x[b] ? Float.compare(x[b], x[a]) : Integer.compare(a, b));
    return idx;
  }

  private static float[] softmax(float[] x, boolean[] keep) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < x.length; i++) if (keep[i]) max = Math.max(max, x[i]);
    double sum = 0;
    float[] p = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      if (keep[i]) {
        p[i] = (float) Math.exp(x[i] - max);
        sum += p[i];
      }
    }
    for (int i = 0; i < x.length; i++) p[i] = (float) (p[i] / sum);
    return p;
  }

  /** Index of the largest value (the first on ties). */
  public static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    return best;
  }
}
