package org.falconet.kernel.it;

import static org.falconet.kernel.it.NotebookCells.code;
import static org.falconet.kernel.testing.Jupyter.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/09-exact-substring-dedup.ipynb through the real kernel, compares it with the
 * committed outputs, and checks what it shows against independent truth: the suffix array, LCP
 * array and suffix types of "banana" worked by hand, the longest repeat of "mississippi", the
 * paper's parameters, the cut documents against the sample crawl's planted passages, and the
 * 20-character rule on a corpus whose outcome is known.
 */
class Notebook09ExactSubstringDedupIT {

  @Test
  void exactSubstringDedupNotebook() throws Exception {
    JsonNode cells = NotebookCheck.run("09-exact-substring-dedup.ipynb", 300).path("cells");

    // banana: SA [5, 3, 1, 0, 4, 2] and LCP [0, 1, 3, 0, 0, 2] (by hand); with $ first in the table.
    String table = squeeze(Jupyter.text(code(cells, "Arrays.sort(order, Comparator.comparing(toy::substring));")));
    for (String row : new String[] {"0 | 6 | $ | 0 |", "1 | 5 | a$ | 0 |", "2 | 3 | ana$ | 1 |", "3 | 1 | anana$ | 3 |",
        "4 | 0 | banana$ | 0 |", "5 | 4 | na$ | 0 |", "6 | 2 | nana$ | 2 |"}) {
      assertTrue(table.contains(row), row + " in\n" + table);
    }
    String agree = Jupyter.text(code(cells, "int[] built = SuffixArray.build("));
    assertTrue(agree.contains("SA-IS:   [5, 3, 1, 0, 4, 2]   LCP: [0, 1, 3, 0, 0, 2]"), agree);
    assertTrue(agree.contains("by hand: [5, 3, 1, 0, 4, 2]   LCP: [0, 1, 3, 0, 0, 2]"), agree);
    // Types of banana$: L S L S L L S; LMS at 1, 3 and 6.
    String types = squeeze(Jupyter.text(code(cells, "suffix types of banana$")));
    for (String row : new String[] {"0 | b | L | |", "1 | a | S | yes |", "2 | n | L | |", "3 | a | S | yes |",
        "4 | n | L | |", "5 | a | L | |", "6 | $ | S | yes |"}) {
      assertTrue(types.contains(row), row + " in\n" + types);
    }
    assertTrue(Jupyter.text(code(cells, "Random rnd = new Random(9);")).contains("200 of 200 random strings"));

    // The corpus: every page with a planted licence passage is cut, nothing is dropped.
    String counts = Jupyter.text(code(cells, "List<RemovedSpans> cut = exact.removedSpans("));
    int in = (int) number(counts, "(\\d+) documents in");
    assertTrue(counts.contains("0 dropped, " + in + " kept"), counts);
    String by = Jupyter.text(code(cells, "Map<String, Long> cutBy = new TreeMap<>();"));
    long planted = (long) number(by, "pages with a planted passage that reach the stage: (\\d+)");
    assertTrue(planted > 0 && by.contains("dup_boilerplate_passage=" + planted), by);
    assertEquals(number(counts, "(\\d+) cut \\("), total(by), by);
    // Struck-through spans are shown.
    JsonNode shown = code(cells, "display(html(cut.get(i).html(150)));").path("outputs");
    assertEquals(2, shown.size());
    assertTrue(Jupyter.data(shown.get(0), "text/html").contains("<del style=\"color:#b00\">"));
    // No removed span is shorter than the 200-byte threshold.
    String lengths = squeeze(Jupyter.text(code(cells, "falcon.encode(c.spanText(i))")));
    assertTrue(number(lengths, "shortest \\| (\\d+) \\|") >= 200, lengths);

    // Three pages sharing a 200+ byte notice: the one left with "Hi there!" (8 characters) is dropped.
    String small = squeeze(Jupyter.text(code(cells, "List<Document> small = List.of(")));
    assertTrue(small.contains("hello | removed: exact_substring_duplicate |"), small);
    assertTrue(small.contains("trains | kept | The first public railway to use steam locomotives opened in 1825. |"), small);
    assertTrue(small.contains("garden | kept | Spring is the time to divide perennials and sow hardy annuals outdoors."), small);

    // The paper's parameters: 50 tokens (200 bytes), every copy, 20 characters.
    String params = Jupyter.text(code(cells, "exact-substring deduplication: paper and Falconet"));
    assertTrue(params.contains("200 bytes (50 tokens x 4 bytes)") && params.contains("< 20 non-whitespace characters")
        && params.contains("every copy"), params);

    // Exercises: keeping first copies removes less; the longest repeat of mississippi is "issi".
    String first = Jupyter.text(code(cells, "// 1. Keep the first copy"));
    assertTrue(number(first, "characters removed: (\\d+)") < number(first, "every copy: (\\d+)"), first);
    assertEquals("issi", Jupyter.text(code(cells, "// 3. The largest LCP value")).strip());
  }

  /** The sum of the counts in the printed map of cut documents by planted defect. */
  private static double total(String by) {
    Matcher m = Pattern.compile("([a-z_?]+)=(\\d+)").matcher(by.substring(0, by.indexOf('}')));
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  private static String squeeze(String s) {
    return s.replaceAll(" +", " ");
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " in\n" + text);
    return Double.parseDouble(m.group(1));
  }
}
