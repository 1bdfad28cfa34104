package org.falconet.model.nd4j;

import org.falconet.model.FalconConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One Falcon decoder layer on ND4J arrays, in the arrangements of {@link org.falconet.model.Block}:
 * parallel, h + attn(LN h) + mlp(LN′ h) (7B, 40B; LN′ = LN with one norm), or sequential,
 * h′ = h + attn(LN h), h′ + mlp(LN′ h′) (rw).
 *
 * @param config  the model config
 * @param lnAttn  input_layernorm, or ln_attn with two norms
 * @param lnMlp   ln_mlp (two norms) or post_attention_layernorm (sequential); null otherwise
 * @param attn    self_attention
 * @param up      mlp.dense_h_to_4h
 * @param down    mlp.dense_4h_to_h
 */
public record Nd4jBlock(FalconConfig config, Nd4jLayerNorm lnAttn, Nd4jLayerNorm lnMlp, Nd4jAttention attn,
                        Nd4jLinear up, Nd4jLinear down) {

  /** h [T, d] → the block's output [T, d] (a new array); writes this layer's keys and values to the cache. */
  public INDArray forward(INDArray h, Nd4jAttention.Step s, Nd4jKvCache cache, int layer) {
    INDArray attnIn = lnAttn.forward(h);                                   // [T, d]
    INDArray attnOut = attn.forward(attnIn, s, cache, layer);              // [T, d]
    if (config.newDecoderArchitecture() || config.parallelAttn()) {
      INDArray mlpIn = config.twoLayerNorms() ? lnMlp.forward(h) : attnIn;
      return h.add(attnOut).addi(mlp(mlpIn));                              // h + attn + mlp
    }
    INDArray mid = h.add(attnOut);                                         // residual after attention
    return mid.addi(mlp(lnMlp.forward(mid)));
  }

  /** down(GELU(up(x))): [T, d] → [T, ffn] → [T, d]. */
  public INDArray mlp(INDArray x) {
    return down.forward(Nd4jGelu.forward(up.forward(x)));
  }

  /** Bytes of weights one token reads. */
  public long bytes() {
    return attn.qkv().bytes() + attn.dense().bytes() + up.bytes() + down.bytes();
  }
}
