package org.falconet.filter.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Parity with the fastText program: the labels and probabilities {@code fasttext predict-prob
 * MODEL lines.txt 3} printed (Debian fasttext 0.9.2) for a plain softmax model, a hierarchical
 * softmax model and a quantized {@code .ftz} model (see resources/lang/fasttext/README.md).
 */
class FastTextModelTest {

  static Path dir() {
    return Path.of(System.getProperty("falconet.repo", "..")).resolve("lib/src/test/resources/lang/fasttext");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain.bin", "hs.bin", "quant.ftz"})
  void predictionsEqualFastTextPredictProb(String model) throws IOException {
    FastTextModel m = FastTextModel.load(dir().resolve(model));
    List<String> lines = Files.readAllLines(dir().resolve("lines.txt"), StandardCharsets.UTF_8);
    assertTrue(lines.size() >= 300);
    assertSameAsFastText(model, m, lines, dir().resolve(model + ".k3.txt"));
  }

  /**
   * The embedded lid.176.ftz (the default identifier) against {@code fasttext predict-prob
   * lid.176.ftz FILE 3}: the 306 lines above, and the first article of the Universal Declaration of
   * Human Rights in ten languages the 36-language model does not know.
   */
  @ParameterizedTest
  @ValueSource(strings = {"lines.txt", "udhr-article1.txt"})
  void embeddedLid176EqualsFastTextPredictProb(String file) throws IOException {
    FastTextModel m = LanguageIdentifier.lid176().model();
    assertEquals(176, m.labels().size());
    List<String> lines = Files.readAllLines(dir().resolve(file), StandardCharsets.UTF_8);
    String k3 = file.equals("lines.txt") ? "lid.176.ftz.k3.txt" : file.replace(".txt", ".lid.176.ftz.k3.txt");
    assertSameAsFastText("lid.176.ftz on " + file, m, lines, dir().resolve(k3));
  }

  private static void assertSameAsFastText(String model, FastTextModel m, List<String> lines, Path k3) throws IOException {
    List<String> expected = Files.readAllLines(k3, StandardCharsets.UTF_8);
    assertEquals(lines.size(), expected.size());
    double worst = 0;
    for (int i = 0; i < lines.size(); i++) {
      String[] want = expected.get(i).split(" ");
      List<FastTextModel.Prediction> got = m.predict(lines.get(i), 3);
      assertEquals(want.length / 2, got.size(), "line " + (i + 1));
      for (int j = 0; j < got.size(); j++) {
        double p = Double.parseDouble(want[2 * j + 1]);
        worst = Math.max(worst, Math.abs(p - got.get(j).probability()));
        assertEquals(p, got.get(j).probability(), 1e-5, "line " + (i + 1) + " rank " + (j + 1));
        // labels must agree unless fastText's own probabilities tie at this rank
        boolean tie = (j > 0 && Math.abs(p - Double.parseDouble(want[2 * j - 1])) < 1e-6)
            || (j + 1 < got.size() && Math.abs(p - Double.parseDouble(want[2 * j + 3])) < 1e-6);
        if (!tie) {
          assertEquals(want[2 * j], got.get(j).label(), "line " + (i + 1) + " rank " + (j + 1));
        }
      }
    }
    System.out.printf("fastText parity %s: %d lines, max |dp| %.2e%n", model, lines.size(), worst);
  }

  @Test
  void listsLabelsAndStripsThePrefix() throws IOException {
    FastTextModel m = FastTextModel.load(dir().resolve("plain.bin"));
    assertEquals(10, m.labels().size());
    assertEquals("fr", m.predict("Le chat est sur la table de la cuisine", 1).get(0).name());
  }

  @Test
  void rejectsFilesThatAreNotModels() throws IOException {
    Path bad = Files.createTempFile("not-a-model", ".bin");
    Files.writeString(bad, "hello");
    IOException e = assertThrows(IOException.class, () -> FastTextModel.load(bad));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    Files.delete(bad);
  }
}
