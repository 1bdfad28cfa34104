package org.falconet.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training data as language models see it: every document's tokens followed by the end-of-text
 * token, all concatenated into one stream, and batches of windows of {@code T + 1} tokens cut from
 * it (inputs are the first {@code T}, targets the last {@code T}). Documents are split into training
 * and validation sets whole, by a seeded draw, so no validation text is trained on.
 *
 * <p>Batches are drawn at seeded random offsets; the position in the draw is part of a checkpoint,
 * so a resumed run sees the same batches as one that never stopped.
 */
public final class PackedSequences {
  private final int[] train;
  private final int[] validation;

  private PackedSequences(int[] train, int[] validation) {
    this.train = train;
    this.validation = validation;
  }

  /**
   * Packs tokenized documents.
   *
   * @param documents       token ids per document, without the end-of-text token
   * @param endOfText       the separator appended after each document ({@code <|endoftext|>} = 11 in Falcon's vocabulary)
   * @param validationShare share of documents held out, e.g. 0.05
   * @param seed            decides which documents are held out
   */
  public static PackedSequences pack(List<int[]> documents, int endOfText, double validationShare, long seed) {
    if (validationShare < 0 || validationShare >= 1) {
      throw new IllegalArgumentException("validation share must be in [0, 1): " + validationShare);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<int[]> tr = new ArrayList<>();
    List<int[]> va = new ArrayList<>();
    for (int[] doc : documents) {
      (rnd.nextDouble() < validationShare ? va : tr).add(doc);
    }
    return new PackedSequences(concat(tr, endOfText), concat(va, endOfText));
  }

  private static int[] concat(List<int[]> docs, int eot) {
    int n = 0;
    for (int[] d : docs) {
      n += d.length + 1;
    }
    int[] out = new int[n];
    int at = 0;
    for (int[] d : docs) {
      System.arraycopy(d, 0, out, at, d.length);
      at += d.length;
      out[at++] = eot;
    }
    return out;
  }

  public int[] trainTokens() {
    return train;
  }

  public int[] validationTokens() {
    return validation;
  }

  /** A batch: {@code inputs} and {@code targets}, both [B, T] row-major. */
  public record Batch(int[] inputs, int[] targets, int batchSize, int seqLen) {}

  /** A seeded stream of training batches; {@code drawn} says how many were taken, for resuming. */
  public final class Sampler {
    private final int batchSize;
    private final int seqLen;
    private final SplittableRandom rnd;
    private long drawn;

    Sampler(int batchSize, int seqLen, long seed) {
      if (train.length < seqLen + 1) {
        throw new IllegalArgumentException("training stream has " + train.length + " tokens, a window needs "
            + (seqLen + 1));
      }
      this.batchSize = batchSize;
      this.seqLen = seqLen;
      this.rnd = new SplittableRandom(seed);
    }

    public Batch next() {
      drawn++;
      int[] x = new int[batchSize * seqLen];
      int[] y = new int[batchSize * seqLen];
      for (int b = 0; b < batchSize; b++) {
        int start = rnd.nextInt(train.length - seqLen);
        System.arraycopy(train, start, x, b * seqLen, seqLen);
        System.arraycopy(train, start + 1, y, b * seqLen, seqLen);
      }
      return new Batch(x, y, batchSize, seqLen);
    }

    public long drawn() {
      return drawn;
    }
  }

  /** Training batches from seed {@code seed}, skipping the first {@code alreadyDrawn} (to resume). */
  public Sampler sampler(int batchSize, int seqLen, long seed, long alreadyDrawn) {
    Sampler s = new Sampler(batchSize, seqLen, seed);
    for (long i = 0; i < alreadyDrawn; i++) {
      s.next();
    }
    return s;
  }

  /** The validation stream cut into consecutive, non-overlapping [B, T] batches (the tail shorter than a window is left out). */
  public List<Batch> validationBatches(int batchSize, int seqLen) {
    List<Batch> out = new ArrayList<>();
    int windows = (validation.length - 1) / seqLen;
    for (int w0 = 0; w0 + batchSize <= windows; w0 += batchSize) {
      int[] x = new int[batchSize * seqLen];
      int[] y = new int[batchSize * seqLen];
      for (int b = 0; b < batchSize; b++) {
        int start = (w0 + b) * seqLen;
        System.arraycopy(validation, start, x, b * seqLen, seqLen);
        System.arraycopy(validation, start + 1, y, b * seqLen, seqLen);
      }
      out.add(new Batch(x, y, batchSize, seqLen));
    }
    return out;
  }
}
