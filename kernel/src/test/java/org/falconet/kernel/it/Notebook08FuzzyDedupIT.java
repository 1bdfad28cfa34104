package org.falconet.kernel.it;

import static org.falconet.kernel.it.NotebookCells.code;
import static org.falconet.kernel.testing.Jupyter.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/08-fuzzy-dedup.ipynb through the real kernel, compares it with the committed
 * outputs, and checks what it shows against independent truth: the normalisation rules worked by
 * hand, the S-curve formula 1 - (1 - s^r)^b evaluated here, MinHash's error against its binomial
 * standard deviation, and the removed documents against the sample crawl's manifest of planted
 * duplicates.
 */
class Notebook08FuzzyDedupIT {
  private static final Path REPO = Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();

  @Test
  void fuzzyDedupNotebook() throws Exception {
    JsonNode cells = NotebookCheck.run("08-fuzzy-dedup.ipynb", 300).path("cells");

    // Normalisation: accents stripped, lower case, punctuation deleted, digit runs -> 0, spaces folded.
    assertEquals("cafe prices rose by 0 in 0 unprecedented said the owners notice",
        Jupyter.text(code(cells, "String norm = TextNormalizer.normalize(raw);")).strip());
    // 12 words give 12 - 5 + 1 = 8 shingles.
    assertTrue(Jupyter.text(code(cells, "word 5-grams of the normalised text")).contains("8 rows"));

    // The estimate lies within 4 standard deviations sqrt(J(1-J)/k) of the true Jaccard similarity.
    String est = Jupyter.text(code(cells, "double estimate = MinHasher.similarity(sigA, sigB);"));
    double j = number(est, "true Jaccard of the 5-gram sets: ([0-9.]+)");
    double e = number(est, "MinHash estimate \\(9,000 hashes\\): ([0-9.]+)");
    assertTrue(j > 0.8 && j < 1, est);
    assertTrue(Math.abs(e - j) < 4 * Math.sqrt(j * (1 - j) / 9000), est);

    // The S-curve table against the formula, for 450 x 20, 20 x 450 and 14 x 8.
    String curve = Jupyter.text(code(cells, "P(paired) at a few similarities"));
    for (double s : new double[] {0.5, 0.7, 0.8, 0.99}) {
      String row = String.format("%s  |  %s  |  %s  |  %s  |", trim(s), trim(p(s, 450, 20)), trim(p(s, 20, 450)), trim(p(s, 14, 8)));
      assertTrue(curve.replaceAll(" +", " ").contains(row.replaceAll(" +", " ")), row + " in\n" + curve);
    }

    // Removed documents: exactly the duplicates the sample crawl's manifest planted.
    Map<String, Long> planted = new TreeMap<>();
    List<String> manifest = Files.readAllLines(REPO.resolve("datasets-sample/crawl/MANIFEST.tsv"));
    for (String line : manifest.subList(1, manifest.size())) {
      String defect = line.split("\t", -1)[3];
      if (List.of("near_duplicate", "exact_duplicate", "duplicate_url_same_content").contains(defect)) {
        planted.merge(defect, 1L, Long::sum);
      }
    }
    long dups = planted.values().stream().mapToLong(Long::longValue).sum();
    String counts = Jupyter.text(code(cells, "List<DuplicateCluster> clusters = minhash.clusters("));
    int in = (int) number(counts, "(\\d+) documents in");
    assertTrue(counts.contains(in + " documents in, " + dups + " clusters of 2 or more, " + dups
        + " documents removed, " + (in - dups) + " kept"), counts);
    assertTrue(Jupyter.text(code(cells, "docs.size() + \" documents reach minhash_dedup\"")).contains(in + " documents reach"));
    String removedBy = Jupyter.text(code(cells, "Map<String, Long> removedBy = new TreeMap<>();"));
    assertTrue(removedBy.contains("removed, by planted defect: " + planted), removedBy + " vs " + planted);
    assertTrue(Jupyter.text(code(cells, "the two settings on the sample")).contains("FineWeb 14 x 8  |     112  |             0.719  |      " + dups));

    // The cluster shown is rendered side by side as HTML, kept document first.
    JsonNode shown = code(cells, "DuplicateCluster shown = clusters.stream()").path("outputs").get(0);
    assertTrue(Jupyter.data(shown, "text/html").startsWith("<table") && Jupyter.data(shown, "text/html").contains("kept: "));

    // Exercise 1: the solutions' similarities have P(s) = 1/2.
    String half = Jupyter.text(code(cells, "// 1. Bisection"));
    assertEquals(0.5, p(number(half, "450 bands x 20 rows: P\\(s\\) = 1/2 at s = ([0-9.]+)"), 450, 20), 1e-3);
    assertEquals(0.5, p(number(half, "20 bands x 450 rows: P\\(s\\) = 1/2 at s = ([0-9.]+)"), 20, 450), 1e-2);

    // The generated near-duplicate set: 26 copies spread over the S-curve's middle. Properties that must
    // hold whatever the draw: far above both steps every copy goes, far below 450 x 20's every copy stays,
    // the printed counts are the table's, and the two settings disagree on some copies (the point of the set).
    JsonNode near = code(cells, "Random mutate");
    List<List<String>> rows = SampleCrawlRun.rows(NotebookCells.html(near));
    assertEquals(26, rows.size());
    int rw = 0;
    int fw = 0;
    int differ = 0;
    double previous = 0;
    for (List<String> r : rows) {
      double sim = Double.parseDouble(r.get(1));
      assertTrue(sim >= previous, "sorted by similarity: " + r);
      previous = sim;
      if (sim >= 0.85) {
        assertEquals(List.of("removed", "removed"), r.subList(2, 4), r.toString());
      }
      if (sim < 0.5) {
        assertEquals("kept", r.get(2), r.toString());
      }
      rw += r.get(2).equals("removed") ? 1 : 0;
      fw += r.get(3).equals("removed") ? 1 : 0;
      differ += r.get(2).equals(r.get(3)) ? 0 : 1;
    }
    assertTrue(Double.parseDouble(rows.get(0).get(1)) < 0.6 && Double.parseDouble(rows.get(25).get(1)) > 0.95, rows.toString());
    assertTrue(differ > 0, "the two band settings remove different copies");
    assertTrue(Jupyter.text(near).startsWith("26 copies; RefinedWeb's setting removes " + rw + ", FineWeb's " + fw
        + "; they disagree on " + differ), Jupyter.text(near));
  }

  private static double p(double s, int bands, int rows) {
    return 1 - Math.pow(1 - Math.pow(s, rows), bands);
  }

  /** A value as the notebook's tables print it: rounded to 4 decimals, no trailing zeros. */
  private static String trim(double v) {
    return java.math.BigDecimal.valueOf(Math.round(v * 1e4) / 1e4).stripTrailingZeros().toPlainString();
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " in\n" + text);
    return Double.parseDouble(m.group(1));
  }
}
