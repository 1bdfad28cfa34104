package org.falconet.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Encoding}: ids as the tokenizer gives them, each token's text and span; {@link PreTokenizer#split}. */
class EncodingTest {
  private static Tokenizer falcon;

  @BeforeAll
  static void load() throws IOException {
    falcon = Tokenizer.load(FalconTokenizerTest.shippedJson());
  }

  /** Hugging Face's tiiuae/falcon-7b gives [9856, 1079, 11] for this text (Tokenizer's javadoc example). */
  @Test
  void tokensCarryTheirIdTextAndSpan() {
    Encoding e = Encoding.of(falcon, "Hello world<|endoftext|>");
    assertArrayEquals(new int[] {9856, 1079, 11}, e.ids());
    assertEquals(List.of(
        new Encoding.Token(9856, "Hello", "Hello", 0, 5, false),
        new Encoding.Token(1079, "Ġworld", " world", 5, 11, false),
        new Encoding.Token(11, "<|endoftext|>", "<|endoftext|>", 11, 24, true)), e.tokens());
    assertEquals(24.0 / 3, e.bytesPerToken(), 1e-12);
  }

  /** A character split over several byte tokens: every part covers the whole character; the bytes add up. */
  @Test
  void partsOfAMultiByteCharacterCoverTheWholeCharacter() {
    String text = "naïve 🦅 flies";
    Encoding e = Encoding.of(falcon, text);
    assertArrayEquals(falcon.encode(text), e.ids());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int eagle = text.indexOf("🦅");
    int partsOfEagle = 0;
    for (Encoding.Token t : e.tokens()) {
      bytes.writeBytes(falcon.decodeBytes(new int[] {t.id()}, false));
      if (t.start() <= eagle && t.end() >= eagle + 2) {
        partsOfEagle++;
      }
    }
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), bytes.toByteArray());
    assertEquals(true, partsOfEagle >= 1);
    Encoding.Token last = e.tokens().get(e.size() - 1);
    assertEquals(" flies", text.substring(last.start(), last.end()));
  }

  /** A byte outside Falcon's vocabulary (it lacks a few control bytes) is dropped: the next token's span skips it. */
  @Test
  void aDroppedByteIsSkipped() {
    int missing = falcon.model().missingBytes().get(0);
    String text = "a" + (char) missing + "b";
    Encoding e = Encoding.of(falcon, text);
    assertEquals(2, e.size(), "byte " + missing + " gives no token");
    assertEquals(new Encoding.Token(e.ids()[0], "a", "a", 0, 1, false), e.tokens().get(0));
    assertEquals(new Encoding.Token(e.ids()[1], "b", "b", 2, 3, false), e.tokens().get(1));
  }

  /**
   * Falcon's pre-tokenizer by hand: punctuation runs apart, GPT-2's split (space joins the next word),
   * digit runs apart (the space leaves "12345"), then groups of three digits.
   */
  @Test
  void falconPreTokenizerPieces() {
    assertEquals(List.of("Hello", ",", " world", "!!", " ", "123", "45"),
        PreTokenizer.FALCON.split("Hello, world!! 12345"));
    assertEquals(List.of("Hello", ",", " world", "!!", " 12345"), PreTokenizer.GPT2.split("Hello, world!! 12345"));
  }
}
