package org.falconet.model;

import org.falconet.model.internal.Scratch;
import org.falconet.model.internal.Scratch.Slot;

/**
 * Falcon's feed-forward network (transformers' {@code FalconMLP}): dense_h_to_4h, exact GELU, dense_4h_to_h.
 *
 * @param up   dense_h_to_4h: [d] → [ffn]
 * @param down dense_4h_to_h: [ffn] → [d]
 */
public record Mlp(Linear up, Linear down) {

  /** x [T, d] → out [T, d]. */
  public void forward(float[] x, int T, float[] out, boolean reference) {
    float[] hidden = Scratch.floats(Slot.MLP_HIDDEN, T * up.out()); // [T, ffn]
    up.forward(x, T, hidden, reference);
    Gelu.applyInPlace(hidden, T * up.out());
    down.forward(hidden, T, out, reference);          // [T, d]
  }
}
