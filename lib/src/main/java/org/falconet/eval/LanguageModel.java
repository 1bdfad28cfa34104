package org.falconet.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * What the evaluation needs of a model: its tokenizer and the log-probabilities it gives tokens.
 * A Falcon with its tokenizer is one; tests use small models whose answers are known.
 */
public interface LanguageModel {

  /** Token ids for text, without special tokens. */
  int[] encode(String text);

  /** The end-of-text token, used as the context of a text that has none (the harness does this). */
  int endOfTextToken();

  /** The longest sequence the model takes; longer inputs are cut from the left. */
  int maxLength();

  /**
   * Log-probabilities of each token given those before it: element {@code i} is
   * {@code log p(tokens[i + 1] | tokens[0..i])}, so the result has {@code tokens.length - 1} entries.
   * The second array says whether each of those tokens was the model's argmax.
   */
  TokenScores score(int[] tokens);

  /** Per-token log-probabilities and argmax flags of one sequence. */
  record TokenScores(double[] logprobs, boolean[] greedy) {}

  /**
   * The summed log-probability of each continuation after a shared context. The default scores each
   * context + continuation in full; a model with a KV cache overrides it to run the context once.
   */
  default List<Continuation> scoreContinuations(int[] context, List<int[]> continuations) {
    List<Continuation> out = new ArrayList<>();
    for (int[] cont : continuations) {
      int[] whole = new int[context.length + cont.length];
      System.arraycopy(context, 0, whole, 0, context.length);
      System.arraycopy(cont, 0, whole, context.length, cont.length);
      int cut = Math.max(0, whole.length - (maxLength() + 1));
      int[] window = cut == 0 ? whole : java.util.Arrays.copyOfRange(whole, cut, whole.length);
      TokenScores s = score(window);
      double sum = 0;
      boolean greedy = true;
      for (int i = s.logprobs().length - cont.length; i < s.logprobs().length; i++) {
        sum += s.logprobs()[i];
        greedy &= s.greedy()[i];
      }
      out.add(new Continuation(sum, greedy));
    }
    return out;
  }

  /** A continuation's summed log-probability and whether greedy decoding would produce it. */
  record Continuation(double logLikelihood, boolean greedy) {}
}
