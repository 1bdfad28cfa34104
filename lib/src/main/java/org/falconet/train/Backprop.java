package org.falconet.train;

import java.util.stream.IntStream;
import org.falconet.model.LayerNorm;
import org.falconet.model.Linear;

/**
 * The backward pass of each Falcon layer, in llm.c's style: plain loops over row-major float arrays,
 * each function the derivative of one forward function of {@code org.falconet.model}, gradients
 * accumulated ({@code +=}) into the parameters' gradient arrays.
 */
final class Backprop {
  private Backprop() {}

  /**
   * y = x·Wᵀ + b backwards: dW += dyᵀ·x, db += Σ dy, dx = dy·W (dx overwritten; null to skip).
   * x [N, in], dy [N, out]; both products on the packed {@link Gemm} kernel, transposes absorbed by its packing.
   */
  static void linear(Linear layer, float[] x, float[] dy, int n, float[] dx, float[] dW, float[] db) {
    int in = layer.in();
    int out = layer.out();
    Gemm.gemm(true, false, out, in, n, dy, 0, out, x, 0, in, dW, 0, in, true, true);     // dW [out, in] += dyᵀ·x
    if (db != null) {
      for (int t = 0; t < n; t++) {
        for (int r = 0; r < out; r++) {
          db[r] += dy[t * out + r];
        }
      }
    }
    if (dx != null) {
      Gemm.gemm(false, false, n, in, out, dy, 0, out, layer.weight().data(), 0, in, dx, 0, in, false, true); // dx [N, in] = dy·W
    }
  }

  /** y [N, out] = x·Wᵀ + b, the forward of a linear layer for a whole batch: y starts as b, the product is added. */
  static void linearForward(Linear layer, float[] x, int n, float[] y) {
    int in = layer.in();
    int out = layer.out();
    float[] b = layer.bias();
    if (b != null) {
      for (int t = 0; t < n; t++) {
        System.arraycopy(b, 0, y, t * out, out);
      }
    }
    Gemm.gemm(false, true, n, out, in, x, 0, in, layer.weight().data(), 0, in, y, 0, out, b != null, true);
  }

  /**
   * Layer norm backwards, statistics recomputed from x by the forward's own {@link LayerNorm#mean} and
   * {@link LayerNorm#variance}:
   * with x̂ = (x − μ)·r, dγ += Σ dy·x̂, dβ += Σ dy, dx += r·(g − mean(g) − x̂·mean(g·x̂)) where g = dy·γ.
   */
  static void layerNorm(LayerNorm ln, float[] x, float[] dy, int n, float[] dx, float[] dGamma, float[] dBeta) {
    int d = ln.weight().length;
    float[] gamma = ln.weight();
    int chunks = (n + LN_ROWS - 1) / LN_ROWS;
    float[][] partG = new float[chunks][d];
    float[][] partB = new float[chunks][d];
    parallel(n, LN_ROWS, (from, to) -> {
      float[] pg = partG[from / LN_ROWS];
      float[] pb = partB[from / LN_ROWS];
      for (int t = from; t < to; t++) {
        int o = t * d;
        double mean = ln.mean(x, o);
        double rstd = 1.0 / Math.sqrt(ln.variance(x, o, mean) + ln.eps());
        double meanG = 0;
        double meanGx = 0;
        for (int i = 0; i < d; i++) {
          double xhat = (x[o + i] - mean) * rstd;
          double g = dy[o + i] * gamma[i];
          meanG += g;
          meanGx += g * xhat;
          pg[i] += (float) (dy[o + i] * xhat);
          pb[i] += dy[o + i];
        }
        meanG /= d;
        meanGx /= d;
        for (int i = 0; i < d; i++) {
          double xhat = (x[o + i] - mean) * rstd;
          double g = dy[o + i] * gamma[i];
          dx[o + i] += (float) (rstd * (g - meanG - xhat * meanGx));
        }
      }
    });
    for (int ch = 0; ch < chunks; ch++) {                           // fixed order: the sum is split-independent
      for (int i = 0; i < d; i++) {
        dGamma[i] += partG[ch][i];
        dBeta[i] += partB[ch][i];
      }
    }
  }

