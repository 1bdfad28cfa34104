package org.falconet.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped Falcon tokenizer against independent truth: llama.cpp's 46 test cases with the ids
 * Hugging Face's tokenizer for tiiuae/falcon-7b produced, and the GGUF vocabulary it was built from.
 */
class FalconTokenizerTest {
  static Tokenizer falcon;

  /** The shipped {@code datasets-sample/tokenizer/falcon/tokenizer.json}. */
  static Path shippedJson() {
    return Path.of(System.getProperty("falconet.repo", "."), "datasets-sample/tokenizer/falcon/tokenizer.json");
  }

  @BeforeAll
  static void load() throws IOException {
    falcon = Tokenizer.load(shippedJson());
  }

  static String resource(String name) throws IOException {
    try (InputStream in = FalconTokenizerTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyLlamaCppCaseGivesHuggingFacesIds() throws IOException {
    List<String> inputs = new ArrayList<>(Arrays.asList(
        resource("ggml-vocab-falcon.gguf.inp").split("\n__ggml_vocab_test__\n", -1)));
    assertEquals("", inputs.remove(inputs.size() - 1), "the file ends with a separator");
    List<String> expected = resource("ggml-vocab-falcon.gguf.out").lines().toList();
    assertEquals(46, inputs.size());
    assertEquals(46, expected.size());
    for (int i = 0; i < inputs.size(); i++) {
      String line = expected.get(i).strip();
      int[] want = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
      String in = inputs.get(i);
      assertArrayEquals(want, falcon.encode(in), "case " + i + ": " + HuggingFaceCrossCheckTest.escape(in));
      assertEquals(in, falcon.decode(want), "decode of case " + i);
    }
  }

  @Test
  void hasFalconsSizeAndSpecialTokens() {
    assertEquals(65_024, falcon.vocabSize());
    assertEquals(64_784, falcon.model().merges().size());
    List<String> specials = List.of(">>TITLE<<", ">>ABSTRACT<<", ">>INTRODUCTION<<", ">>SUMMARY<<", ">>COMMENT<<",
        ">>ANSWER<<", ">>QUESTION<<", ">>DOMAIN<<", ">>PREFIX<<", ">>SUFFIX<<", ">>MIDDLE<<", "<|endoftext|>");
    for (int id = 0; id < specials.size(); id++) {
      assertEquals(specials.get(id), falcon.token(id));
      assertTrue(falcon.isSpecial(id));
      assertArrayEquals(new int[] {id}, falcon.encode(specials.get(id)));
    }
    assertEquals(PreTokenizer.FALCON, falcon.preTokenizer());
  }

  @Test
  void specialTokensAreMatchedInsideText() {
    int[] ids = falcon.encode("Hello world<|endoftext|>>>TITLE<< x");
    assertArrayEquals(new int[] {9856, 1079, 11, 0}, Arrays.copyOf(ids, 4));
    assertEquals("Hello world<|endoftext|>>>TITLE<< x", falcon.decode(ids));
    assertEquals("Hello world x", falcon.decode(ids, true));
  }

  @Test
  void shippedFileIsTheConversionOfLlamaCppsGguf() throws IOException {
    Path repo = Path.of(System.getProperty("falconet.repo", ".")).toAbsolutePath();
    Path gguf = repo.resolve("datasets-sample/tokenizer/falcon/ggml-vocab-falcon.gguf");
    assertTrue(Files.exists(gguf), gguf + ": the Falcon vocabulary GGUF the repository ships");
    Tokenizer fresh = GgufVocabulary.read(gguf);
    assertEquals(Files.readString(shippedJson(), StandardCharsets.UTF_8), TokenizerJson.toJson(fresh));
  }

  @Test
  void invalidUtf8IsAnErrorNamingTheOffset() {
    byte[] bad = {'a', 'b', (byte) 0xC3, 'c'};
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> falcon.encode(bad));
    assertEquals("invalid UTF-8 at byte 2 of 4", e.getMessage());
    assertArrayEquals(falcon.encode("Führer"), falcon.encode("Führer".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void loneSurrogateIsAnError() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> falcon.encode("ok \uD83D!"));
    assertEquals("text has a lone surrogate U+D83D at char 3: not valid Unicode", e.getMessage());
  }
}
