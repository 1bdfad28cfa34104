package org.falconet.model;

/**
 * ALiBi (Press et al. 2022): a per-head linear bias slope·j on the score of key position j, as Falcon-RW uses
 * instead of rotary embeddings. transformers' {@code build_alibi_tensor} multiplies a bfloat16 slope by the key
 * position, which torch first casts to bfloat16, and keeps the bfloat16 product: this class rounds identically,
 * so bias(h, 257) for slope 2^-0.5 is 181, not 181.7.
 */
public final class Alibi {
  private final float[] slopes; // [heads], rounded to bfloat16

  public Alibi(int numHeads) {
    int closest = Integer.highestOneBit(numHeads);
    double base = Math.pow(2, -Math.pow(2, -(log2(closest) - 3)));
    slopes = new float[numHeads];
    for (int i = 0; i < closest; i++) slopes[i] = (float) Math.pow((float) base, i + 1);
    if (closest != numHeads) {
      double extraBase = Math.pow(2, -Math.pow(2, -(log2(2 * closest) - 3)));
      int remaining = Math.min(closest, numHeads - closest);
      for (int i = 0; i < remaining; i++) slopes[closest + i] = (float) Math.pow((float) extraBase, 2 * i + 1);
    }
    for (int i = 0; i < numHeads; i++) slopes[i] = DType.roundToBf16(slopes[i]);
  }

  private static double log2(int n) {
    return Math.log(n) / Math.log(2);
  }

  /** The bfloat16 slope of head h. */
  public float slope(int h) {
    return slopes[h];
  }

  /** The bias added to head h's score for key position j (before the 1/√d scaling, as in transformers). */
  public float bias(int h, int j) {
    return DType.roundToBf16(slopes[h] * DType.roundToBf16(j));
  }
}
