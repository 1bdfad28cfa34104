package org.falconet.filter.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the embedded identifier on held-out text of another genre than its training data:
 * 896 paragraphs of the Debian Administrator's Handbook in 25 languages (labels = the translation's
 * language; scripts/make-langid-data.py).
 */
class LanguageIdentifierTest {

  @Test
  void theDefaultIsLid176AndTheSmallModelIsOneNameAway() throws IOException {
    assertEquals(176, LanguageIdentifier.named(null).model().labels().size());
    assertEquals(176, LanguageIdentifier.embedded().model().labels().size());
    // the 37 codes resources/org/falconet/filter/lang/README.md lists (the model is called "36" since its first cut)
    assertEquals(37, LanguageIdentifier.named(LanguageIdentifier.DEBIAN_36).model().labels().size());
    assertEquals(LanguageIdentifier.DEBIAN_36, LanguageFilter.Params.DEBIAN_36.model());
    assertEquals("lid.176.ftz", LanguageIdentifier.embeddedResource(null));
    assertEquals("lid-debian-36.ftz", LanguageIdentifier.embeddedResource("debian-36"));
    assertEquals(null, LanguageIdentifier.embeddedResource("/models/lid.176.bin"));
    // Welsh: lid.176 names it; the 36-language model cannot (fastText predict-prob: cy 0.950469)
    String welsh = "Genir pawb yn rhydd ac yn gydradd â'i gilydd mewn urddas a hawliau.";
    assertEquals("cy", LanguageIdentifier.lid176().identify(welsh).language());
    assertTrue(!LanguageIdentifier.debian36().model().labels().contains("__label__cy"));
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> LanguageIdentifier.named("no-such-model.ftz"));
    assertTrue(e.getMessage().contains("no-such-model.ftz"), e.getMessage());
  }

  @Test
  void embeddedModelKnowsAtLeastTwentyLanguages() {
    assertTrue(LanguageIdentifier.debian36().model().labels().size() >= 20);
  }

  @Test
  void embeddedModelIsAccurateOnHeldOutParagraphs() throws IOException {
    Path file = Path.of(System.getProperty("falconet.repo", "..")).resolve("lib/src/test/resources/lang/heldout/handbook-paragraphs.txt");
    LanguageIdentifier lid = LanguageIdentifier.debian36();
    int n = 0;
    int right = 0;
    Map<String, int[]> perLanguage = new TreeMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int sp = line.indexOf(' ');
      String want = line.substring("__label__".length(), sp);
      String got = lid.identify(line.substring(sp + 1)).language();
      int[] c = perLanguage.computeIfAbsent(want, k -> new int[2]);
      c[1]++;
      n++;
      if (got.equals(want)) {
        right++;
        c[0]++;
      }
    }
    double accuracy = right / (double) n;
    System.out.printf("language id: %d paragraphs, %d languages, accuracy %.4f %s%n", n, perLanguage.size(), accuracy,
        perLanguage.entrySet().stream().filter(e -> e.getValue()[0] < e.getValue()[1])
            .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).toList());
    assertEquals(25, perLanguage.size());
    // fasttext test gives P@1 0.996 on this file; a small margin
    assertTrue(accuracy >= 0.98, "accuracy " + accuracy);
  }
}
