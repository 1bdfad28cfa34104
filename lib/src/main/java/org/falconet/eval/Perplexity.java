package org.falconet.eval;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Perplexity and bits per byte on a set of texts, as the harness's rolling log-likelihood does it:
 * each text is tokenized whole, preceded by the end-of-text token, and cut into disjoint windows of
 * the model's maximum length, each token predicted exactly once.
 */
public final class Perplexity {
  private Perplexity() {}

  /** Corpus-level results: the sums and the three figures the harness reports. */
  public record Result(int documents, long tokens, long words, long bytes, double logLikelihood, double wordPerplexity,
                       double bytePerplexity, double bitsPerByte) {}

  /** The (context, continuation) windows that cover {@code tokens}, each token predicted once. */
  static List<int[][]> windows(int[] tokens, int prefixToken, int maxLength) {
    List<int[][]> out = new ArrayList<>();
    if (tokens.length == 0) {
      return out;
    }
    int first = Math.min(maxLength, tokens.length);
    out.add(new int[][] {new int[] {prefixToken}, java.util.Arrays.copyOfRange(tokens, 0, first)});
    int predicted = first;
    while (predicted < tokens.length) {
      int len = Math.min(tokens.length - predicted, maxLength);
      int end = predicted + len;
      // Context: the tokens just before this window, so that context + window fills maxLength + 1.
      int ctxStart = Math.max(0, end - maxLength - 1);
      int[] ctx = java.util.Arrays.copyOfRange(tokens, ctxStart, end - len);
      out.add(new int[][] {ctx, java.util.Arrays.copyOfRange(tokens, end - len, end)});
      predicted = end;
    }
    return out;
  }

  public static Result evaluate(List<String> texts, LanguageModel lm) {
    double ll = 0;
    long tokens = 0;
    long words = 0;
    long bytes = 0;
    for (String text : texts) {
      int[] ids = lm.encode(text);
      for (int[][] w : windows(ids, lm.endOfTextToken(), lm.maxLength())) {
        ll += lm.scoreContinuations(w[0], List.of(w[1])).get(0).logLikelihood();
      }
      tokens += ids.length;
      words += text.split("\\s+").length; // the harness counts re.split(r"\s+", doc)
      bytes += text.getBytes(StandardCharsets.UTF_8).length;
    }
    return new Result(texts.size(), tokens, words, bytes, ll, Math.exp(-ll / words), Math.exp(-ll / bytes),
        -ll / bytes / Math.log(2));
  }
}