  /** Rows per chunk of the layer-norm backward; dγ and dβ are summed per chunk, then over chunks in order. */
  private static final int LN_ROWS = 64;


  /** Exact GELU backwards: d/dx [x·Φ(x)] = Φ(x) + x·φ(x); dh = dy·that, h the input before GELU. */
  static void gelu(float[] preActivation, float[] dy, int n, float[] dx) {
    parallel(n, 1 << 14, (from, to) -> VectorMath.geluBackward(preActivation, dy, dx, from, to));
  }

  /** Query rows per block of attention: a block only sees keys up to its last row. */
  private static final int ATTN_BLOCK = 64;

  /**
   * Causal attention for one sequence and one key/value group, as {@link org.falconet.model.AttentionKernel#plain}
   * computes it but with matrix products on {@link Gemm}: for each block of query rows [i0, i1),
   * S = Q·Kᵀ/√d over keys [0, i1), P = softmax under the causal mask, O = P·V. The probabilities are
   * the ones {@link #attention} recomputes. q, out hold [T, H·hd] at {@code qOff}; k, v [T, kv·hd] at {@code kOff}.
   */
  static void attentionForward(float[] q, float[] k, float[] v, int qOff, int kOff, int T, int heads, int kvHeads,
                               int hd, int group, float[] out) {
    int perGroup = heads / kvHeads;
    int qw = heads * hd;
    int kw = kvHeads * hd;
    float scale = (float) (1.0 / Math.sqrt(hd));
    float[] p = new float[Math.min(T, ATTN_BLOCK) * T];             // [block rows, keys]
    int ko = kOff + group * hd;
    for (int h = group * perGroup; h < (group + 1) * perGroup; h++) {
      int qo = qOff + h * hd;
      for (int i0 = 0; i0 < T; i0 += ATTN_BLOCK) {
        int i1 = Math.min(T, i0 + ATTN_BLOCK);
        Gemm.gemm(false, true, i1 - i0, i1, hd, q, qo + i0 * qw, qw, k, ko, kw, p, 0, T, false, false);   // S [rows, i1]
        causalSoftmax(p, 0, T, i0, i1 - i0, i1, scale);
        Gemm.gemm(false, false, i1 - i0, hd, i1, p, 0, T, v, ko, kw, out, qo + i0 * qw, qw, false, false); // O = P·V
      }
    }
  }

  /**
   * Rows of scores for queries t0..t0+rows (row r at s[off + r·ld]) → causal softmax of scale·s over
   * keys j ≤ t in place, entries j in (t, width) set to exactly 0.
   */
  private static void causalSoftmax(float[] s, int off, int ld, int t0, int rows, int width, float scale) {
    for (int r = 0; r < rows; r++) {
      int t = t0 + r;
      int o = off + r * ld;
      for (int j = 0; j <= t; j++) {
        s[o + j] *= scale;
      }
      float max = VectorMath.max(s, o, t + 1);
      float inv = (float) (1 / VectorMath.expShifted(s, o, t + 1, max));
      for (int j = 0; j <= t; j++) {
        s[o + j] *= inv;
      }
      java.util.Arrays.fill(s, o + t + 1, o + width, 0f);
    }
  }

