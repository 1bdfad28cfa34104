package org.falconet.train;

import java.util.stream.IntStream;
import org.falconet.model.Gelu;
import org.falconet.model.LayerNorm;
import org.falconet.model.Linear;
import org.falconet.model.internal.Kernels;

/**
 * The backward pass of each Falcon layer, in llm.c's style: plain loops over row-major float arrays,
 * each function the derivative of one forward function of {@code org.falconet.model}, gradients
 * accumulated ({@code +=}) into the parameters' gradient arrays.
 */
final class Backprop {
  private Backprop() {}

  /**
   * y = x·Wᵀ + b backwards: dW += dyᵀ·x, db += Σ dy, dx = dy·W (dx overwritten; null to skip).
   * x [N, in], dy [N, out]; both products on the blocked {@link Gemm} kernel.
   */
  static void linear(Linear layer, float[] x, float[] dy, int n, float[] dx, float[] dW, float[] db) {
    int in = layer.in();
    int out = layer.out();
    float[] xT = transpose(x, n, in);                             // [in, N]
    float[] dWT = new float[in * out];
    Gemm.multiply(xT, dy, dWT, in, n, out);                       // dWᵀ [in, out] = xᵀ·dy
    parallel(out, r -> {
      int wo = r * in;
      for (int i = 0; i < in; i++) {
        dW[wo + i] += dWT[i * out + r];
      }
    });
    if (db != null) {
      for (int t = 0; t < n; t++) {
        for (int r = 0; r < out; r++) {
          db[r] += dy[t * out + r];
        }
      }
    }
    if (dx != null) {
      Gemm.multiply(dy, layer.weight().data(), dx, n, out, in);   // dx [N, in] = dy·W
    }
  }

  /** y [N, out] = x·Wᵀ + b, the forward of a linear layer for a whole batch on the blocked kernel. */
  static void linearForward(Linear layer, float[] x, int n, float[] y) {
    int in = layer.in();
    int out = layer.out();
    Gemm.multiply(x, transpose(layer.weight().data(), out, in), y, n, in, out);
    if (layer.bias() != null) {
      for (int t = 0; t < n; t++) {
        for (int r = 0; r < out; r++) {
          y[t * out + r] += layer.bias()[r];
        }
      }
    }
  }

  /** a [rows, cols] → aᵀ [cols, rows]. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r0 = 0; r0 < rows; r0 += 32) {
      for (int c0 = 0; c0 < cols; c0 += 32) {
        int r1 = Math.min(rows, r0 + 32);
        int c1 = Math.min(cols, c0 + 32);
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            t[c * rows + r] = a[r * cols + c];
          }
        }
      }
    }
    return t;
  }

  /**
   * Layer norm backwards, statistics recomputed from x as the forward computed them:
   * with x̂ = (x − μ)·r, dγ += Σ dy·x̂, dβ += Σ dy, dx += r·(g − mean(g) − x̂·mean(g·x̂)) where g = dy·γ.
   */
  static void layerNorm(LayerNorm ln, float[] x, float[] dy, int n, float[] dx, float[] dGamma, float[] dBeta) {
    int d = ln.weight().length;
    float[] gamma = ln.weight();
    for (int t = 0; t < n; t++) {
      int o = t * d;
      double mean = 0;
      for (int i = 0; i < d; i++) {
        mean += x[o + i];
      }
      mean /= d;
      double var = 0;
      for (int i = 0; i < d; i++) {
        double c = x[o + i] - mean;
        var += c * c;
      }
      var /= d;
      double rstd = 1.0 / Math.sqrt(var + ln.eps());
      double meanG = 0;
      double meanGx = 0;
      for (int i = 0; i < d; i++) {
        double xhat = (x[o + i] - mean) * rstd;
        double g = dy[o + i] * gamma[i];
        meanG += g;
        meanGx += g * xhat;
        dGamma[i] += (float) (dy[o + i] * xhat);
        dBeta[i] += dy[o + i];
      }
      meanG /= d;
      meanGx /= d;
      for (int i = 0; i < d; i++) {
        double xhat = (x[o + i] - mean) * rstd;
        double g = dy[o + i] * gamma[i];
        dx[o + i] += (float) (rstd * (g - meanG - xhat * meanGx));
      }
    }
  }

  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  /** Exact GELU backwards: d/dx [x·Φ(x)] = Φ(x) + x·φ(x); dh = dy·that, h the input before GELU. */
  static void gelu(float[] preActivation, float[] dy, int n, float[] dx) {
    for (int i = 0; i < n; i++) {
      double x = preActivation[i];
      double cdf = 0.5 * Gelu.erfc(-x * INV_SQRT2);
      double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
      dx[i] = (float) (dy[i] * (cdf + x * pdf));
    }
  }

  /**
   * Causal attention backwards for one sequence, probabilities recomputed from q and k (as
   * FlashAttention's backward pass does) rather than stored: with P = softmax(q·kᵀ/√d),
   * dV += Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)), dQ = dS·K/√d, dK += dSᵀ·Q/√d.
   * Query head h reads key/value head h / (H / kv), so dK and dV sum over a group's heads.
   * q, dq [T, H·hd]; k, v, dk, dv [T, kv·hd]; dOut [T, H·hd].
   */
  static void attention(float[] q, float[] k, float[] v, float[] dOut, int T, int heads, int kvHeads, int hd,
                        float[] dq, float[] dk, float[] dv) {
    int group = heads / kvHeads;
    int qw = heads * hd;
    int kw = kvHeads * hd;
    float scale = (float) (1.0 / Math.sqrt(hd));
    float[] p = new float[T];
    float[] dp = new float[T];
    for (int h = 0; h < heads; h++) {
      int g = h / group;
      for (int t = 0; t < T; t++) {
        int qo = t * qw + h * hd;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j <= t; j++) {
          float s = Kernels.dot(q, qo, k, j * kw + g * hd, hd);
          p[j] = s * scale;
          max = Math.max(max, p[j]);
        }
        double sum = 0;
        for (int j = 0; j <= t; j++) {
          p[j] = (float) Math.exp(p[j] - max);
          sum += p[j];
        }
        double dot = 0;
        for (int j = 0; j <= t; j++) {
          p[j] = (float) (p[j] / sum);
          float s = Kernels.dot(dOut, qo, v, j * kw + g * hd, hd);
          dp[j] = s;
          dot += (double) s * p[j];
        }
        for (int j = 0; j <= t; j++) {
          float ds = (float) (p[j] * (dp[j] - dot)) * scale;
          int ko = j * kw + g * hd;
          Kernels.axpy(ds, k, ko, dq, qo, hd);         // dq += ds·k
          Kernels.axpy(ds, q, qo, dk, ko, hd);         // dk += ds·q
          Kernels.axpy(p[j], dOut, qo, dv, ko, hd);    // dv += p·dO
        }
      }
    }
  }

  /** Runs body(i) for i in [0, n), in parallel when the work is large enough to pay for it. */
  static void parallel(int n, java.util.function.IntConsumer body) {
    if (n < 64) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
    } else {
      IntStream.range(0, n).parallel().forEach(body);
    }
  }
}
