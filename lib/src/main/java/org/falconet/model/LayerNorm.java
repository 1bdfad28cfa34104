package org.falconet.model;

/**
 * Layer normalisation over the last dimension, y = (x − mean) / sqrt(var + ε) · γ + β, with the biased variance
 * (as torch.nn.LayerNorm). ND4J's layer-norm op has no ε, so it is written here.
 *
 * @param weight γ [d]
 * @param bias   β [d]
 * @param eps    ε from the config's layer_norm_epsilon
 */
public record LayerNorm(float[] weight, float[] bias, double eps) {

  /** out[t, :] = LN(x[t, :]) for t &lt; T; x and out are [T, d] and may be the same array. */
  public void forward(float[] x, int T, float[] out) {
    int d = weight.length;
    for (int t = 0; t < T; t++) {
      int o = t * d;
      double mean = mean(x, o);
      float inv = (float) (1.0 / Math.sqrt(variance(x, o, mean) + eps));
      float m = (float) mean;
      for (int i = 0; i < d; i++) out[o + i] = (x[o + i] - m) * inv * weight[i] + bias[i];
    }
  }

  /** The mean of the row x[o, o + d), summed in double in index order (the backward pass reuses it). */
  public double mean(float[] x, int o) {
    int d = weight.length;
    double mean = 0;
    for (int i = 0; i < d; i++) mean += x[o + i];
    return mean / d;
  }

  /** The biased variance of the row x[o, o + d) about its mean, summed in double in index order. */
  public double variance(float[] x, int o, double mean) {
    int d = weight.length;
    double var = 0;
    for (int i = 0; i < d; i++) {
      double c = x[o + i] - mean;
      var += c * c;
    }
    return var / d;
  }
}
