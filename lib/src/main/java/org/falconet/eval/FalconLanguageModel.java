package org.falconet.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.falconet.model.CausalLanguageModel;
import org.falconet.tokenizer.Tokenizer;

/**
 * A Falcon and its tokenizer as the harness's language model. Continuations that share a context
 * are scored with one forward pass over the context: its keys and values stay in the KV cache, each
 * continuation runs on top of them, and the cache is cut back to the context before the next.
 */
public final class FalconLanguageModel implements LanguageModel {
  private final CausalLanguageModel model;
  private final Function<String, int[]> encoder;
  private final int endOfText;
  private final int maxLength;

  public FalconLanguageModel(CausalLanguageModel model, Tokenizer tokenizer) {
    this(model, tokenizer::encode, model.config().eosTokenId(), 2048);
  }

  /**
   * @param encoder   text to token ids (without special tokens)
   * @param endOfText the token placed before a text with no context
   * @param maxLength longest sequence scored; 2048 is Falcon's training context
   */
  public FalconLanguageModel(CausalLanguageModel model, Function<String, int[]> encoder, int endOfText, int maxLength) {
    this.model = model;
    this.encoder = encoder;
    this.endOfText = endOfText;
    this.maxLength = maxLength;
  }

  @Override
  public int[] encode(String text) {
    return encoder.apply(text);
  }

  @Override
  public int endOfTextToken() {
    return endOfText;
  }

  @Override
  public int maxLength() {
    return maxLength;
  }

  @Override
  public TokenScores score(int[] tokens) {
    float[] logits = model.forward(tokens, model.newCache());           // [T, V]
    int V = model.config().vocabSize();
    double[] lp = new double[tokens.length - 1];
    boolean[] greedy = new boolean[tokens.length - 1];
    for (int i = 0; i + 1 < tokens.length; i++) {
      lp[i] = logSoftmax(logits, i * V, V, tokens[i + 1]);
      greedy[i] = argmax(logits, i * V, V) == tokens[i + 1];
    }
    return new TokenScores(lp, greedy);
  }

  @Override
  public List<Continuation> scoreContinuations(int[] context, List<int[]> continuations) {
    int longest = continuations.stream().mapToInt(c -> c.length).max().orElse(0);
    int keep = Math.min(context.length, maxLength + 1 - longest);     // cut the context from the left to fit
    if (keep < 1) {
      return LanguageModel.super.scoreContinuations(context, continuations);
    }
    int[] ctx = java.util.Arrays.copyOfRange(context, context.length - keep, context.length);
    CausalLanguageModel.Cache cache = model.newCache();
    float[] last = model.forwardLast(ctx, cache);                     // [V]: predicts the first continuation token
    int V = model.config().vocabSize();
    List<Continuation> out = new ArrayList<>();
    for (int[] cont : continuations) {
      cache.truncate(ctx.length);
      double sum = logSoftmax(last, 0, V, cont[0]);
      boolean greedy = argmax(last, 0, V) == cont[0];
      if (cont.length > 1) {
        float[] logits = model.forward(java.util.Arrays.copyOf(cont, cont.length - 1), cache);   // [len-1, V]
        for (int i = 1; i < cont.length; i++) {
          sum += logSoftmax(logits, (i - 1) * V, V, cont[i]);
          greedy &= argmax(logits, (i - 1) * V, V) == cont[i];
        }
      }
      out.add(new Continuation(sum, greedy));
    }
    return out;
  }

  static double logSoftmax(float[] logits, int off, int n, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, logits[off + i]);
    }
    double z = 0;
    for (int i = 0; i < n; i++) {
      z += Math.exp(logits[off + i] - max);
    }
    return logits[off + target] - max - Math.log(z);
  }

  static int argmax(float[] logits, int off, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (logits[off + i] > logits[off + best]) {
        best = i;
      }
    }
    return best;
  }
}
