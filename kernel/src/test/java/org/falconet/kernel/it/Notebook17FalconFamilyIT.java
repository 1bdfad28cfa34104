package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/17-falcon-family.ipynb through the real kernel (outputs must equal the committed
 * ones), then checks what it shows against values worked out here from the published numbers: the
 * compute ratios from 6·N·D, the KV-cache bytes per token from the models' config.json shapes, the
 * query_key_value rows, the data mixes' token counts and the leaderboard means.
 */
class Notebook17FalconFamilyIT {

  /** 6·N·D: Kaplan et al. 2020, section 2.1. */
  private static double flops(double params, double tokens) {
    return 6 * params * tokens;
  }

  /** K and V, every layer, every KV head, bfloat16. */
  private static long kvBytes(int layers, int kvHeads, int headDim) {
    return 2L * layers * kvHeads * headDim * 2;
  }

  @Test
  void falconFamilyNotebookReproducesThePublishedArithmetic() throws Exception {
    JsonNode nb = NotebookCheck.run("17-falcon-family.ipynb", 300);

    // Data mixes: shares sum to 100%; RefinedWeb-English is 79% of 1,500 B and 75% of 1,000 B tokens.
    JsonNode mixCell = NotebookCells.code(nb, "pretraining mixes (model cards)");
    // The cards' token columns add up to the cards' totals ("trained on 1,500B tokens", "on 1,000B tokens").
    assertTrue(Jupyter.text(mixCell).startsWith("shares sum to 100% (7B) and 100% (40B); tokens to 1,500 B (7B) and 1,000 B (40B)"),
        Jupyter.text(mixCell));
    List<String> english = SampleCrawlRun.rows(NotebookCells.html(mixCell)).get(0);
    assertEquals(List.of("RefinedWeb-English", "79", "1185", "75", "750"), english);   // 79% of 1,500 B, 75% of 1,000 B

    // Shapes (tiiuae/falcon-7b and falcon-40b config.json): fused QKV rows (heads + 2 kv)·64.
    List<List<String>> shapes = SampleCrawlRun.rows(NotebookCells.html(NotebookCells.code(nb, "falcon-7b and falcon-40b")));
    List<String> qkv = shapes.stream().filter(r -> r.get(0).equals("query_key_value rows")).findFirst().orElseThrow();
    assertEquals(List.of("query_key_value rows", "" + (71 + 2) * 64, "" + (128 + 2 * 8) * 64), qkv);

    // The blocks: by hand equals Block.forward for both styles; ln_mlp's own gains move the 40B block.
    String blocks = Jupyter.text(NotebookCells.code(nb, "blockByHand"));
    assertEquals(2, blocks.split("max \\|difference\\| below 1e-5", -1).length - 1, blocks);
    assertTrue(blocks.matches("(?s).*output moves by up to (?!0\\.000)\\d+\\.\\d{3}.*"), blocks);

    // Compute: Falcon-40B's 6·N·D against each model's, the article's 75% / 40% / 80% rounded down.
    double falcon40 = flops(40e9, 1000e9);
    Map<String, Double> other = Map.of("GPT-3", flops(175e9, 300e9), "Chinchilla", flops(70e9, 1400e9),
        "PaLM-62B", flops(62e9, 780e9));
    Map<String, Integer> article = Map.of("GPT-3", 75, "Chinchilla", 40, "PaLM-62B", 80);
    List<List<String>> compute = SampleCrawlRun.rows(NotebookCells.html(NotebookCells.code(nb, "training compute, 6·N·D")));
    for (List<String> r : compute) {
      if (other.containsKey(r.get(0))) {
        long pct = Math.round(100 * falcon40 / other.get(r.get(0)));
        assertEquals(pct, Math.round(Double.parseDouble(r.get(2))), r.toString());
        assertTrue(pct >= article.get(r.get(0)) && pct - article.get(r.get(0)) <= 3, r + " vs the article's " + article.get(r.get(0)));
      }
    }
    assertEquals(3, compute.stream().filter(r -> other.containsKey(r.get(0))).count());

    // KV cache per token: 32 layers and 64-wide heads (7B), 60 layers (40B), config.json.
    List<List<String>> kv = SampleCrawlRun.rows(NotebookCells.html(NotebookCells.code(nb, "KV cache per token")));
    long[] expected = {kvBytes(32, 1, 64), kvBytes(32, 71, 64), kvBytes(60, 8, 64), kvBytes(60, 128, 64)};
    assertEquals(4, kv.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[i], Long.parseLong(kv.get(i).get(1)), kv.get(i).toString());
    }
    assertEquals(8192, expected[0]);

    // Leaderboard: the mean of the four tasks as printed on the cards' rows.
    List<List<String>> board = SampleCrawlRun.rows(NotebookCells.html(NotebookCells.code(nb, "Open LLM Leaderboard v1")));
    List<String> f40 = board.get(0);
    assertEquals("Falcon-40B", f40.get(0));
    assertEquals(Math.round((61.86 + 85.28 + 56.89 + 41.65) / 4 * 100) / 100.0, Double.parseDouble(f40.get(5)), 1e-9);
    for (List<String> r : board) {
      double mean = (Double.parseDouble(r.get(1)) + Double.parseDouble(r.get(2)) + Double.parseDouble(r.get(3))
          + Double.parseDouble(r.get(4))) / 4;
      assertEquals(Math.round(mean * 100) / 100.0, Double.parseDouble(r.get(5)), 1e-9, r.toString());
      assertTrue(r.get(6).startsWith("huggingface.co/") && r.get(6).contains("/discussions/"), "a cited bot PR: " + r);
    }
    // The competitors the Falcon-7B card names are on the board.
    List<String> names = board.stream().map(r -> r.get(0)).toList();
    assertTrue(names.containsAll(List.of("MPT-7B", "RedPajama-INCITE-7B-Base", "StableLM-Base-Alpha-7B")), names.toString());
  }
}
