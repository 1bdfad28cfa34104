package org.falconet.model;

/**
 * A Falcon forward pass, whichever backend computes it: the Java kernels ({@link Falcon}) or ND4J arrays
 * ({@link org.falconet.model.nd4j.Nd4jFalcon}). Generation, evaluation and the notebooks use this type only, so
 * either backend can run them.
 *
 * <pre>{@code
 * CausalLanguageModel model = Backend.ND4J.load(Path.of("models/falcon-tiny"));
 * CausalLanguageModel.Cache cache = model.newCache();
 * float[] logits = model.forward(new int[] {1, 2, 3}, cache);   // [3, vocab]
 * float[] next = model.forwardLast(new int[] {4}, cache);        // [vocab], one more token
 * }</pre>
 */
public interface CausalLanguageModel {

  /**
   * The keys and values of every position a model has seen (its KV cache), so that one more token costs one token's
   * work. Each backend keeps its own kind (Java arrays, or ND4J arrays on the device) and refuses the other's.
   */
  interface Cache {
    /** Positions held. */
    int length();

    /** Forgets positions from {@code n} on (e.g. to rewind to a shared prompt). */
    void truncate(int n);

    /** Forgets every position (a new sequence). */
    default void clear() {
      truncate(0);
    }

    /** Bytes the cache holds now. */
    long bytes();
  }

  /** The model's shape. */
  FalconConfig config();

  /** An empty cache for this model. */
  Cache newCache();

  /** Logits [T, vocab] for {@code tokens} appended after what {@code cache} holds; mutates the cache. */
  float[] forward(int[] tokens, Cache cache);

  /** Logits [vocab] of the last of {@code tokens} only (what generation needs); mutates the cache. */
  float[] forwardLast(int[] tokens, Cache cache);

  /** Bytes of weights read to decode one token. */
  long decodeWeightBytes();

  /** Which backend and device compute this model, for people: e.g. {@code java (CPU, Vector API)}. */
  String device();
}
