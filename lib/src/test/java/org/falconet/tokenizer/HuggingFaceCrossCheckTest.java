package org.falconet.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our tokenizer against Hugging Face's Rust tokenizers (through DJL, native library from the jar, no
 * network) on the same shipped Falcon {@code tokenizer.json}: identical ids on thousands of random
 * strings, identical decoded text, and decode(encode(s)) == s.
 */
class HuggingFaceCrossCheckTest {
  static Tokenizer ours;
  static HuggingFaceTokenizer hf;

  @BeforeAll
  static void load() throws Exception {
    Path json = FalconTokenizerTest.shippedJson();
    ours = Tokenizer.load(json);
    hf = huggingFace(json);
  }

  /**
   * Hugging Face's tokenizer for {@code json} through DJL: the CPU library inside the jar (never a
   * download, even on a machine with CUDA), no truncation, no padding, no special tokens added.
   */
  static HuggingFaceTokenizer huggingFace(Path json) throws java.io.IOException {
    System.setProperty("RUST_FLAVOR", "cpu");
    System.setProperty("ai.djl.offline", "true");
    return HuggingFaceTokenizer.newInstance(json,
        Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
  }

  @AfterAll
  static void close() {
    if (hf != null) {
      hf.close();
    }
  }

  static int[] hfIds(String s) {
    return Arrays.stream(hf.encode(s, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
  }

  @Test
  void identicalIdsOnRandomStrings() {
    RandomText gen = new RandomText(20240601L);
    for (int i = 0; i < 4000; i++) {
      String s = gen.next(i < 3000 ? 8 : 60);
      int[] want = hfIds(s);
      int[] got = ours.encode(s);
      assertArrayEquals(want, got, () -> "ids differ for " + escape(s));
    }
  }

  @Test
  void decodeInvertsEncodeAndMatchesHuggingFace() {
    RandomText gen = new RandomText(7L);
    for (int i = 0; i < 2000; i++) {
      String s = gen.next(10);
      int[] ids = ours.encode(s);
      String back = ours.decode(ids);
      long[] lids = Arrays.stream(ids).asLongStream().toArray();
      assertEquals(hf.decode(lids, false), back, () -> "decode differs for " + escape(s));
      assertEquals(withoutBytesFalconLacks(s), back, () -> "round trip fails for " + escape(s));
    }
  }

  @Test
  void decodingArbitraryIdSequencesMatchesHuggingFace() {
    java.util.Random rnd = new java.util.Random(11);
    for (int i = 0; i < 2000; i++) {
      int[] ids = new int[1 + rnd.nextInt(12)];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = rnd.nextInt(ours.vocabSize());
      }
      long[] lids = Arrays.stream(ids).asLongStream().toArray();
      assertEquals(hf.decode(lids, false), ours.decode(ids), () -> "decode differs for " + Arrays.toString(ids));
      assertEquals(hf.decode(lids, true), ours.decode(ids, true), () -> "decode(skip) differs for " + Arrays.toString(ids));
    }
  }

  /** Falcon's vocabulary lacks some control bytes; Hugging Face drops them, so the round trip does too. */
  static String withoutBytesFalconLacks(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || !ours.model().missingBytes().contains((int) c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      if (cp >= 0x20 && cp < 0x7F) {
        sb.appendCodePoint(cp);
      } else {
        sb.append(String.format("\\u{%X}", cp));
      }
    });
    return sb.append('"').toString();
  }
}
