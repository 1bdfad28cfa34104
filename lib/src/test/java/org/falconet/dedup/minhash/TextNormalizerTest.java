package org.falconet.dedup.minhash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void lowerCasesAndFoldsWhitespace() {
    assertEquals("hello world", TextNormalizer.normalize("  Hello \n\t  WORLD  "));
  }

  @Test
  void removesPunctuation() {
    assertEquals("dont stop email me", TextNormalizer.normalize("Don't stop!!! E-mail me..."));
  }

  @Test
  void removesDiacritics() {
    assertEquals("cafe ete noel zurich", TextNormalizer.normalize("Café ÉTÉ Noël Zürich"));
  }

  @Test
  void normalisesNumbers() {
    assertEquals("in 0 it cost 0 or 0", TextNormalizer.normalize("In 2023 it cost $3.14 or 1,000"));
  }

  @Test
  void keepsNonLatinLetters() {
    assertEquals("привет мир 東京", TextNormalizer.normalize("Привет, мир! 東京"));
  }

  @Test
  void emptyAndPunctuationOnlyGiveEmpty() {
    assertEquals("", TextNormalizer.normalize(""));
    assertEquals("", TextNormalizer.normalize(" ... !!! --- "));
  }
}
