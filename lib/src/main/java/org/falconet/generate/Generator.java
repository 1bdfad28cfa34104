package org.falconet.generate;

import java.util.Arrays;
import org.falconet.model.CausalLanguageModel;

/**
 * Autoregressive generation: one prefill of the prompt, then one cached forward step per new token, each token
 * handed to a {@link Listener} as soon as it is chosen.
 *
 * <pre>{@code
 * Generator.Result r = new Generator(model, codec).generate(promptIds, SamplingParams.greedy(20),
 *     (id, text) -> System.out.print(text));
 * }</pre>
 */
public final class Generator {
  /** Why generation ended. */
  public enum Stop { MAX_TOKENS, STOP_TOKEN, STOP_STRING }

  /**
   * Receives each new token and the text it completes (empty without a codec, or while text is held back because
   * it may start a stop string or ends in a partial character); a last call with id -1 flushes held-back text.
   */
  @FunctionalInterface
  public interface Listener {
    void onToken(int id, String text);
  }

  /** The generated ids (prompt excluded, stop token excluded), their text (cut at a stop string), why it stopped. */
  public record Result(int[] ids, String text, Stop stop) {}

  private final CausalLanguageModel model;
  private final TextCodec codec;

  /** {@code codec} may be null: generation then works on ids only; {@code model} may run on either backend. */
  public Generator(CausalLanguageModel model, TextCodec codec) {
    this.model = model;
    this.codec = codec;
  }

  /** Generates after the text {@code prompt} (needs a codec). */
  public Result generate(String prompt, SamplingParams params, Listener listener) {
    if (codec == null) throw new IllegalStateException("a text prompt needs a tokenizer");
    return generate(codec.encode(prompt), params, listener);
  }

  /** Generates after {@code prompt} ids. */
  public Result generate(int[] prompt, SamplingParams params, Listener listener) {
    if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
    if (!params.stopStrings().isEmpty() && codec == null) {
      throw new IllegalStateException("stop strings need a tokenizer");
    }
    Sampler sampler = new Sampler(params);
    CausalLanguageModel.Cache cache = model.newCache();
    int[] context = Arrays.copyOf(prompt, prompt.length + params.maxNewTokens());
    int n = prompt.length;
    int emitted = 0;   // characters of text already given to the listener
    String text = "";
    if (params.maxNewTokens() == 0) return new Result(new int[0], "", Stop.MAX_TOKENS);
    float[] logits = model.forwardLast(prompt, cache);
    Stop stop = Stop.MAX_TOKENS;
    while (n - prompt.length < params.maxNewTokens()) {
      int id = sampler.next(logits, context, n);
      if (params.stopTokens().contains(id)) {
        stop = Stop.STOP_TOKEN;
        break;
      }
      context[n++] = id;
      String piece = "";
      if (codec != null) {
        text = codec.decode(Arrays.copyOfRange(context, prompt.length, n));
        int cut = firstStop(text, params);
        if (cut >= 0) {
          text = text.substring(0, cut);
          if (listener != null) listener.onToken(id, cut > emitted ? text.substring(emitted) : "");
          return new Result(Arrays.copyOfRange(context, prompt.length, n), text, Stop.STOP_STRING);
        }
        int safe = safeLength(text, params);
        if (safe > emitted) {
          piece = text.substring(emitted, safe);
          emitted = safe;
        }
      }
      if (listener != null) listener.onToken(id, piece);
      if (n - prompt.length >= params.maxNewTokens()) break;
      logits = model.forwardLast(new int[] {id}, cache);
    }
    if (codec != null && emitted < text.length() && listener != null) {
      listener.onToken(-1, text.substring(emitted));   // flush what was held back
    }
    return new Result(Arrays.copyOfRange(context, prompt.length, n), text, stop);
  }

  private static int firstStop(String text, SamplingParams p) {
    int best = -1;
    for (String s : p.stopStrings()) {
      int i = text.indexOf(s);
      if (i >= 0 && (best < 0 || i < best)) best = i;
    }
    return best;
  }

  /** Length of the text that can be shown: not a trailing partial character, not a possible start of a stop string. */
  private static int safeLength(String text, SamplingParams p) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\uFFFD') end--;
    int hold = 0;
    for (String s : p.stopStrings()) {
      for (int k = Math.min(s.length() - 1, end); k > hold; k--) {
        if (text.startsWith(s.substring(0, k), end - k)) {
          hold = k;
          break;
        }
      }
    }
    return end - hold;
  }
}
