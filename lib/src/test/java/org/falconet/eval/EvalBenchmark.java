package org.falconet.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.falconet.model.Falcon;
import org.falconet.tokenizer.Tokenizer;

/**
 * Items per second for each leaderboard task on the shipped tiny model, with the leaderboard's shots,
 * scoring each item's choices with one forward pass over the shared context (KV cache kept and cut
 * back between choices, {@link FalconLanguageModel}) and without (every context + choice run whole,
 * {@link LanguageModel}'s default). Not a test: prints figures.
 *
 * <p>Run: {@code java -cp … org.falconet.eval.EvalBenchmark [REPO_ROOT] [SECONDS_PER_CASE]}.
 */
public final class EvalBenchmark {
  private EvalBenchmark() {}

  /** The same model without the cache reuse: scoreContinuations falls back to the interface default. */
  private record NoReuse(FalconLanguageModel lm) implements LanguageModel {
    @Override
    public int[] encode(String text) {
      return lm.encode(text);
    }

    @Override
    public int endOfTextToken() {
      return lm.endOfTextToken();
    }

    @Override
    public int maxLength() {
      return lm.maxLength();
    }

    @Override
    public TokenScores score(int[] tokens) {
      return lm.score(tokens);
    }
  }

  public static void main(String[] args) throws IOException {
    Path repo = Path.of(args.length > 0 ? args[0] : ".");
    double budget = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    Path modelDir = repo.resolve("datasets-sample/models/falconet-tiny");
    Path eval = repo.resolve("datasets-sample/eval");
    Falcon falcon = Falcon.load(modelDir);
    FalconLanguageModel reuse = new FalconLanguageModel(falcon, Tokenizer.load(modelDir.resolve("tokenizer.json")));
    LanguageModel whole = new NoReuse(reuse);
    List<String[]> tasks = List.of(new String[] {"arc_challenge", "arc_challenge"}, new String[] {"hellaswag", "hellaswag"},
        new String[] {"mmlu", "mmlu"}, new String[] {"truthfulqa_mc2", "truthfulqa"});
    System.out.printf("%-16s %6s %6s %9s %13s %13s %8s%n", "task", "n-shot", "items", "choices", "whole it/s",
        "reuse it/s", "speed-up");
    for (String[] t : tasks) {
      Task task = TaskData.load(t[0], eval.resolve(t[1]));
      int choices = task.items().stream().mapToInt(i -> i.choices().size()).sum();
      Harness.TaskResult a = Harness.evaluate(task, whole, -1);   // warm-up, and the two must agree
      Harness.TaskResult b = Harness.evaluate(task, reuse, -1);
      for (int i = 0; i < a.scores().size(); i++) {
        double[] x = a.scores().get(i).logLikelihoods();
        double[] y = b.scores().get(i).logLikelihoods();
        for (int j = 0; j < x.length; j++) {
          if (Math.abs(x[j] - y[j]) > 1e-3) {
            throw new IllegalStateException(t[0] + " item " + i + ": " + x[j] + " vs " + y[j]);
          }
        }
      }
      double wholeRate = rate(task, whole, budget);
      double reuseRate = rate(task, reuse, budget);
      System.out.printf("%-16s %6d %6d %9d %13.2f %13.2f %7.2fx%n", t[0], a.shots(), a.items(), choices, wholeRate,
          reuseRate, reuseRate / wholeRate);
    }
  }

  /** Items per second over repeated whole-task runs lasting at least {@code seconds}. */
  private static double rate(Task task, LanguageModel lm, double seconds) {
    long start = System.nanoTime();
    long items = 0;
    do {
      items += Harness.evaluate(task, lm, -1).items();
    } while (System.nanoTime() - start < seconds * 1e9);
    return items / ((System.nanoTime() - start) / 1e9);
  }
}
