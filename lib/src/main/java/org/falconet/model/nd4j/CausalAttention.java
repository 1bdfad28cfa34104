package org.falconet.model.nd4j;

import org.falconet.model.Alibi;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Causal scaled dot-product attention as batched matrix products, P = softmax((Q·Kᵀ + bias)/√d + mask),
 * O = P·V, for grouped queries: the G = H/kv query heads that share one key/value head are stacked into one
 * matrix of G·T rows, so multi-query (kv = 1) and grouped-query attention are one product per key/value head.
 * Unlike the Java backend's FlashAttention kernel it materialises P, which is what a GPU's batched GEMMs want.
 */
public final class CausalAttention {
  private CausalAttention() {}

  /** The attention probabilities [N, G·T, S] and output [N, G·T, hd] of one call. */
  public record Result(INDArray probabilities, INDArray out) {}

  /** The gradients of Q [N, G·T, hd], K and V [N, S, hd]. */
  public record Gradients(INDArray dq, INDArray dk, INDArray dv) {}

  /** The additive causal mask [1, 1, T, S]: query t (at position past + t) sees keys j ≤ past + t. */
  public static INDArray mask(int T, int past) {
    int S = past + T;
    float[] m = new float[T * S];
    for (int t = 0; t < T; t++) {
      for (int j = past + t + 1; j < S; j++) m[t * S + j] = Float.NEGATIVE_INFINITY;
    }
    return Nd4j.create(m, new long[] {1, 1, T, S}, 'c');
  }

  /** ALiBi's bias(h, j) for keys j &lt; S as [kv, G, 1, S], head h = group·G + g (the Java backend's bf16 values). */
  public static INDArray alibi(Alibi alibi, int heads, int kvHeads, int S) {
    float[] b = new float[heads * S];
    for (int h = 0; h < heads; h++) {
      for (int j = 0; j < S; j++) b[h * S + j] = alibi.bias(h, j);
    }
    return Nd4j.create(b, new long[] {kvHeads, heads / kvHeads, 1, S}, 'c');
  }

  /**
   * q [N, G·T, hd] (rows g·T + t), k and v [N, S, hd] → P and O. {@code alibi} is null for rotary models; with it
   * the bias is added before scaling, as transformers does.
   */
  public static Result forward(INDArray q, INDArray k, INDArray v, int groups, int T, INDArray mask, INDArray alibi) {
    long N = q.size(0);
    long hd = q.size(2);
    long S = k.size(1);
    double scale = (float) (1.0 / Math.sqrt(hd));
    INDArray scores = Nd4j.matmul(q, k.permute(0, 2, 1)).reshape(N, groups, T, S);   // [N, G, T, S]
    if (alibi != null) scores = scores.add(alibi);
    scores = scores.muli(scale).add(mask);
    INDArray p = Nd4j.exec(new SoftMax(scores, 3))[0].reshape(N, (long) groups * T, S);  // [N, G·T, S]
    INDArray out = Nd4j.matmul(p, v);                                                  // [N, G·T, hd]
    return new Result(p, out);
  }

  /**
   * Back through {@link #forward} (rotary models): dO [N, G·T, hd] → dQ, dK, dV, with
   * dS = P ∘ (dP − rowsum(dP ∘ P)) / √d for dP = dO·Vᵀ.
   */
  public static Gradients backward(Result r, INDArray q, INDArray k, INDArray v, INDArray dOut) {
    double scale = (float) (1.0 / Math.sqrt(q.size(2)));
    INDArray p = r.probabilities();
    INDArray dv = Nd4j.matmul(p.permute(0, 2, 1), dOut);                       // [N, S, hd]
    INDArray dp = Nd4j.matmul(dOut, v.permute(0, 2, 1));                        // [N, G·T, S]
    INDArray rowDot = dp.mul(p).sum(true, 2);                                   // [N, G·T, 1]
    INDArray ds = dp.subi(rowDot).muli(p).muli(scale);
    INDArray dq = Nd4j.matmul(ds, k);                                           // [N, G·T, hd]
    INDArray dk = Nd4j.matmul(ds.permute(0, 2, 1), q);                          // [N, S, hd]
    return new Gradients(dq, dk, dv);
  }
}
