package org.falconet.model;

import org.falconet.model.internal.Kernels;
import org.falconet.model.internal.Workers;

/**
 * Causal scaled dot-product attention over a KV cache, in two forms that must agree: {@link #plain}, which
 * materialises each head's [T, S] score matrix as the textbook does, and {@link #flash}, the tiled online-softmax
 * algorithm of FlashAttention (Dao et al. 2022) whose extra memory is O(T·d): per query block a running
 * maximum m, normaliser ℓ and accumulator, rescaled by exp(m_old − m_new) whenever a key block raises the maximum.
 *
 * <p>Query t sits at absolute position past+t and sees keys 0..past+t. The logit is (q·k)/√d, or with ALiBi
 * (q·k + bias(h, j))/√d as transformers computes it.
 *
 * @param numHeads   query heads H
 * @param numKvHeads key/value heads; query head h reads group h / (H / kv)
 * @param headDim    d
 * @param alibi      the ALiBi bias, or null for rotary models
 */
public record AttentionKernel(int numHeads, int numKvHeads, int headDim, Alibi alibi) {

  /** Query block and key block sizes of the flash kernel. */
  static final int BQ = 32, BK = 64;

  /**
   * The textbook form: q [T, H·d], k and v [S, kv·d] with S = past + T → out [T, H·d]; O(T·S) extra memory.
   */
  public void plain(float[] q, float[] k, float[] v, int T, int past, float[] out) {
    int S = past + T;
    int group = numHeads / numKvHeads;
    int qw = numHeads * headDim;
    int kw = numKvHeads * headDim;
    float scale = (float) (1.0 / Math.sqrt(headDim));
    float[] scores = new float[T * S];
    for (int h = 0; h < numHeads; h++) {
      int g = h / group;
      for (int t = 0; t < T; t++) {
        int last = past + t;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j <= last; j++) {
          float s = Kernels.dotScalar(q, t * qw + h * headDim, k, j * kw + g * headDim, headDim);
          s = alibi == null ? s * scale : (s + alibi.bias(h, j)) * scale;
          scores[t * S + j] = s;
          max = Math.max(max, s);
        }
        double sum = 0;
        for (int j = 0; j <= last; j++) {
          float e = (float) Math.exp(scores[t * S + j] - max);
          scores[t * S + j] = e;
          sum += e;
        }
        int o = t * qw + h * headDim;
        for (int i = 0; i < headDim; i++) out[o + i] = 0;
        for (int j = 0; j <= last; j++) {
          float p = (float) (scores[t * S + j] / sum);
          for (int i = 0; i < headDim; i++) out[o + i] += p * v[j * kw + g * headDim + i];
        }
      }
    }
  }

  /**
   * The attention probabilities {@link #plain} multiplies the values by: softmax over keys of the causal
   * logits, as [H][T][S] with S = past + T; row t is zero beyond key past + t. For pictures and tests, not
   * for the forward pass (it materialises every head's matrix).
   */
  public float[][][] probabilities(float[] q, float[] k, int T, int past) {
    int S = past + T;
    int group = numHeads / numKvHeads;
    int qw = numHeads * headDim;
    int kw = numKvHeads * headDim;
    float scale = (float) (1.0 / Math.sqrt(headDim));
    float[][][] p = new float[numHeads][T][S];
    for (int h = 0; h < numHeads; h++) {
      int g = h / group;
      for (int t = 0; t < T; t++) {
        float[] row = p[h][t];
        int last = past + t;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j <= last; j++) {
          float s = Kernels.dotScalar(q, t * qw + h * headDim, k, j * kw + g * headDim, headDim);
          row[j] = alibi == null ? s * scale : (s + alibi.bias(h, j)) * scale;
          max = Math.max(max, row[j]);
        }
        double sum = 0;
        for (int j = 0; j <= last; j++) {
          row[j] = (float) Math.exp(row[j] - max);
          sum += row[j];
        }
        for (int j = 0; j <= last; j++) row[j] = (float) (row[j] / sum);
      }
    }
    return p;
  }

  /** The tiled online-softmax form of {@link #plain}, same arguments; parallel over heads. */
  public void flash(float[] q, float[] k, float[] v, int T, int past, float[] out) {
    int S = past + T;
    boolean parallel = (long) T * S * headDim * numHeads > (1 << 18);
    if (parallel) Workers.run(numHeads, h -> flashHead(h, q, k, v, T, past, out, false));
    else for (int h = 0; h < numHeads; h++) flashHead(h, q, k, v, T, past, out, false);
  }

  /** One head of {@link #flash}; {@code scalar} swaps the vector dot/axpy for plain loops (tests measure memory). */
  void flashHead(int h, float[] q, float[] k, float[] v, int T, int past, float[] out, boolean scalar) {
    int g = h / (numHeads / numKvHeads);
    int qw = numHeads * headDim;
    int kw = numKvHeads * headDim;
    float scale = (float) (1.0 / Math.sqrt(headDim));
    int bq = Math.min(BQ, T);           // query rows per block (1 when decoding: no 32-row scratch to clear)
    float[] m = new float[bq];          // running max per query row
    float[] l = new float[bq];          // running Σ exp(s − m)
    float[] acc = new float[bq * headDim];
    float[] s = new float[BK];
    for (int t0 = 0; t0 < T; t0 += bq) {
      int nq = Math.min(bq, T - t0);
      java.util.Arrays.fill(m, Float.NEGATIVE_INFINITY);
      java.util.Arrays.fill(l, 0f);
      java.util.Arrays.fill(acc, 0f);
      int lastKey = past + t0 + nq - 1;   // the furthest key any row of this block may see
      for (int j0 = 0; j0 <= lastKey; j0 += BK) {
        int nk = Math.min(BK, lastKey + 1 - j0);
        for (int r = 0; r < nq; r++) {
          int t = t0 + r;
          int visible = Math.min(nk, past + t + 1 - j0); // causal: keys j ≤ past + t
          if (visible <= 0) continue;
          float blockMax = Float.NEGATIVE_INFINITY;
          for (int c = 0; c < visible; c++) {
            int j = j0 + c;
            float x = scalar ? Kernels.dotScalar(q, t * qw + h * headDim, k, j * kw + g * headDim, headDim)
                : Kernels.dot(q, t * qw + h * headDim, k, j * kw + g * headDim, headDim);
            x = alibi == null ? x * scale : (x + alibi.bias(h, j)) * scale;
            s[c] = x;
            blockMax = Math.max(blockMax, x);
          }
          float mNew = Math.max(m[r], blockMax);
          float correction = (float) Math.exp(m[r] - mNew); // 0 on the first block (m = −∞)
          int a = r * headDim;
          if (correction != 1f) {
            if (scalar) for (int i = 0; i < headDim; i++) acc[a + i] *= correction;
            else Kernels.scale(correction, acc, a, headDim);
          }
          float sum = 0;
          for (int c = 0; c < visible; c++) {
            float p = (float) Math.exp(s[c] - mNew);
            sum += p;
            int vo = (j0 + c) * kw + g * headDim;
            if (scalar) for (int i = 0; i < headDim; i++) acc[a + i] += p * v[vo + i];
            else Kernels.axpy(p, v, vo, acc, a, headDim);
          }
          l[r] = l[r] * correction + sum;
          m[r] = mNew;
        }
      }
      for (int r = 0; r < nq; r++) {
        int o = (t0 + r) * qw + h * headDim;
        float inv = 1f / l[r];
        for (int i = 0; i < headDim; i++) out[o + i] = acc[r * headDim + i] * inv;
      }
    }
  }
}
