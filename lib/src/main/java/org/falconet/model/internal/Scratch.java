package org.falconet.model.internal;

import java.lang.ref.SoftReference;

/**
 * Work arrays that the forward pass reuses instead of allocating: one array per {@link Slot} per thread, grown when a
 * longer prompt needs more.
 *
 * <p>A prompt's activations are large: at 256 tokens of Falcon-7B's width one [T, d] array is 4.6 MB and the MLP's
 * [T, 4d] 18.6 MB. Allocated afresh in every layer and every matrix product they are "humongous" objects to G1
 * (over half a 4 MB region), hundreds of megabytes a prompt, which kept the collector in back-to-back concurrent
 * cycles and the kernel busy faulting in and zeroing pages: six 256-token prompts through an 8-layer Falcon-7B-shaped
 * model (loading included) took 18.7 s of system time beside 61 s of user time and 152 collections. Reused, the arrays
 * are touched once and stay in place.
 *
 * <p>An array is held through a {@link SoftReference}, so the collector may take it back when memory runs short; the
 * contents of an array returned by {@link #floats} are whatever its last user left, and it may be longer than asked
 * for: the caller writes every element it later reads. Two uses of one slot must never overlap on a thread: each
 * slot belongs to one place in the forward pass.
 */
public final class Scratch {
  private Scratch() {}

  /** The places in the forward pass that own a work array. */
  public enum Slot {
    /** A layer's normalised input to attention, [T, d]. */
    ATTENTION_INPUT,
    /** A layer's normalised input to the MLP when it has its own layer norm, [T, d]. */
    MLP_INPUT,
    /** The attention's output, [T, d]. */
    ATTENTION_OUTPUT,
    /** The MLP's output, [T, d]. */
    MLP_OUTPUT,
    /** The fused query-key-value projection, [T, (H + 2·kv)·hd]. */
    FUSED_QKV,
    /** The queries after rotary, [T, H·hd]. */
    QUERIES,
    /** The attention context before {@code dense}, [T, H·hd]. */
    CONTEXT,
    /** The MLP's hidden activations, [T, ffn]. */
    MLP_HIDDEN,
    /** The input of a matrix-vector product in the kernels' order (pair-permuted or scaled), [T, cols]. */
    KERNEL_INPUT,
    /** {@link Gemm}'s token panels of x. */
    GEMM_PANELS,
    /** {@link Gemm}'s block of weights converted to float, per task thread. */
    GEMM_WEIGHTS,
    /** {@link Gemm}'s block of outputs, per task thread. */
    GEMM_OUTPUT
  }

  private static final int SLOTS = Slot.values().length;

  @SuppressWarnings("unchecked")
  private static final ThreadLocal<SoftReference<float[]>[]> ARRAYS = ThreadLocal.withInitial(() -> new SoftReference[SLOTS]);

  /** This thread's array for {@code slot}, at least {@code n} long; its contents are undefined. */
  public static float[] floats(Slot slot, int n) {
    SoftReference<float[]>[] arrays = ARRAYS.get();
    SoftReference<float[]> ref = arrays[slot.ordinal()];
    float[] a = ref == null ? null : ref.get();
    if (a == null || a.length < n) {
      a = null;                                       // the old one can go before the new one is allocated
      arrays[slot.ordinal()] = null;
      a = new float[n];
      arrays[slot.ordinal()] = new SoftReference<>(a);
    }
    return a;
  }
}
