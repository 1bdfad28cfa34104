package org.falconet.tokenizer;

import java.nio.file.Path;

/**
 * Writes the shipped {@code datasets-sample/tokenizer/falcon/tokenizer.json} from llama.cpp's
 * {@code ggml-vocab-falcon.gguf} (run once; {@code FalconTokenizerTest} checks the file still matches).
 *
 * <p>Usage: {@code WriteFalconTokenizerJson GGUF OUT_JSON}.
 */
public final class WriteFalconTokenizerJson {
  private WriteFalconTokenizerJson() {}

  public static void main(String[] args) throws Exception {
    Tokenizer t = GgufVocabulary.read(Path.of(args[0]));
    t.save(Path.of(args[1]));
    System.out.println("wrote " + args[1] + ": " + t.vocabSize() + " ids, " + t.model().merges().size() + " merges");
  }
}
