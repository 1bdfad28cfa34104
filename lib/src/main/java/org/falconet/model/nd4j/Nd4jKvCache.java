package org.falconet.model.nd4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.falconet.model.CausalLanguageModel;
import org.falconet.model.FalconConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The KV cache of {@link Nd4jFalcon} as ND4J arrays, so on a GPU the keys and values never leave the device: per
 * layer K and V [capacity, kv, hd] in float32, grown by doubling.
 */
public final class Nd4jKvCache implements CausalLanguageModel.Cache {
  private final int kvHeads;
  private final int headDim;
  private final INDArray[] k;
  private final INDArray[] v;
  private int capacity;
  private int length;

  /** An empty cache for a model of shape {@code c}. */
  public Nd4jKvCache(FalconConfig c) {
    this.kvHeads = c.numKvHeads();
    this.headDim = c.headDim();
    this.k = new INDArray[c.numLayers()];
    this.v = new INDArray[c.numLayers()];
    this.capacity = 0;
  }

  /** The ND4J backend's cache, or a clear error for another backend's. */
  static Nd4jKvCache of(CausalLanguageModel.Cache c) {
    if (c instanceof Nd4jKvCache n) return n;
    throw new IllegalArgumentException("the ND4J backend needs its own Nd4jKvCache (from Nd4jFalcon.newCache()), not "
        + c.getClass().getSimpleName());
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public void truncate(int n) {
    if (n < 0 || n > length) throw new IllegalArgumentException("cannot truncate a cache of " + length + " to " + n);
    length = n;
  }

  @Override
  public long bytes() {
    return 2L * k.length * capacity * kvHeads * headDim * 4;
  }

  /** Makes room for {@code extra} more positions (copies on the device when it grows). */
  void ensure(int extra) {
    int need = length + extra;
    if (need <= capacity) return;
    int cap = Math.max(need, Math.max(16, capacity * 2));
    for (int l = 0; l < k.length; l++) {
      k[l] = grown(k[l], cap);
      v[l] = grown(v[l], cap);
    }
    capacity = cap;
  }

  private INDArray grown(INDArray old, int cap) {
    INDArray a = Nd4j.zeros(DataType.FLOAT, cap, kvHeads, headDim);
    if (old != null && length > 0) a.get(interval(0, length), all(), all()).assign(old.get(interval(0, length), all(), all()));
    return a;
  }

  /** Writes layer l's keys and values [T, kv, hd] at positions length..length+T−1 (before {@link #advance}). */
  void write(int l, INDArray keys, INDArray values) {
    long T = keys.size(0);
    k[l].get(interval(length, length + T), all(), all()).assign(keys);
    v[l].get(interval(length, length + T), all(), all()).assign(values);
  }

  /** Layer l's keys [S, kv, hd] for positions 0..S−1 (a view). */
  INDArray keys(int l, int S) {
    return k[l].get(interval(0, S), all(), all());
  }

  /** Layer l's values [S, kv, hd] (a view). */
  INDArray values(int l, int S) {
    return v[l].get(interval(0, S), all(), all());
  }

  /** Declares T more positions stored. */
  void advance(int T) {
    length += T;
  }
}