  /**
   * Causal attention backwards for one sequence and one key/value group, probabilities recomputed
   * from q and k (as FlashAttention's backward pass does) rather than stored, each step a matrix
   * product on {@link Gemm}: with P = softmax(q·kᵀ/√d) under the causal mask, dV += Pᵀ·dO, dP = dO·Vᵀ,
   * dS = P ⊙ (dP − rowsum(dP ⊙ P)), dQ += dS·K/√d, dK += dSᵀ·Q/√d. Rows are cut into blocks of
   * {@link #ATTN_BLOCK} so the products skip the masked upper triangle but for the diagonal blocks.
   * Query head h reads key/value head h / (H / kv), so dK and dV sum over a group's heads, here in
   * head order. q, dq, dOut hold [T, H·hd] at {@code qOff}; k, v, dk, dv hold [T, kv·hd] at {@code kOff}.
   */
  static void attention(float[] q, float[] k, float[] v, float[] dOut, int qOff, int kOff, int T, int heads,
                        int kvHeads, int hd, int group, float[] dq, float[] dk, float[] dv) {
    int perGroup = heads / kvHeads;
    int qw = heads * hd;
    int kw = kvHeads * hd;
    float scale = (float) (1.0 / Math.sqrt(hd));
    float[] p = new float[T * T];                                     // [T, T], row t valid for j ≤ t
    float[] ds = new float[T * T];
    int ko = kOff + group * hd;
    for (int h = group * perGroup; h < (group + 1) * perGroup; h++) {
      int qo = qOff + h * hd;
      for (int i0 = 0; i0 < T; i0 += ATTN_BLOCK) {
        int i1 = Math.min(T, i0 + ATTN_BLOCK);
        // S = Q·Kᵀ and dP = dO·Vᵀ for rows [i0, i1), keys [0, i1)
        Gemm.gemm(false, true, i1 - i0, i1, hd, q, qo + i0 * qw, qw, k, ko, kw, p, i0 * T, T, false, false);
        Gemm.gemm(false, true, i1 - i0, i1, hd, dOut, qo + i0 * qw, qw, v, ko, kw, ds, i0 * T, T, false, false);
        causalSoftmax(p, i0 * T, T, i0, i1 - i0, T, scale);
        for (int t = i0; t < i1; t++) {
          int o = t * T;
          double dot = 0;
          for (int j = 0; j <= t; j++) {
            dot += (double) ds[o + j] * p[o + j];
          }
          float fdot = (float) dot;
          for (int j = 0; j <= t; j++) {
            ds[o + j] = p[o + j] * (ds[o + j] - fdot) * scale;
          }
          java.util.Arrays.fill(ds, o + t + 1, o + T, 0f);            // masked: exactly zero in the products below
        }
        // dQ rows [i0, i1) += dS[i0..i1, 0..i1]·K[0..i1]
        Gemm.gemm(false, false, i1 - i0, hd, i1, ds, i0 * T, T, k, ko, kw, dq, qo + i0 * qw, qw, true, false);
      }
      // dV, dK rows [j0, j1) += P/dS[j0..T, j0..j1]ᵀ·dO/Q[j0..T]: rows above j0 are masked for these keys
      for (int j0 = 0; j0 < T; j0 += ATTN_BLOCK) {
        int j1 = Math.min(T, j0 + ATTN_BLOCK);
        Gemm.gemm(true, false, j1 - j0, hd, T - j0, p, j0 * T + j0, T, dOut, qo + j0 * qw, qw, dv, ko + j0 * kw, kw, true, false);
        Gemm.gemm(true, false, j1 - j0, hd, T - j0, ds, j0 * T + j0, T, q, qo + j0 * qw, qw, dk, ko + j0 * kw, kw, true, false);
      }
    }
  }

  /** A pass over the index range [from, to). */
  interface Range {
    void run(int from, int to);
  }

  /**
   * Runs body over [0, n) cut into chunks of {@code grain}, in parallel when there is more than one:
   * for passes whose elements (or rows) are independent, so the result does not depend on the split.
   */
  static void parallel(int n, int grain, Range body) {
    int chunks = (n + grain - 1) / grain;
    if (chunks <= 1) {
      body.run(0, n);
    } else {
      IntStream.range(0, chunks).parallel().forEach(ch -> body.run(ch * grain, Math.min(n, (ch + 1) * grain)));
    }
  }
}
