package org.falconet.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every split behavior, digits, punctuation and literal or inverted split patterns, before and after
 * ByteLevel, against Hugging Face (DJL) on random text: a small tokenizer whose merges join a marker
 * to the next byte shows where pieces were cut.
 */
class PreTokenizerBehaviorTest {

  static ObjectNode step(String json) throws Exception {
    return (ObjectNode) TokenizerJsonTest.JSON.readTree(json);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'type':'Punctuation','behavior':'Isolated'}|",
      "{'type':'Punctuation','behavior':'Removed'}|",
      "{'type':'Punctuation','behavior':'MergedWithPrevious'}|",
      "{'type':'Punctuation','behavior':'MergedWithNext'}|",
      "{'type':'Digits','individual_digits':true}|{'type':'Digits','individual_digits':false}",
      "{'type':'Split','pattern':{'Regex':'\\\\s+'},'behavior':'MergedWithNext','invert':false}|",
      "{'type':'Split','pattern':{'Regex':'[0-9]+'},'behavior':'Removed','invert':true}|",
      "{'type':'Split','pattern':{'String':'a'},'behavior':'Contiguous','invert':false}|",
      "|{'type':'Split','pattern':{'Regex':'Ġ'},'behavior':'MergedWithPrevious','invert':false}",
      "|{'type':'Split','pattern':{'Regex':'[!1a]'},'behavior':'Contiguous','invert':false}",
      "|{'type':'Digits','individual_digits':true}",
      "|{'type':'Split','pattern':{'Regex':'[0-9][0-9][0-9]'},'behavior':'Isolated','invert':false}",
  })
  void sameIdsAsHuggingFace(String steps, @TempDir Path dir) throws Exception {
    String[] beforeAfter = steps.split("\\|", -1);
    Consumer<ObjectNode> edit = r -> {
      try {
        ArrayNode seq = (ArrayNode) r.path("pre_tokenizer").path("pretokenizers");
        seq.remove(0);                                 // keep only ByteLevel, then add the steps around it
        if (!beforeAfter[0].isEmpty()) {
          seq.insert(0, step(beforeAfter[0].replace('\'', '"')));
        }
        if (!beforeAfter[1].isEmpty()) {
          seq.add(step(beforeAfter[1].replace('\'', '"')));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    String json = TokenizerJsonTest.json(edit);
    Files.writeString(dir.resolve("t.json"), json);
    Tokenizer ours = TokenizerJson.parse(json, "t.json");
    try (HuggingFaceTokenizer hf = HuggingFaceCrossCheckTest.huggingFace(dir.resolve("t.json"))) {
      RandomText gen = new RandomText(steps.hashCode());
      for (int i = 0; i < 300; i++) {
        String s = gen.next(8) + " a1! 12345 a  b\n\n!! 1a";
        int[] want = Arrays.stream(hf.encode(s, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
        assertArrayEquals(want, ours.encode(s), () -> steps + " on " + HuggingFaceCrossCheckTest.escape(s));
      }
    }
  }
}
