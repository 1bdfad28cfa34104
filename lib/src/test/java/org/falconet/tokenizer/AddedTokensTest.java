package org.falconet.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Added tokens that overlap each other, special or not, normalized or not: matched as Hugging Face
 * matches them (verbatim tokens first, leftmost-longest, then normalized ones in what is left), with
 * the ids Hugging Face assigns, checked through DJL.
 */
class AddedTokensTest {

  static void add(ArrayNode added, int id, String content, boolean normalized, boolean special) {
    added.addObject().put("id", id).put("content", content).put("single_word", false).put("lstrip", false)
        .put("rstrip", false).put("normalized", normalized).put("special", special);
  }

  @Test
  void overlappingAddedTokensMatchHuggingFace(@TempDir Path dir) throws Exception {
    String json = TokenizerJsonTest.json(r -> {
      ArrayNode added = (ArrayNode) r.path("added_tokens");   // <|endoftext|> = 1280 is there already
      add(added, 1281, "endof", true, false);
      add(added, 1282, "abc", true, false);
      add(added, 1283, "bcd", false, false);
      add(added, 1284, "abcd", true, true);
      add(added, 1285, "<|end", false, true);
      add(added, 0, String.valueOf(ByteUnicode.toChar(0)), false, false);   // already in the vocabulary
    });
    Files.writeString(dir.resolve("t.json"), json);
    Tokenizer ours = TokenizerJson.parse(json, "t.json");
    assertEquals(1286, ours.vocabSize());
    List<String> parts = List.of("<|endoftext|>", "endof", "abc", "bcd", "abcd", "<|end", "a", "b", "c", "d",
        " ", "!", "1", "<|", "text|>", "Ā", "xyz");
    Random rnd = new Random(5);
    try (HuggingFaceTokenizer hf = HuggingFaceCrossCheckTest.huggingFace(dir.resolve("t.json"))) {
      for (int i = 0; i < 1500; i++) {
        StringBuilder sb = new StringBuilder();
        for (int k = rnd.nextInt(10); k >= 0; k--) {
          sb.append(parts.get(rnd.nextInt(parts.size())));
        }
        String s = sb.toString();
        int[] want = Arrays.stream(hf.encode(s, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
        assertArrayEquals(want, ours.encode(s), () -> "ids differ for " + HuggingFaceCrossCheckTest.escape(s));
      }
    }
  }
}
