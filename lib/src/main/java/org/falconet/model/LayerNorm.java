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
      double mean = 0;
      for (int i = 0; i < d; i++) mean += x[o + i];
      mean /= d;
      double var = 0;
      for (int i = 0; i < d; i++) {
        double c = x[o + i] - mean;
        var += c * c;
      }
      var /= d;
      float inv = (float) (1.0 / Math.sqrt(var + eps));
      float m = (float) mean;
      for (int i = 0; i < d; i++) out[o + i] = (x[o + i] - m) * inv * weight[i] + bias[i];
    }
  }
}
