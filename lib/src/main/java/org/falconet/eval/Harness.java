package org.falconet.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a {@link Task} on a {@link LanguageModel} the way lm-evaluation-harness does for
 * multiple-choice tasks: each choice is a continuation of the prompt, its log-likelihood summed over
 * its tokens; {@code acc} picks the highest, {@code acc_norm} the highest per character of the
 * choice; TruthfulQA MC2 is the probability mass on true answers after normalising over all choices.
 *
 * <pre>{@code
 * Task arc = TaskData.load("arc_challenge", Path.of("data/ARC-Challenge"));
 * TaskResult r = Harness.evaluate(arc, model, 25);
 * }</pre>
 */
public final class Harness {
  private Harness() {}

  /** One item's scores, for inspection in notebooks. */
  public record ItemScore(MultipleChoiceItem item, String context, double[] logLikelihoods, int predicted,
                          int predictedNorm, double value) {}

  /** A task's metrics ({@code acc}, {@code acc_norm}…) with standard errors, plus each item's scores. */
  public record TaskResult(String task, int shots, int items, Map<String, Double> metrics, Map<String, Double> stderr,
                           Map<String, Double> perGroupAcc, List<ItemScore> scores) {}

  /** The prompt for {@code item} with {@code shots} examples: description, solved examples, then the query. */
  public static String context(Task task, MultipleChoiceItem item, int shots, PythonRandom rng) {
    List<MultipleChoiceItem> examples = List.of();
    if (shots > 0) {
      if (task.fewshotPool().isEmpty()) {
        throw new IllegalArgumentException(task.name() + ": " + shots + "-shot needs a few-shot split in the data");
      }
      examples = switch (task.fewshot()) {
        case FIRST_N -> task.fewshotPool().stream()
            .filter(e -> java.util.Objects.equals(e.group(), item.group())).limit(shots).toList();
        case RANDOM_SEED_1234 -> rng.sample(task.fewshotPool(), Math.min(shots, task.fewshotPool().size()))
            .stream().filter(e -> !e.equals(item)).limit(shots).toList();
      };
    }
    StringBuilder sb = new StringBuilder(task.description(item));
    for (MultipleChoiceItem e : examples) {
      sb.append(e.solved(Task.TARGET_DELIMITER)).append(Task.FEWSHOT_DELIMITER);
    }
    return sb.append(item.query()).toString();
  }

  /**
   * Context and continuation tokens as the harness forms them: trailing spaces of the context move
   * to the continuation, the pair is encoded whole, and the continuation is what follows the
   * context's own encoding. An empty context becomes the end-of-text token.
   */
  static int[][] encodePair(LanguageModel lm, String context, String continuation) {
    int spaces = context.length() - context.stripTrailing().length();
    if (spaces > 0) {
      continuation = context.substring(context.length() - spaces) + continuation;
      context = context.substring(0, context.length() - spaces);
    }
    int[] whole = lm.encode(context + continuation);
    int[] ctx = lm.encode(context);
    int[] cont = java.util.Arrays.copyOfRange(whole, Math.min(ctx.length, whole.length), whole.length);
    if (ctx.length == 0) {
      ctx = new int[] {lm.endOfTextToken()};
    }
    return new int[][] {ctx, cont};
  }

  /** Scores every item of {@code task} with {@code shots} few-shot examples (-1: the leaderboard's number). */
  public static TaskResult evaluate(Task task, LanguageModel lm, int shots) {
    int k = shots < 0 ? task.leaderboardShots() : shots;
    PythonRandom rng = new PythonRandom(1234); // the harness's fewshot_seed
    List<ItemScore> scores = new ArrayList<>();
    for (MultipleChoiceItem item : task.items()) {
      String context = context(task, item, k, rng);
      int[] ctxTokens = null;
      List<int[]> conts = new ArrayList<>();
      for (String choice : item.choices()) {
        int[][] pair = encodePair(lm, context, Task.TARGET_DELIMITER + choice);
        ctxTokens = pair[0];
        conts.add(pair[1]);
      }
      List<LanguageModel.Continuation> ll = lm.scoreContinuations(ctxTokens, conts);
      double[] lls = ll.stream().mapToDouble(LanguageModel.Continuation::logLikelihood).toArray();
      int best = argmax(lls);
      double[] norm = new double[lls.length];
      for (int i = 0; i < lls.length; i++) {
        norm[i] = lls[i] / item.choices().get(i).length(); // harness: len(choice) in characters
      }
      int bestNorm = argmax(norm);
      double value = task.metric() == Task.Metric.MC2 ? mc2(lls, item.labels()) : (best == item.gold() ? 1 : 0);
      scores.add(new ItemScore(item, context, lls, best, bestNorm, value));
    }
    return summarize(task, k, scores);
  }

  /** TruthfulQA MC2: exp of each log-likelihood, normalised, summed over the true answers. */
  static double mc2(double[] lls, List<Integer> labels) {
    double max = java.util.Arrays.stream(lls).max().orElse(0);
    double total = 0;
    double truth = 0;
    for (int i = 0; i < lls.length; i++) {
      double p = Math.exp(lls[i] - max); // shifted for range; the ratio is unchanged
      total += p;
      if (labels.get(i) == 1) {
        truth += p;
      }
    }
    return truth / total;
  }

  private static TaskResult summarize(Task task, int shots, List<ItemScore> scores) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, Double> stderr = new LinkedHashMap<>();
    double[] acc = scores.stream().mapToDouble(ItemScore::value).toArray();
    metrics.put("acc", mean(acc));
    stderr.put("acc", meanStderr(acc));
    if (task.metric() == Task.Metric.ACC_AND_ACC_NORM) {
      double[] accNorm = scores.stream().mapToDouble(s -> s.predictedNorm() == s.item().gold() ? 1 : 0).toArray();
      metrics.put("acc_norm", mean(accNorm));
      stderr.put("acc_norm", meanStderr(accNorm));
    }
    Map<String, List<Double>> byGroup = new TreeMap<>();
    for (ItemScore s : scores) {
      if (s.item().group() != null) {
        byGroup.computeIfAbsent(s.item().group(), g -> new ArrayList<>()).add(s.value());
      }
    }
    Map<String, Double> perGroup = new LinkedHashMap<>();
    byGroup.forEach((g, v) -> perGroup.put(g, mean(v.stream().mapToDouble(Double::doubleValue).toArray())));
    if (!perGroup.isEmpty()) {
      // The first leaderboard averaged MMLU's 57 subject accuracies; report that beside the item mean.
      metrics.put("acc_subject_mean", mean(perGroup.values().stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return new TaskResult(task.name(), shots, scores.size(), metrics, stderr, perGroup, scores);
  }

  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i; // ties keep the first, as numpy.argmax does
      }
    }
    return best;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  /** The harness's {@code mean_stderr}: sample standard deviation (n-1) over sqrt(n). */
  static double meanStderr(double[] v) {
    if (v.length < 2) {
      return Double.NaN;
    }
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (v.length - 1)) / Math.sqrt(v.length);
  }
}
