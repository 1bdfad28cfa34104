package org.falconet.model;

/**
 * Rotary position embeddings (Su et al. 2021) in the GPT-NeoX "rotate half" form used by Falcon: the head
 * vector is split in halves (x1, x2) and rotated to (x1·cos − x2·sin, x2·cos + x1·sin), with frequencies
 * θ^(−2i/d) for i &lt; d/2. Angles are formed in float32 as transformers does.
 */
public final class Rope {
  private final int headDim;
  private final float[] invFreq; // [d/2]

  public Rope(int headDim, double theta) {
    this.headDim = headDim;
    this.invFreq = new float[headDim / 2];
    for (int i = 0; i < headDim / 2; i++) {
      // inv_freq = 1 / (base ** (arange(0, dim, 2).float() / dim)), computed in float32 by torch.
      float exponent = (float) (2 * i) / headDim;
      invFreq[i] = (float) (1.0 / (float) Math.pow(theta, exponent));
    }
  }

  /** cos and sin tables [T, d/2] for positions past..past+T−1. */
  public float[][] table(int past, int T) {
    int h = headDim / 2;
    float[] cos = new float[T * h];
    float[] sin = new float[T * h];
    for (int t = 0; t < T; t++) {
      for (int i = 0; i < h; i++) {
        float angle = (float) (past + t) * invFreq[i];
        cos[t * h + i] = (float) Math.cos(angle);
        sin[t * h + i] = (float) Math.sin(angle);
      }
    }
    return new float[][] {cos, sin};
  }

  /** Rotates the head vector x[off..off+d) in place for the position whose table row is {@code t}. */
  public void rotate(float[] x, int off, float[] cos, float[] sin, int t) {
    int h = headDim / 2;
    int c = t * h;
    for (int i = 0; i < h; i++) {
      float x1 = x[off + i];
      float x2 = x[off + h + i];
      x[off + i] = x1 * cos[c + i] - x2 * sin[c + i];
      x[off + h + i] = x2 * cos[c + i] + x1 * sin[c + i];
    }
  }

  /**
   * The transpose (= inverse) of {@link #rotate}, for back-propagation: a gradient with respect to the
   * rotated vector becomes one with respect to the vector before rotation.
   */
  public void rotateBack(float[] g, int off, float[] cos, float[] sin, int t) {
    int h = headDim / 2;
    int c = t * h;
    for (int i = 0; i < h; i++) {
      float g1 = g[off + i];
      float g2 = g[off + h + i];
      g[off + i] = g1 * cos[c + i] + g2 * sin[c + i];
      g[off + h + i] = g2 * cos[c + i] - g1 * sin[c + i];
    }
  }
}
