package org.falconet.model;

import org.falconet.model.internal.Scratch;
import org.falconet.model.internal.Scratch.Slot;

/**
 * Falcon self-attention (transformers' {@code FalconAttention}): one fused projection to queries, keys and values,
 * rotary embeddings or ALiBi, causal attention over the KV cache, and the output projection {@code dense}.
 *
 * @param config the model config
 * @param qkv    query_key_value: [d] → [(H + 2·kv)·hd]
 * @param dense  dense: [H·hd] → [d]
 * @param rope   rotary embeddings, or null with ALiBi
 * @param kernel the attention core
 */
public record Attention(FalconConfig config, Linear qkv, Linear dense, Rope rope, AttentionKernel kernel) {

  /** Builds the layer for a config from its two linears. */
  public static Attention of(FalconConfig c, Linear qkv, Linear dense) {
    Rope rope = c.alibi() ? null : new Rope(c.headDim(), c.ropeTheta());
    Alibi alibi = c.alibi() ? new Alibi(c.numHeads()) : null;
    return new Attention(c, qkv, dense, rope, new AttentionKernel(c.numHeads(), c.numKvHeads(), c.headDim(), alibi));
  }

  /** Column where query head h starts inside one token's fused QKV row. */
  public int queryOffset(int h) {
    int hd = config.headDim();
    return switch (config.qkvLayout()) {
      // view(kv, H/kv + 2, hd): group g holds its H/kv queries, then its key, then its value.
      case GROUPED -> {
        int per = config.numHeads() / config.numKvHeads();
        yield ((h / per) * (per + 2) + h % per) * hd;
      }
      case MULTI_QUERY -> h * hd;                 // view(H + 2, hd)
      case INTERLEAVED -> 3 * h * hd;             // view(H, 3, hd)
    };
  }

  /** Column where key head g starts; the value head follows it by hd in every layout. */
  public int keyOffset(int g) {
    int hd = config.headDim();
    return switch (config.qkvLayout()) {
      case GROUPED -> {
        int per = config.numHeads() / config.numKvHeads();
        yield (g * (per + 2) + per) * hd;
      }
      case MULTI_QUERY -> config.numHeads() * hd;
      case INTERLEAVED -> (3 * g + 1) * hd;
    };
  }

  /**
   * x [T, d] → out [T, d] for the T tokens at positions past..past+T−1, appending their keys and values to
   * {@code keys}/{@code values} [capacity, kv·hd] (the layer's slice of the KV cache).
   */
  public void forward(float[] x, int T, int past, float[][] ropeTable, float[] keys, float[] values,
                      float[] out, boolean reference) {
    int width = T * config.numHeads() * config.headDim();
    float[] q = Scratch.floats(Slot.QUERIES, width);   // [T, H·hd]
    project(x, T, past, ropeTable, keys, values, reference, q);
    float[] context = Scratch.floats(Slot.CONTEXT, width); // [T, H·hd]
    if (reference) kernel.plain(q, keys, values, T, past, context);
    else kernel.flash(q, keys, values, T, past, context);
    dense.forward(context, T, out, reference);        // [T, d]
  }

  /**
   * The first half of {@link #forward}: the queries [T, H·hd] of x [T, d] after rotary, with the tokens' keys
   * (after rotary) and values written to rows past..past+T−1 of {@code keys}/{@code values}.
   */
  public float[] project(float[] x, int T, int past, float[][] ropeTable, float[] keys, float[] values,
                         boolean reference) {
    float[] q = new float[T * config.numHeads() * config.headDim()];
    project(x, T, past, ropeTable, keys, values, reference, q);
    return q;
  }

  /** {@link #project} into q [T, H·hd]. */
  private void project(float[] x, int T, int past, float[][] ropeTable, float[] keys, float[] values, boolean reference,
                       float[] q) {
    int H = config.numHeads();
    int kvH = config.numKvHeads();
    int hd = config.headDim();
    int w = qkv.out();
    float[] fused = Scratch.floats(Slot.FUSED_QKV, T * w); // [T, (H + 2kv)·hd]
    qkv.forward(x, T, fused, reference);

    for (int t = 0; t < T; t++) {
      for (int h = 0; h < H; h++) {
        System.arraycopy(fused, t * w + queryOffset(h), q, (t * H + h) * hd, hd);
        if (rope != null) rope.rotate(q, (t * H + h) * hd, ropeTable[0], ropeTable[1], t);
      }
      int row = (past + t) * kvH * hd;                // cache row of this position: [kv·hd]
      for (int g = 0; g < kvH; g++) {
        System.arraycopy(fused, t * w + keyOffset(g), keys, row + g * hd, hd);
        System.arraycopy(fused, t * w + keyOffset(g) + hd, values, row + g * hd, hd);
        if (rope != null) rope.rotate(keys, row + g * hd, ropeTable[0], ropeTable[1], t);
      }
    }
  }
}
