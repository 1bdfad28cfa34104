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
