package org.falconet.generate;

import java.util.List;

/**
 * How the next token is chosen and when generation stops. Logits are transformed in the order of Hugging Face's
 * {@code generate}: repetition penalty, temperature, top-k, top-p; then the token is the arg-max (greedy) or drawn.
 *
 * @param greedy            take the most likely token (the other sampling fields are ignored)
 * @param temperature       divides the logits (&gt; 0)
 * @param topK              keep the k most likely tokens (0 = all)
 * @param topP              keep the smallest set of most likely tokens whose probability reaches p (1 = all)
 * @param repetitionPenalty CTRL's penalty (Keskar et al. 2019) on tokens already in the context: a positive logit is
 *                          divided by it, a negative one multiplied (1 = none)
 * @param seed              seeds the random draws: the same seed gives the same text
 * @param maxNewTokens      budget of generated tokens
 * @param stopTokens        ids that end generation (not emitted), e.g. the end-of-text token
 * @param stopStrings       texts that end generation (the text is cut before them); need a {@link TextCodec}
 */
public record SamplingParams(boolean greedy, double temperature, int topK, double topP, double repetitionPenalty,
                             long seed, int maxNewTokens, List<Integer> stopTokens, List<String> stopStrings) {

  public SamplingParams {
    if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
    if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    if (!(repetitionPenalty > 0)) throw new IllegalArgumentException("repetition penalty must be > 0, got " + repetitionPenalty);
    if (maxNewTokens < 0) throw new IllegalArgumentException("max new tokens must be >= 0, got " + maxNewTokens);
    stopTokens = List.copyOf(stopTokens);
    stopStrings = List.copyOf(stopStrings);
    for (String s : stopStrings) if (s.isEmpty()) throw new IllegalArgumentException("empty stop string");
  }

  /** Greedy decoding of up to {@code maxNewTokens} tokens, no stops. */
  public static SamplingParams greedy(int maxNewTokens) {
    return new SamplingParams(true, 1.0, 0, 1.0, 1.0, 0, maxNewTokens, List.of(), List.of());
  }

  /** Sampling at {@code temperature} with a seed, no truncation, no stops. */
  public static SamplingParams sample(double temperature, long seed, int maxNewTokens) {
    return new SamplingParams(false, temperature, 0, 1.0, 1.0, seed, maxNewTokens, List.of(), List.of());
  }

  public SamplingParams withTopK(int k) {
    return new SamplingParams(greedy, temperature, k, topP, repetitionPenalty, seed, maxNewTokens, stopTokens, stopStrings);
  }

  public SamplingParams withTopP(double p) {
    return new SamplingParams(greedy, temperature, topK, p, repetitionPenalty, seed, maxNewTokens, stopTokens, stopStrings);
  }

  public SamplingParams withRepetitionPenalty(double r) {
    return new SamplingParams(greedy, temperature, topK, topP, r, seed, maxNewTokens, stopTokens, stopStrings);
  }

  public SamplingParams withStopTokens(List<Integer> ids) {
    return new SamplingParams(greedy, temperature, topK, topP, repetitionPenalty, seed, maxNewTokens, ids, stopStrings);
  }

  public SamplingParams withStopStrings(List<String> s) {
    return new SamplingParams(greedy, temperature, topK, topP, repetitionPenalty, seed, maxNewTokens, stopTokens, s);
  }
}
