package org.falconet.model;

/**
 * A linear layer y = x·Wᵀ + b (torch.nn.Linear), W [out, in], b [out] or null.
 *
 * @param weight W [out, in]
 * @param bias   b [out], or null when the config has {@code bias: false}
 */
public record Linear(Matrix weight, float[] bias) {

  public int in() {
    return weight.cols();
  }

  public int out() {
    return weight.rows();
  }

  /** x [T, in] → y [T, out]; {@code reference} selects the scalar single-threaded kernel. */
  public void forward(float[] x, int T, float[] y, boolean reference) {
    if (reference) weight.matmulScalar(x, T, y);
    else weight.matmul(x, T, y);
    if (bias != null) {
      int n = bias.length;
      for (int t = 0; t < T; t++) {
        for (int i = 0; i < n; i++) y[t * n + i] += bias[i];
      }
    }
  }
}
