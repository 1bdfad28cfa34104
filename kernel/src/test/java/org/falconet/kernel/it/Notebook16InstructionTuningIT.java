package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.tokenizer.Tokenizer;
import org.falconet.train.InstructionData;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/16-instruction-tuning.ipynb through the real kernel (outputs must equal the
 * committed ones), then checks what it shows: LoRA parameter counts against r·(in + out) over the
 * published Falcon shapes worked out here, the loss mask against the example's own token counts, the
 * loss falling, the tuned model answering in the taught shape, merged logits equal to unmerged ones.
 */
class Notebook16InstructionTuningIT {
  private static final Path REPO = Path.of(System.getProperty("falconet.repo", ".."));

  /** Σ over the four adapted linears of r·(in + out), times the layers: (d + qkv) + 2d + 2(d + ffn). */
  private static long lora(int layers, int d, int qkvOut, int ffn, int r) {
    return (long) layers * r * ((d + qkvOut) + (d + d) + (d + ffn) + (ffn + d));
  }

  @Test
  void instructionTuningNotebookTunesTheTinyModelWithLora() throws Exception {
    JsonNode cells = NotebookCheck.run("16-instruction-tuning.ipynb", 240).path("cells");

    // The three steps: one picture, SVG and PNG of the same drawing.
    JsonNode steps = cells.get(1).path("outputs").get(0);
    assertEquals(3, org.falconet.kernel.display.Markup.count(Jupyter.data(steps, "image/svg+xml"), "<rect class=\"box\""));
    assertTrue(Jupyter.data(steps, "image/png").startsWith("iVBORw0KGgo"), "a PNG beside the SVG");

    // The example shown is line 3 of the set, in the documented template.
    List<InstructionData.Example> examples = InstructionData.read(REPO.resolve("datasets-sample/instructions/curated-qa.jsonl"));
    InstructionData.Example ex = examples.get(2);
    String shown = Jupyter.text(cells.get(3));
    assertTrue(shown.startsWith(examples.size() + " examples;"), shown);
    assertTrue(shown.contains("User: " + ex.instruction() + "\nAssistant: " + ex.response() + "<|endoftext|>"), shown);

    // Parameter counts. Tiny: d 128, 4 heads of 32 + 1 KV head -> qkv 192, ffn 512, 4 layers (model card).
    // Falcon-7B: d 4544, 71 heads of 64 + 1 KV -> 4672, ffn 18176, 32 layers; Falcon-40B: d 8192,
    // 128 heads of 64 + 2 x 8 KV -> 9216, ffn 32768, 60 layers (tiiuae config.json files).
    String table = html(cells.get(5));
    for (int r : new int[] {4, 8, 16}) {
      assertTrue(table.contains("<tr><td>" + r + "</td><td>" + lora(4, 128, 192, 512, r) + "</td>"), r + "\n" + table);
      assertTrue(table.contains("<td>" + lora(32, 4544, 4672, 18176, r) + "</td>"), "7B r=" + r);
      assertTrue(table.contains("<td>" + lora(60, 8192, 9216, 32768, r) + "</td>"), "40B r=" + r);
    }
    assertEquals(59_392, lora(4, 128, 192, 512, 8));

    // The mask: the loss counts the response tokens and the end-of-text token, nothing of the prompt.
    Tokenizer tok = Tokenizer.load(REPO.resolve("datasets-sample/models/falconet-tiny/tokenizer.json"));
    int promptTokens = tok.encode(InstructionData.prompt(ex.instruction())).length;
    int responseTokens = tok.encode(" " + ex.response()).length;
    assertTrue(Jupyter.text(cells.get(7)).contains("%d tokens; %d of them".formatted(promptTokens + responseTokens + 1,
        responseTokens + 1)), Jupyter.text(cells.get(7)));

    // The loss falls (from about ln 4096 = 8.3 nats for a clueless model, less for the base's guesses).
    Matcher loss = Pattern.compile("loss ([0-9.]+) at step 1, ([0-9.]+) on average over the last five steps")
        .matcher(Jupyter.text(cells.get(9)));
    assertTrue(loss.find(), Jupyter.text(cells.get(9)));
    double first = Double.parseDouble(loss.group(1));
    double last = Double.parseDouble(loss.group(2));
    assertTrue(first < Math.log(4096) && last < first - 1, first + " -> " + last);
    JsonNode outs = cells.get(9).path("outputs");
    String svg = Jupyter.data(outs.get(outs.size() - 1), "image/svg+xml");
    assertTrue(svg.contains("loss on answer tokens"), svg.substring(0, Math.min(400, svg.length())));

    // Greedy answers: base and tuned for each of the four kinds; the tuned ones take the taught shape.
    String answers = html(cells.get(12));
    Matcher rows = Pattern.compile("<tr>((?:<td>[^<]*</td>){4})</tr>").matcher(answers);
    int n = 0;
    while (rows.find()) {
      String[] c = rows.group(1).replace("</td>", "").split("<td>");
      assertTrue(!c[3].isBlank() && !c[4].isBlank(), rows.group(1));
      assertTrue(c[4].startsWith("It is "), "tuned answer in the taught shape: " + c[4]);
      assertTrue(!c[3].startsWith("It is "), "base answer: " + c[3]);
      n++;
    }
    assertEquals(4, n, answers);

    String merge = Jupyter.text(cells.get(14));
    assertTrue(merge.contains("merged and unmerged agree to 1e-4 (true), to 1e-6 of the largest logit (true)"), merge);
    assertTrue(Jupyter.text(cells.get(17)).contains("identical to the base logits: true"));

    // Share of loss tokens over the whole set, recomputed here.
    long all = 0;
    long answer = 0;
    for (InstructionData.Example e : examples) {
      int p = tok.encode(InstructionData.prompt(e.instruction())).length;
      int a = tok.encode(" " + e.response().strip()).length + 1;
      all += p + a - 1;
      answer += a;
    }
    assertTrue(Jupyter.text(cells.get(18)).contains("%,d of %,d predicted tokens".formatted(answer, all)),
        Jupyter.text(cells.get(18)));
  }

  private static String html(JsonNode cell) {
    JsonNode outs = cell.path("outputs");
    return Jupyter.data(outs.get(outs.size() - 1), "text/html");
  }
}
