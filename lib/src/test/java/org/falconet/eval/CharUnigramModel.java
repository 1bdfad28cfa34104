package org.falconet.eval;

import java.util.Map;

/**
 * A language model whose answers are known by hand: one token per character, each character's
 * probability fixed and independent of context (a unigram model). Characters not listed share what
 * is left of the probability mass equally over 254 others, so every log-likelihood is a sum of
 * known logarithms.
 */
final class CharUnigramModel implements LanguageModel {
  final Map<Character, Double> probs;
  final double rest;
  int calls;

  CharUnigramModel(Map<Character, Double> probs) {
    this.probs = probs;
    double listed = probs.values().stream().mapToDouble(Double::doubleValue).sum();
    this.rest = (1 - listed) / 254;
  }

  double p(int token) {
    return probs.getOrDefault((char) token, rest);
  }

  @Override
  public int[] encode(String text) {
    return text.chars().toArray();
  }

  @Override
  public int endOfTextToken() {
    return 0;
  }

  @Override
  public int maxLength() {
    return 64;
  }

  @Override
  public TokenScores score(int[] tokens) {
    calls++;
    double[] lp = new double[tokens.length - 1];
    boolean[] greedy = new boolean[tokens.length - 1];
    double best = probs.values().stream().mapToDouble(Double::doubleValue).max().orElse(rest);
    for (int i = 1; i < tokens.length; i++) {
      lp[i - 1] = Math.log(p(tokens[i]));
      greedy[i - 1] = p(tokens[i]) >= best;
    }
    return new TokenScores(lp, greedy);
  }
}
