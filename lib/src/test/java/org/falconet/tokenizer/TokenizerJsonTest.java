package org.falconet.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Reading and writing {@code tokenizer.json}: both merge forms, round trips, and one error per bad part. */
class TokenizerJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A small valid byte-level tokenizer (Falcon-style pre-tokenizer) changed by {@code edit}. */
  static String json(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(UnicodeClassProbe.probeJson(true));
    ArrayNode added = root.putArray("added_tokens");
    ObjectNode eot = added.addObject();
    eot.put("id", 1280).put("content", "<|endoftext|>").put("single_word", false).put("lstrip", false)
        .put("rstrip", false).put("normalized", false).put("special", true);
    edit.accept(root);
    return JSON.writeValueAsString(root);
  }

  static String error(Consumer<ObjectNode> edit) throws Exception {
    String j = json(edit);
    return assertThrows(TokenizerFormatException.class, () -> TokenizerJson.parse(j, "t.json")).getMessage();
  }

  @Test
  void mergesAsStringsOrPairsReadTheSame() throws Exception {
    Tokenizer strings = TokenizerJson.parse(json(r -> { }), "a.json");
    Tokenizer pairs = TokenizerJson.parse(json(r -> {
      ArrayNode ms = (ArrayNode) r.path("model").path("merges");
      ArrayNode out = JSON.createArrayNode();
      ms.forEach(m -> out.addArray().add(m.asText().split(" ")[0]).add(m.asText().split(" ")[1]));
      ((ObjectNode) r.get("model")).set("merges", out);
    }), "b.json");
    assertEquals(TokenizerJson.toJson(strings), TokenizerJson.toJson(pairs));
    RandomText gen = new RandomText(3);
    for (int i = 0; i < 200; i++) {
      String s = gen.next(8);
      assertArrayEquals(strings.encode(s), pairs.encode(s));
    }
  }

  @Test
  void writtenJsonReadsBackTheSame() throws Exception {
    Tokenizer t = TokenizerJson.parse(json(r -> { }), "a.json");
    String once = TokenizerJson.toJson(t);
    assertEquals(once, TokenizerJson.toJson(TokenizerJson.parse(once, "b.json")));
    assertArrayEquals(new int[] {1280}, t.encode("<|endoftext|>"));
  }

  @Test
  void malformedJson() {
    String msg = assertThrows(TokenizerFormatException.class, () -> TokenizerJson.parse("{\"model\": {", "t.json")).getMessage();
    assertEquals(true, msg.startsWith("t.json: malformed JSON: "), msg);
  }

  @Test
  void unknownModelType() throws Exception {
    assertEquals("t.json: model.type: 'WordPiece'; only BPE is supported",
        error(r -> ((ObjectNode) r.get("model")).put("type", "WordPiece")));
    assertEquals("t.json: model: missing", error(r -> r.remove("model")));
  }

  @Test
  void unknownPreTokenizer() throws Exception {
    assertEquals("t.json: pre_tokenizer.pretokenizers[1]: type 'Metaspace' is not supported"
            + " (Sequence, ByteLevel, Punctuation, Digits, Split are)",
        error(r -> ((ObjectNode) r.path("pre_tokenizer").path("pretokenizers").get(1)).put("type", "Metaspace")));
    assertEquals("t.json: pre_tokenizer: no ByteLevel step; only byte-level BPE is supported",
        error(r -> ((ArrayNode) r.path("pre_tokenizer").path("pretokenizers")).remove(1)));
    assertEquals("t.json: pre_tokenizer.pretokenizers[0].behavior: 'Sideways' is not a split behavior",
        error(r -> ((ObjectNode) r.path("pre_tokenizer").path("pretokenizers").get(0)).put("behavior", "Sideways")));
  }

  @Test
  void unsupportedPartsThatWouldChangeIds() throws Exception {
    assertEquals("t.json: normalizer: type 'NFC' is not supported (only null)",
        error(r -> r.putObject("normalizer").put("type", "NFC")));
    assertEquals("t.json: model.dropout: only null is supported", error(r -> ((ObjectNode) r.get("model")).put("dropout", 0.1)));
    assertEquals("t.json: decoder: type 'WordPiece'; only ByteLevel is supported",
        error(r -> r.putObject("decoder").put("type", "WordPiece")));
    assertEquals("t.json: added_tokens '<|endoftext|>': single_word, lstrip and rstrip are not supported",
        error(r -> ((ObjectNode) r.path("added_tokens").get(0)).put("lstrip", true)));
    assertEquals("t.json: added_tokens '<|endoftext|>': id 2000, but Hugging Face would give it 1280",
        error(r -> ((ObjectNode) r.path("added_tokens").get(0)).put("id", 2000)));
  }

  @Test
  void mergeOutsideTheVocabulary() throws Exception {
    assertEquals("t.json: model.merges[1]: 'q z' is not a pair \"a b\" or [\"a\", \"b\"]".replace("'q z'", "\"q z y\""),
        error(r -> ((ArrayNode) r.path("model").path("merges")).insert(1, "q z y")));
    assertEquals("t.json: model.merges[0] 'a ☃': '☃' is not in the vocabulary",
        error(r -> ((ArrayNode) r.path("model").path("merges")).insert(0, "a ☃")));
  }
}
