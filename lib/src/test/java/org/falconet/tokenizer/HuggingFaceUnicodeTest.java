package org.falconet.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.falconet.tokenizer.internal.HuggingFaceUnicode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our character classes ({@link HuggingFaceUnicode}: the JDK's tables plus corrections) against the
 * classes Hugging Face's tokenizers shows through DJL, on every 16th code point of planes 0-3, on
 * plane 14, and on U+0C77, a character whose class differs between Unicode versions.
 */
class HuggingFaceUnicodeTest {

  @Test
  void classesMatchHuggingFace(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("gpt2.json"), UnicodeClassProbe.probeJson(false));
    Files.writeString(dir.resolve("punct.json"), UnicodeClassProbe.probeJson(true));
    try (HuggingFaceTokenizer gpt2 = HuggingFaceCrossCheckTest.huggingFace(dir.resolve("gpt2.json"));
        HuggingFaceTokenizer punct = HuggingFaceCrossCheckTest.huggingFace(dir.resolve("punct.json"))) {
      int checked = 0;
      for (int cp = 0x21; cp < 0x40000; cp += (cp < 0x3000 ? 1 : 16)) {
        if (cp >= 0xD800 && cp < 0xE000) {
          continue;
        }
        check(gpt2, punct, cp);
        checked++;
      }
      for (int cp = 0xE0000; cp < 0xE0200; cp++) {
        check(gpt2, punct, cp);
      }
      check(gpt2, punct, 0x0C77);
      assertTrue(checked > 20_000);
    }
  }

  private static void check(HuggingFaceTokenizer gpt2, HuggingFaceTokenizer punct, int cp) {
    char hfClass = UnicodeClassProbe.joined(gpt2, "a", cp) ? 'L' : UnicodeClassProbe.joined(gpt2, "1", cp) ? 'N'
        : UnicodeClassProbe.joined(gpt2, "!", cp) ? 'O' : 'S';
    boolean hfPunct = hfClass != 'S' && !UnicodeClassProbe.joined(punct, " ", cp);
    String where = String.format("U+%04X", cp);
    assertEquals(hfClass, "LNSO".charAt(HuggingFaceUnicode.gpt2Class(cp)), where + " class");
    assertEquals(hfPunct, HuggingFaceUnicode.isPunctuation(cp), where + " punctuation");
  }
}
