package org.falconet.model;

import org.falconet.model.internal.Scratch;
import org.falconet.model.internal.Scratch.Slot;

/**
 * One Falcon decoder layer (transformers' {@code FalconDecoderLayer}) in its three arrangements:
 * <ul>
 *   <li>new decoder architecture (40B): ln_attn and ln_mlp read the same input; h + attn(ln_attn h) + mlp(ln_mlp h)
 *       (one shared norm when num_ln_in_parallel_attn = 1);</li>
 *   <li>parallel (7B): one input_layernorm feeds both; h + attn(ln h) + mlp(ln h);</li>
 *   <li>sequential (rw): h' = h + attn(ln h); h' + mlp(post_attention_layernorm h').</li>
 * </ul>
 *
 * @param config  the model config
 * @param lnAttn  input_layernorm, or ln_attn in the two-norm architecture
 * @param lnMlp   ln_mlp (two norms) or post_attention_layernorm (sequential); null otherwise
 * @param attn    self_attention
 * @param mlp     mlp
 */
public record Block(FalconConfig config, LayerNorm lnAttn, LayerNorm lnMlp, Attention attn, Mlp mlp) {

  /** h [T, d] is updated in place; the intermediate activations live in this thread's {@link Scratch} arrays. */
  public void forward(float[] h, int T, int past, float[][] ropeTable, float[] keys, float[] values, boolean reference) {
    int d = config.hiddenSize();
    float[] attnIn = Scratch.floats(Slot.ATTENTION_INPUT, T * d);
    lnAttn.forward(h, T, attnIn);                                  // [T, d]
    float[] mlpIn;
    if (config.twoLayerNorms()) {
      mlpIn = Scratch.floats(Slot.MLP_INPUT, T * d);
      lnMlp.forward(h, T, mlpIn);
    } else {
      mlpIn = attnIn;
    }
    float[] attnOut = Scratch.floats(Slot.ATTENTION_OUTPUT, T * d);
    attn.forward(attnIn, T, past, ropeTable, keys, values, attnOut, reference);

    boolean parallel = config.newDecoderArchitecture() || config.parallelAttn();
    if (!parallel) {
      for (int i = 0; i < T * d; i++) h[i] += attnOut[i];          // residual after attention
      mlpIn = Scratch.floats(Slot.MLP_INPUT, T * d);
      lnMlp.forward(h, T, mlpIn);                                  // post_attention_layernorm
    }
    float[] mlpOut = Scratch.floats(Slot.MLP_OUTPUT, T * d);
    mlp.forward(mlpIn, T, mlpOut, reference);
    if (parallel) {
      for (int i = 0; i < T * d; i++) h[i] += mlpOut[i] + attnOut[i];
    } else {
      for (int i = 0; i < T * d; i++) h[i] += mlpOut[i];
    }
  }
}
