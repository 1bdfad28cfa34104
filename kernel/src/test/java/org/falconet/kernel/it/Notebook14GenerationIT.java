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
  }

  private static String generate(SamplingParams p) {
    return generator.generate(PROMPT, p.withStopTokens(STOP), null).text();
  }
}
