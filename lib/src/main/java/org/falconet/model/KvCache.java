package org.falconet.model;

import java.util.Arrays;

/**
 * Keys (after rotary) and values of every position seen so far, per layer, so that decoding one more token costs
 * one token's work: incremental decoding gives the logits a full recompute would.
 */
public final class KvCache implements CausalLanguageModel.Cache {
  private final int width;     // kv_heads · head_dim
  private final float[][] k;   // per layer [capacity, width]
  private final float[][] v;
  private int capacity;
  private int length;

  public KvCache(FalconConfig c) {
    this(c.numLayers(), c.numKvHeads() * c.headDim());
  }

  KvCache(int layers, int width) {
    this.width = width;
    this.capacity = 16;
    this.k = new float[layers][capacity * width];
    this.v = new float[layers][capacity * width];
  }

  /** The Java backend's cache, or a clear error for another backend's. */
  static KvCache of(CausalLanguageModel.Cache c) {
    if (c instanceof KvCache k) return k;
    throw new IllegalArgumentException("the Java backend needs its own KvCache (from Falcon.newCache()), not "
        + c.getClass().getSimpleName());
  }

  /** Positions held. */
  @Override
  public int length() {
    return length;
  }

  /** Forgets every position (a new sequence). */
  @Override
  public void clear() {
    length = 0;
  }

  /** Forgets positions from {@code n} on (e.g. to rewind a shared prompt). */
  @Override
  public void truncate(int n) {
    if (n < 0 || n > length) throw new IllegalArgumentException("cannot truncate a cache of " + length + " to " + n);
    length = n;
  }

  /** Makes room for {@code extra} more positions. */
  void ensure(int extra) {
    int need = length + extra;
    if (need <= capacity) return;
    int cap = Math.max(need, capacity * 2);
    for (int l = 0; l < k.length; l++) {
      k[l] = Arrays.copyOf(k[l], cap * width);
      v[l] = Arrays.copyOf(v[l], cap * width);
    }
    capacity = cap;
  }

  /** Layer l's keys [capacity, width] (rows below length + the current step are valid). */
  float[] keys(int l) {
    return k[l];
  }

  float[] values(int l) {
    return v[l];
  }

  /** Declares T more positions stored (after every layer wrote them). */
  void advance(int T) {
    length += T;
  }

  /** Bytes held by the cache now. */
  @Override
  public long bytes() {
    return 2L * k.length * (long) capacity * width * 4;
  }
}
