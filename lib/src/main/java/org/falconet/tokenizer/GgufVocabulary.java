package org.falconet.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.falconet.gguf.GgufFile;
import org.falconet.gguf.GgufWriter;

/**
 * A tokenizer from the vocabulary a GGUF file carries (llama.cpp's {@code tokenizer.ggml.*} keys):
 * how Falcon's tokenizer is rebuilt from {@code ggml-vocab-falcon.gguf}.
 *
 * <p>Keys read: {@code tokenizer.ggml.model} (must be {@code gpt2}, llama.cpp's name for byte-level
 * BPE), {@code tokenizer.ggml.pre} (the pre-tokenizer: {@code falcon} or {@code gpt-2}),
 * {@code tokenizer.ggml.tokens} (id order), {@code tokenizer.ggml.merges} ({@code "a b"}, rank order)
 * and {@code tokenizer.ggml.token_type} (3 = control: a special added token; 4 = user-defined: an
 * added token), as llama.cpp's {@code convert_hf_to_gguf.py} writes them.
 */
public final class GgufVocabulary {
  private GgufVocabulary() {}

  /** llama.cpp's token types ({@code llama_token_type}). */
  static final int NORMAL = 1, CONTROL = 3, USER_DEFINED = 4, UNUSED = 5;

  /**
   * Adds {@code tok}'s {@code tokenizer.ggml.*} keys to {@code w}, as {@code convert_hf_to_gguf.py} writes them for a
   * byte-level BPE: ids past the tokenizer's own up to {@code vocabSize} (the model's embedding rows) are
   * {@code [PAD<id>]} tokens of type unused, as the converter pads them.
   */
  public static void write(Tokenizer tok, int vocabSize, int bos, int eos, GgufWriter w) {
    if (tok.vocabSize() > vocabSize) {
      throw new IllegalArgumentException("the tokenizer has " + tok.vocabSize() + " tokens, more than the model's "
          + vocabSize + " embedding rows");
    }
    List<String> tokens = new ArrayList<>(vocabSize);
    int[] types = new int[vocabSize];
    java.util.Set<Integer> added = new java.util.HashSet<>();
    for (AddedToken t : tok.addedTokens()) added.add(t.id());
    for (int id = 0; id < vocabSize; id++) {
      String t = tok.token(id);
      tokens.add(t != null ? t : "[PAD" + id + "]");
      types[id] = t == null ? UNUSED : tok.isSpecial(id) ? CONTROL : added.contains(id) ? USER_DEFINED : NORMAL;
    }
    List<String> merges = new ArrayList<>(tok.model().merges().size());
    for (String[] m : tok.model().merges()) merges.add(m[0] + " " + m[1]);
    w.putString("tokenizer.ggml.model", "gpt2")
        .putString("tokenizer.ggml.pre", PreTokenizer.FALCON.equals(tok.preTokenizer()) ? "falcon" : "gpt-2")
        .putStrings("tokenizer.ggml.tokens", tokens)
        .putI32s("tokenizer.ggml.token_type", types)
        .putStrings("tokenizer.ggml.merges", merges)
        .putU32("tokenizer.ggml.bos_token_id", bos)
        .putU32("tokenizer.ggml.eos_token_id", eos);
  }

  /** Reads the GGUF file at {@code path} and builds its tokenizer. */
  public static Tokenizer read(Path path) throws IOException {
    return tokenizer(GgufFile.read(path), path.toString());
  }

  /** The tokenizer described by {@code gguf}'s metadata; {@code source} names it in errors. */
  public static Tokenizer tokenizer(GgufFile gguf, String source) {
    String model = gguf.string("tokenizer.ggml.model");
    if (!model.equals("gpt2")) {
      throw new TokenizerFormatException(source + ": tokenizer.ggml.model '" + model
          + "' is not byte-level BPE ('gpt2')");
    }
    String pre = gguf.has("tokenizer.ggml.pre") ? gguf.string("tokenizer.ggml.pre") : "default";
    PreTokenizer preTokenizer = switch (pre) {
      case "falcon" -> PreTokenizer.FALCON;
      case "gpt-2", "default" -> PreTokenizer.GPT2;
      default -> throw new TokenizerFormatException(source + ": tokenizer.ggml.pre '" + pre
          + "' has no Hugging Face pre-tokenizer here (falcon and gpt-2 do)");
    };
    List<String> tokens = gguf.strings("tokenizer.ggml.tokens");
    long[] types = gguf.has("tokenizer.ggml.token_type") ? gguf.integers("tokenizer.ggml.token_type") : new long[0];
    if (types.length != 0 && types.length != tokens.size()) {
      throw new TokenizerFormatException(source + ": tokenizer.ggml.token_type has " + types.length
          + " entries for " + tokens.size() + " tokens");
    }
    Map<String, Integer> vocab = new LinkedHashMap<>(tokens.size() * 2);
    List<AddedToken> added = new ArrayList<>();
    for (int id = 0; id < tokens.size(); id++) {
      String t = tokens.get(id);
      if (vocab.putIfAbsent(t, id) != null) {
        throw new TokenizerFormatException(source + ": tokenizer.ggml.tokens[" + id + "] '" + t + "' repeats");
      }
      long type = types.length == 0 ? 1 : types[id];
      if (type == CONTROL) {
        added.add(AddedToken.special(id, t));
      } else if (type == USER_DEFINED) {
        added.add(new AddedToken(id, t, false, false, false, false, false));
      }
    }
    List<String[]> merges = new ArrayList<>();
    List<String> lines = gguf.strings("tokenizer.ggml.merges");
    for (int i = 0; i < lines.size(); i++) {
      String[] pair = lines.get(i).split(" ", -1);
      if (pair.length != 2) {
        throw new TokenizerFormatException(source + ": tokenizer.ggml.merges[" + i + "] '" + lines.get(i)
            + "' is not a pair");
      }
      merges.add(pair);
    }
    try {
      return new Tokenizer(new BytePairEncoding(vocab, merges, null, false), preTokenizer, added);
    } catch (TokenizerFormatException e) {
      throw new TokenizerFormatException(source + ": " + e.getMessage());
    }
  }
}
