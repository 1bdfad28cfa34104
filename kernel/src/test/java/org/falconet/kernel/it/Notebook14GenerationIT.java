package org.falconet.kernel.it;

import static org.falconet.kernel.it.NotebookCells.code;
import static org.falconet.kernel.it.NotebookCells.last;
import static org.falconet.kernel.testing.Jupyter.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.falconet.generate.Generator;
import org.falconet.generate.SamplingParams;
import org.falconet.generate.TextCodec;
import org.falconet.kernel.display.Escape;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.model.Falcon;
import org.falconet.model.FalconConfig;
import org.falconet.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/14-generation.ipynb through the real kernel, checks it against its committed outputs (so a
 * second run with the same seeds gives the same text), and checks its generations against the library's own,
 * run here directly on the shipped model, and against the greedy line of the model card.
 */
class Notebook14GenerationIT {

  private static final Path REPO = Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();
  private static final Path MODEL = REPO.resolve("datasets-sample/models/falconet-tiny");
  private static final String PROMPT = "The Debian project";
  private static final List<Integer> STOP = List.of(11);   // <|endoftext|>

  private static Generator generator;

  @BeforeAll
  static void loadModel() throws Exception {
    Tokenizer tok = Tokenizer.load(MODEL.resolve("tokenizer.json"));
    generator = new Generator(Falcon.load(MODEL), TextCodec.of(tok));
  }

