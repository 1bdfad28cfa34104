package org.falconet.model.nd4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.falconet.model.FalconConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Falcon self-attention on ND4J arrays: the fused projection (rows reordered by {@link QkvRows} so Q, K and V are
 * column ranges), rotary embeddings or ALiBi, causal attention over the device-side KV cache, and {@code dense}.
 *
 * @param config the model config
 * @param qkv    query_key_value, rows in {@link QkvRows#order} order
 * @param dense  dense: [H·hd] → [d]
 */
public record Nd4jAttention(FalconConfig config, Nd4jLinear qkv, Nd4jLinear dense) {

  /** The per-call inputs every layer shares: rotary table (null with ALiBi), causal mask, ALiBi bias (or null). */
  public record Step(int past, int T, Nd4jRope rope, INDArray mask, INDArray alibi) {}

  /** x [T, d] → [T, d]; appends the tokens' keys (after rotary) and values to layer {@code l} of the cache. */
  public INDArray forward(INDArray x, Step s, Nd4jKvCache cache, int l) {
    int H = config.numHeads();
    int kv = config.numKvHeads();
    int hd = config.headDim();
    int T = s.T();
    int G = H / kv;
    INDArray fused = qkv.forward(x);                                                   // [T, (H + 2kv)·hd]
    INDArray q = fused.get(all(), interval(0, H * hd)).dup('c').reshape(T, H, hd);     // [T, H, hd]
    INDArray k = fused.get(all(), interval(H * hd, (H + kv) * hd)).dup('c').reshape(T, kv, hd);
    INDArray v = fused.get(all(), interval((H + kv) * hd, (H + 2 * kv) * hd)).dup('c').reshape(T, kv, hd);
    if (s.rope() != null) {
      q = s.rope().rotate(q, false);
      k = s.rope().rotate(k, false);
    }
    cache.write(l, k, v);
    int S = s.past() + T;
    // [T, H, hd] → [kv, G·T, hd]: the G query heads of one key/value head stacked (head h = group·G + g)
    INDArray q3 = q.reshape(T, kv, G, hd).permute(1, 2, 0, 3).dup('c').reshape(kv, (long) G * T, hd);
    INDArray k3 = cache.keys(l, S).permute(1, 0, 2);                                   // [kv, S, hd]
    INDArray v3 = cache.values(l, S).permute(1, 0, 2);                                 // [kv, S, hd]
    INDArray o = CausalAttention.forward(q3, k3, v3, G, T, s.mask(), s.alibi()).out(); // [kv, G·T, hd]
    INDArray context = o.reshape(kv, G, T, hd).permute(2, 0, 1, 3).dup('c').reshape(T, (long) H * hd);
    return dense.forward(context);                                                     // [T, d]
  }
}
