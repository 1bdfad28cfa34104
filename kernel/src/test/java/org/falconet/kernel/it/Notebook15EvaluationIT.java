package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.eval.Harness;
import org.falconet.eval.PythonRandom;
import org.falconet.eval.Task;
import org.falconet.eval.TaskData;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.model.FalconConfig;
import org.falconet.tokenizer.Tokenizer;
import org.falconet.train.TrainingData;
import org.junit.jupiter.api.Test;

/**
 * Executes notebooks/15-evaluation.ipynb through the real kernel (outputs must equal the committed
 * ones), then checks what it shows against values computed here: the harness's prompts, the
 * item counts, the random baselines by hand, and the held-out token count from the model's README.
 */
class Notebook15EvaluationIT {
  private static final Path REPO = Path.of(System.getProperty("falconet.repo", ".."));
  private static final Path EVAL = REPO.resolve("datasets-sample/eval");

  @Test
  void evaluationNotebookScoresTheTinyModelTheHarnessWay() throws Exception {
    JsonNode cells = NotebookCheck.run("15-evaluation.ipynb", 240).path("cells");
    Task arc = TaskData.load("arc_challenge", EVAL.resolve("arc_challenge"));
    Task mmlu = TaskData.load("mmlu", EVAL.resolve("mmlu"));
    long params = FalconConfig.load(REPO.resolve("datasets-sample/models/falconet-tiny/config.json")).parameterCount();

    assertEquals(1_213_696, params);   // the model card's parameter count
    assertTrue(Jupyter.text(cells.get(2)).contains("%d ARC items to score, %d few-shot examples to draw from; model: %,d parameters"
        .formatted(arc.items().size(), arc.fewshotPool().size(), params)), Jupyter.text(cells.get(2)));

    // The prompts shown are the harness's: 3 solved ARC examples drawn by random.Random(1234), then the question.
    String arcPrompt = Jupyter.text(cells.get(8));
    assertEquals(Harness.context(arc, arc.items().get(0), 3, new PythonRandom(1234)), arcPrompt.stripTrailing());
    assertEquals(4, arcPrompt.split("Answer:", -1).length - 1);
    assertTrue(arcPrompt.stripTrailing().endsWith("Question: What is 31 plus 37?\nAnswer:"), arcPrompt);
    String mmluPrompt = Jupyter.text(cells.get(10));
    assertEquals(Harness.context(mmlu, mmlu.items().get(0), 1, new PythonRandom(1234)), mmluPrompt.stripTrailing());
    assertTrue(mmluPrompt.startsWith("The following are multiple choice questions (with answers) about computer security.\n\n"));

    // The leaderboard table: every task with its leaderboard shots and item count.
    String board = html(cells.get(14));
    for (String[] t : new String[][] {{"arc_challenge", "25", "6"}, {"hellaswag", "10", "4"}, {"mmlu", "5", "6"},
        {"truthfulqa_mc1", "0", "3"}, {"truthfulqa_mc2", "0", "3"}}) {
      assertTrue(board.contains("<tr><td>" + t[0] + "</td><td>" + t[1] + "</td><td>" + t[2] + "</td>"), t[0] + "\n" + board);
    }

    // Random baselines, by hand: four choices everywhere but TruthfulQA; MC2 = share of true answers.
    Task mc2 = TaskData.load("truthfulqa_mc2", EVAL.resolve("truthfulqa"));
    double mc1Chance = TaskData.load("truthfulqa_mc1", EVAL.resolve("truthfulqa")).items().stream()
        .mapToDouble(i -> 1.0 / i.choices().size()).average().orElseThrow();
    double mc2Chance = mc2.items().stream()
        .mapToDouble(i -> i.labels().stream().mapToInt(Integer::intValue).sum() / (double) i.choices().size())
        .average().orElseThrow();
    String chance = html(cells.get(16));
    assertTrue(chance.contains("<tr><td>arc_challenge</td><td>acc_norm</td><td>"), chance);
    for (String task : List.of("arc_challenge", "hellaswag", "mmlu")) {
      assertEquals(0.25, cell(chance, task, 3), 1e-9, task);
    }
    assertEquals(Math.round(mc1Chance * 1000) / 1000.0, cell(chance, "truthfulqa_mc1", 3), 1e-9);
    assertEquals(Math.round(mc2Chance * 1000) / 1000.0, cell(chance, "truthfulqa_mc2", 3), 1e-9);
    for (String task : List.of("arc_challenge", "hellaswag", "mmlu", "truthfulqa_mc1", "truthfulqa_mc2")) {
      double v = cell(chance, task, 2);
      assertTrue(v >= 0 && v <= 1, task + " " + v);
    }

    // Held-out text: the README's 7,965 validation tokens are these documents plus one end-of-text each.
    List<String> allHeldOut = TrainingData.texts(EVAL.resolve("heldout/falconet-tiny-validation.jsonl"));
    Tokenizer tok = Tokenizer.load(REPO.resolve("datasets-sample/models/falconet-tiny/tokenizer.json"));
    assertEquals(7965 - allHeldOut.size(), allHeldOut.stream().mapToLong(t -> tok.encode(t).length).sum());
    List<String> heldOut = allHeldOut.subList(0, 10);   // the notebook scores the first ten
    long tokens = heldOut.stream().mapToLong(t -> tok.encode(t).length).sum();
    long bytes = heldOut.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
    String ppl = html(cells.get(18));
    assertEquals(heldOut.size(), (int) value(ppl, "documents"));
    assertEquals(tokens, (long) value(ppl, "tokens"));
    assertEquals(bytes, (long) value(ppl, "bytes"));
    double bpb = value(ppl, "bits per byte");
    double uniform = value(ppl, "bits per byte, uniform over the vocabulary");
    assertEquals(tokens * 12.0 / bytes, uniform, 5e-4);            // log2(4096) = 12 bits per token
    assertTrue(bpb > 1 && bpb < uniform, "bits per byte " + bpb);  // learned something, far from perfect
    assertEquals(Math.pow(2, bpb), value(ppl, "byte perplexity"), 0.01);

    assertTrue(Jupyter.text(cells.get(24)).contains("the same items and few-shot pool: true"), Jupyter.text(cells.get(24)));
  }

  private static String html(JsonNode cell) {
    JsonNode outs = cell.path("outputs");
    return Jupyter.data(outs.get(outs.size() - 1), "text/html");
  }

  /** Column {@code col} (0-based) of the row whose first cell is {@code first}. */
  private static double cell(String html, String first, int col) {
    Matcher m = Pattern.compile("<tr><td>" + Pattern.quote(first) + "</td>((?:<td>[^<]*</td>)+)</tr>").matcher(html);
    assertTrue(m.find(), first + "\n" + html);
    String[] cells = m.group(1).replace("</td>", "").split("<td>");
    return Double.parseDouble(cells[col]);
  }

  private static double value(String html, String measure) {
    return cell(html, measure, 1);
  }
}
