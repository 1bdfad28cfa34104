package org.falconet.kernel.it;

import static org.falconet.kernel.display.Markup.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/11-tokenization.ipynb through the real kernel, compares it with the committed outputs,
 * and checks what it shows against independent truths: Sennrich's toy merges derived by hand, Falcon's
 * published vocabulary, Hugging Face's ids, and token counts recomputed here.
 */
class Notebook11TokenizationIT {

  @Test
  void tokenizationNotebook() throws Exception {
    JsonNode cells = NotebookCheck.run("11-tokenization.ipynb", 300).path("cells");
    Path repo = Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();

    // 188 printable bytes map to themselves in GPT-2's table (94 + 12 + 82), the 68 others move.
    assertTrue(Jupyter.text(NotebookCells.code(cells, "selfMapped")).contains("188 bytes stand for themselves, 68 are moved; space -> \u0120, newline -> \u010a"));

    // Falcon's pre-tokenizer by its rules: "In 2023," -> In | ' ' | 202 | 3 | ',' (digits cut from the space, then in threes)
    String pieces = Jupyter.text(NotebookCells.code(cells, "PreTokenizer.FALCON.split"));
    assertTrue(pieces.contains("Falcon: 26 pieces [In][ ][202][3][,][ Falcon]"), pieces);
    assertTrue(pieces.contains("GPT-2:  22 pieces [In][ 2023][,]"), pieces);

    // low x5, lower x2, newest x6, widest x3: es (9, ties st and wins on 'e' < 's'), est (9), lo (7), low (7),
    // ew (6, ties ne and w+est and wins on 'e'), new (6), newest (6): worked out by hand.
    String merges = Jupyter.text(NotebookCells.code(cells, "trainerMerges"));
    assertTrue(merges.contains("trainer: [es, est, lo, low, ew, new, newest]"), merges);
    assertTrue(merges.contains("by hand: [es, est, lo, low, ew, new, newest]"), merges);
    assertTrue(merges.contains("same: true"), merges);

    // Falcon's tokenizer: 65,024 ids and 64,784 merges (tiiuae/falcon-7b tokenizer.json), 12 special tokens.
    String falcon = Jupyter.text(NotebookCells.code(cells, "Tokenizer falcon = "));
    assertTrue(falcon.startsWith("vocabulary 65024, merges 64784, special tokens [>>TITLE<<, "), falcon);

    // The rendered encoding has one span per token, as many as the tokenizer gives here.
    Tokenizer t = Tokenizer.load(repo.resolve("datasets-sample/tokenizer/falcon/tokenizer.json"));
    String text = "The Debian project installs packages with apt-get install.\nPython's print(\"na\u00efve\") costs 12345 tokens? <|endoftext|>";
    String html = Jupyter.data(NotebookCells.code(cells, "Encoding.of(falcon, text)").path("outputs").get(0), "text/html");
    assertEquals(t.encode(text).length, count(html, " class=\"tok\""), html);
    assertTrue(html.contains("title=\"id 11: &lt;|endoftext|&gt;\""), html);

    // Bytes per token grows with the vocabulary, and tokens x bytes-per-token is the held-out size.
    String table = Jupyter.text(NotebookCells.code(cells, "heldBytes"));
    Matcher size = Pattern.compile("words, (\\d+) bytes").matcher(table);
    assertTrue(size.find(), table);
    long bytes = Long.parseLong(size.group(1));
    double previous = 0;
    for (String name : new String[] {"ours, trained here", "falconet-tiny", "Falcon"}) {
      Matcher row = Pattern.compile(Pattern.quote(name) + "\\s+\\|\\s+(\\d+)\\s+\\|\\s+(\\d+)\\s+\\|\\s+([0-9.]+)\\s+\\|\\s+([0-9.]+)").matcher(table);
      assertTrue(row.find(), name + " in " + table);
      double perToken = Double.parseDouble(row.group(4));
      assertEquals((double) bytes / Integer.parseInt(row.group(2)), perToken, 0.001, name);
      assertTrue(perToken > previous, name + ": " + perToken + " bytes per token after " + previous);
      previous = perToken;
    }

    // Hugging Face's tokenizer for tiiuae/falcon-7b gives these ids (Tokenizer's documented example).
    assertTrue(Jupyter.text(NotebookCells.code(cells, "int[] hello")).startsWith("[9856, 1079, 11] -> \"Hello world<|endoftext|>\""));
  }
}
