package org.falconet.train;

import java.util.List;

/**
 * Low-rank adaptation (Hu et al. 2021, arXiv 2106.09685): each targeted weight W [out, in] is used
 * as W + (α/r)·B·A with A [r, in] and B [out, r] trained and W frozen. B starts at zero, so training
 * starts from exactly the base model; A starts uniform in ±1/√in (PEFT's Kaiming-uniform with a = √5).
 *
 * @param rank    r; 0 turns the adapters off
 * @param alpha   α; the update is scaled by α/r
 * @param targets which of Falcon's linears get adapters, by their checkpoint names
 */
public record LoraParams(int rank, double alpha, List<String> targets) {
  /** Every linear of the Falcon block, as the issue and Falcon-40B-Instruct-style tuning do. */
  public static final List<String> ALL_LINEARS = List.of("query_key_value", "dense", "dense_h_to_4h", "dense_4h_to_h");

  /** r = 8, α = 16 on every linear: PEFT's common setting for causal LMs. */
  public static final LoraParams DEFAULT = new LoraParams(8, 16, ALL_LINEARS);

  public LoraParams {
    if (rank < 0 || !(alpha > 0)) {
      throw new IllegalArgumentException("LoRA needs rank >= 0 and alpha > 0");
    }
    targets = List.copyOf(targets);
    for (String t : targets) {
      if (!ALL_LINEARS.contains(t)) {
        throw new IllegalArgumentException("unknown LoRA target '" + t + "'; valid: " + ALL_LINEARS);
      }
    }
  }

  public double scale() {
    return rank == 0 ? 0 : alpha / rank;
  }
}
