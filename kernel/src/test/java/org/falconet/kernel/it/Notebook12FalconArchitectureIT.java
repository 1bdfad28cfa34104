package org.falconet.kernel.it;

import static org.falconet.kernel.display.Markup.count;
import static org.falconet.kernel.it.NotebookCells.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.model.Falcon;
import org.falconet.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/12-falcon-architecture.ipynb through the real kernel, compares it with the committed
 * outputs, and checks its numbers against published shapes, hand arithmetic, and the model run here.
 */
class Notebook12FalconArchitectureIT {

  @Test
  void architectureNotebook() throws Exception {
    JsonNode cells = NotebookCheck.run("12-falcon-architecture.ipynb", 300).path("cells");
    Path repo = Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();
    Path tinyDir = repo.resolve("datasets-sample/models/falconet-tiny");

    // Falcon-7B from its published config.json: vocab 65,024, d 4,544, 32 layers, 71 heads of 64, one KV head,
    // MLP 4d, no biases, tied embeddings, one layer norm per block, plus ln_f.
    long d = 4544;
    long perBlock = d * (71 + 2) * 64 + d * d + 2 * d * 4 * d + 2 * d;
    long falcon7b = 65024 * d + 32 * perBlock + 2 * d;
    String configs = Jupyter.text(code(cells, "two Falcons"));
    assertTrue(configs.contains("parameters  |  " + falcon7b + "  |        1213696"), configs);   // tiny: its model card

    // RoPE: the rotated dot product depends only on m - n: rows come in threes with equal scores.
    String rope = Jupyter.text(code(cells, "q · k after RoPE"));
    Matcher row = Pattern.compile("(?m)^\\s*(-?\\d+)\\s+\\|\\s+(-?\\d+)\\s+\\|\\s+(-?\\d+)\\s+\\|\\s+(-?[0-9.]+)\\s+\\|$").matcher(rope);
    List<String> scores = new ArrayList<>();
    while (row.find()) {
      assertEquals(Integer.parseInt(row.group(1)) - Integer.parseInt(row.group(2)), Integer.parseInt(row.group(3)), rope);
      scores.add(row.group(3) + " " + row.group(4));
    }
    assertEquals(9, scores.size(), rope);
    for (int i = 0; i < 9; i += 3) {
      assertEquals(scores.get(i), scores.get(i + 1), rope);
      assertEquals(scores.get(i), scores.get(i + 2), rope);
    }

    // KV cache per token, bfloat16: 2 (K, V) x 32 layers x kv heads x 64 x 2 bytes; 2,048 tokens in MiB.
    String kv = Jupyter.text(code(cells, "kvBytesPerToken"));
    assertTrue(kv.matches("(?s).*multi-query, shipped\\)\\s+\\|\\s+\\d+\\s+\\|\\s+" + 2 * 32 * 64 * 2 + "\\s+\\|\\s+16(\\.0)?\\s+\\|.*"), kv);
    assertTrue(kv.matches("(?s).*multi-head\\)\\s+\\|\\s+\\d+\\s+\\|\\s+" + 2 * 32 * 71 * 64 * 2 + "\\s+\\|\\s+1136(\\.0)?\\s+\\|.*"), kv);

    // The head-sharing picture: SVG and PNG of one drawing; 8 query heads per panel, 8 + 2 + 1 K/V heads.
    JsonNode heads = code(cells, "HeadSharing.of(8");
    JsonNode headsOut = heads.path("outputs").get(heads.path("outputs").size() - 1);
    String headsSvg = Jupyter.data(headsOut, "image/svg+xml");
    assertEquals(3 * 8, count(headsSvg, "<circle class=\"query\""));
    assertEquals(8 + 2 + 1, count(headsSvg, "<rect class=\"kv\""));
    assertTrue(Jupyter.data(headsOut, "image/png").startsWith("iVBORw0KGgo"), "a PNG beside the SVG");

    // The attention maps: one panel per head, T(T+1)/2 cells in each (causal), T from the tokenizer here.
    Tokenizer tokenizer = Tokenizer.load(tinyDir.resolve("tokenizer.json"));
    int T = tokenizer.encode("The Debian project is a free operating system.").length;
    JsonNode mapCell = code(cells, "layer0 = model.attentionProbabilities");
    assertTrue(Jupyter.text(mapCell).contains(T + " tokens, 4 heads; largest |row sum - 1| = below 1e-6"), Jupyter.text(mapCell));
    String svg = Jupyter.data(mapCell.path("outputs").get(1), "image/svg+xml");
    assertEquals(4, count(svg, "<g class=\"head\">"));
    assertEquals(4 * T * (T + 1) / 2, count(svg, "<rect class=\"cell\""));

    // Parallel block from its parts equals Block.forward; tiled softmax equals the naive one.
    assertTrue(Jupyter.text(code(cells, "byHand")).contains("vs Block.forward: max |difference| below 1e-5"));
    assertTrue(Jupyter.text(code(cells, "double[] online")).contains("all 12 queries: max |difference| below 1e-6"));
    assertTrue(Jupyter.text(code(cells, "kernel.flash")).contains("max |difference| below 1e-5"));
    // 71 heads x 2,048^2 float32 scores = 1,136 MiB
    assertTrue(Jupyter.text(code(cells, "naiveMiB")).startsWith("at 2,048 tokens: " + 71L * 2048 * 2048 * 4 / 1048576 + " MiB"));

    // The tensor table adds up to the model card's 1,213,696.
    assertTrue(Jupyter.text(code(cells, "String[] names")).startsWith("total 1213696 parameters; FalconConfig.parameterCount() says 1213696"));

    // The most likely next token is the argmax of the model's logits computed here.
    Falcon model = Falcon.load(tinyDir);
    int[] ids = tokenizer.encode("The Debian project is a free");
    float[] logits = model.forwardLast(ids, model.newCache());
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    String next = Jupyter.text(code(cells, "forward(ids, model.newCache())"));
    assertTrue(next.contains("'" + tokenizer.decode(new int[] {best}) + "'  |"), next);
  }
}