  @Test
  void generationNotebook() throws Exception {
    JsonNode cells = NotebookCheck.run("14-generation.ipynb", 240).path("cells");

    // Strategies side by side: each row is exactly what the library generates with those settings, twice over.
    String side = Jupyter.data(last(code(cells, "LinkedHashMap<String, SamplingParams> strategies")), "text/html");
    String greedy = generate(SamplingParams.greedy(32));
    assertTrue(side.contains("<td>greedy</td><td>32</td>"), side);
    assertTrue(side.contains("<td>" + Escape.html(PROMPT + greedy) + "</td>"), side);
    String card = Files.readString(MODEL.resolve("README.md"));
    String cardGreedy = "The Debian project is that the Debian project is not the Debian project, and the Debian project"
        + " is not a good idea to be able to install the Debian project.";
    assertTrue(card.contains("| The Debian project | greedy | " + cardGreedy), "model card changed");
    assertTrue((PROMPT + greedy).startsWith(cardGreedy), greedy);
    List<SamplingParams> sampled = List.of(SamplingParams.sample(1.0, 1, 32), SamplingParams.sample(0.7, 1, 32),
        SamplingParams.sample(1.5, 1, 32), SamplingParams.sample(0.8, 1, 32).withTopK(40),
        SamplingParams.sample(0.8, 1, 32).withTopP(0.9), SamplingParams.greedy(32).withRepetitionPenalty(1.3));
    for (SamplingParams p : sampled) {
      String text = generate(p);
      assertFalse(text.isBlank(), p.toString());
      assertEquals(text, generate(p), "same seed, same text: " + p);
      assertTrue(side.contains("<td>" + Escape.html(PROMPT + text) + "</td>"), p + " -> " + text + "\n" + side);
    }

    // Streaming: the text left in place after the last update is the seeded generation, and not empty.
    JsonNode streamCell = code(cells, "String streamed = display(prompt)");
    String streamed = Jupyter.data(streamCell.path("outputs").get(0), "text/plain");
    String expected = generate(SamplingParams.sample(0.8, 7, 48).withTopK(40));
    assertFalse(expected.isBlank());
    assertEquals(PROMPT + expected, streamed);

    // The KV cache changes nothing in the result.
    String cache = Jupyter.text(code(cells, "int[] uncached"));
    assertTrue(cache.startsWith("same 24 tokens with and without the cache: true\n" + PROMPT
        + generator.generate(PROMPT, SamplingParams.greedy(24), null).text()), cache);

    // Memory arithmetic for Falcon-7B: 2 bytes per bfloat16 weight; 2 x 32 layers x 1 KV head x 64 x 4 bytes per token.
    String memory = Jupyter.data(last(code(cells, "long params = f7.parameterCount()")), "text/html");
    assertTrue(memory.contains("<td>6,921,720,704</td>"), memory);
    assertTrue(memory.contains("<td>13.8 GB</td>"), memory);
    assertEquals(2L * 32 * 64 * 4, 2L * FalconConfig.falcon7b().numLayers() * FalconConfig.falcon7b().headDim() * 4);
    assertTrue(memory.contains("<td>" + Math.round(2.0 * 32 * 64 * 4 * 2048 / 1e6) + " MB</td>"), memory);

    // Section 7, bf16 against Q8_0 on falconet-tiny. The matrices' weights from the shape alone (d = 128, 4 layers,
    // 4 query heads + 1 key + 1 value head of 32, MLP 4d, vocabulary 4,096, head tied to the embeddings):
    // 4 x 128 x (192 + 128 + 512 + 512) + 4,096 x 128 = 1,212,416; 2 bytes each in bf16, 34 bytes per 32 in Q8_0
    // (an f16 scale and 32 int8 per block).
    long tinyWeights = 4L * 128 * (6 * 32 + 128 + 512 + 512) + 4096L * 128;
    assertEquals(1_212_416L, tinyWeights);
    String quant = Jupyter.data(last(code(cells, "GgufExport.write(model, GgmlType.Q8_0")), "text/html");
    assertTrue(quant.contains("<tr><td>bfloat16</td><td>" + String.format("%,d", 2 * tinyWeights) + "</td>"), quant);
    assertTrue(quant.contains("<tr><td>Q8_0</td><td>" + String.format("%,d", tinyWeights * (2 + 32) / 32) + "</td>"), quant);
    // Both files hold the matrices plus the same float32 norms, vocabulary and header: the Q8_0 file is smaller by
    // about the weights' difference (2 - 34/32 bytes a weight), within a few KiB of alignment.
    java.util.regex.Matcher sizes = java.util.regex.Pattern.compile("<td>bfloat16</td><td>[0-9,]+</td><td>([0-9,]+)</td>"
        + ".*<td>Q8_0</td><td>[0-9,]+</td><td>([0-9,]+)</td>", java.util.regex.Pattern.DOTALL).matcher(quant);
    assertTrue(sizes.find(), quant);
    long saved = Long.parseLong(sizes.group(1).replace(",", "")) - Long.parseLong(sizes.group(2).replace(",", ""));
    assertEquals(2 * tinyWeights - tinyWeights * 34 / 32, saved, 8192, quant);
    // The same greedy continuation from both files as from the shipped float32 checkpoint.
    String greedy24 = Escape.html(generator.generate(PROMPT, SamplingParams.greedy(24), null).text());
    assertTrue(quant.contains("<td>bfloat16</td><td>" + String.format("%,d", 2 * tinyWeights) + "</td><td>"
        + sizes.group(1) + "</td><td>" + greedy24 + "</td>"), quant);
    assertTrue(quant.contains("<td>" + sizes.group(2) + "</td><td>" + greedy24 + "</td>"), quant);

    // Falcon-7B: 34/32 bytes a weight; 6,921,720,704 x 1.0625 = 7.35 GB; 25 GB/s over it = 3.4 tokens/s.
    String bound = Jupyter.data(last(code(cells, "double q8PerWeight")), "text/html");
    assertTrue(bound.contains("<td>34 / 32 = 1.0625</td>"), bound);
    assertTrue(bound.contains("<td>" + String.format("%.1f GB", 6_921_720_704L * 34.0 / 32 / 1e9) + "</td>"), bound);
    assertTrue(bound.contains("<td>" + String.format("%.1f tokens/s", 25 / (6_921_720_704L * 34.0 / 32 / 1e9)) + "</td>"), bound);
  }

  private static String generate(SamplingParams p) {
    return generator.generate(PROMPT, p.withStopTokens(STOP), null).text();
  }
}
