package org.falconet.eval;

import java.util.List;

/**
 * A leaderboard task as the harness defines it: its items, where few-shot examples come from and
 * how they are chosen, the prompt's description, and how its score is computed.
 *
 * @param name            the harness's task name ({@code arc_challenge}, {@code hellaswag}, …)
 * @param items           the items scored (test or validation split)
 * @param fewshotPool     the split few-shot examples come from, or empty
 * @param fewshot         how examples are chosen from the pool
 * @param leaderboardShots the number of examples the Open LLM Leaderboard used
 * @param metric          {@code acc}/{@code acc_norm} or TruthfulQA's MC2 probability mass
 */
public record Task(String name, List<MultipleChoiceItem> items, List<MultipleChoiceItem> fewshotPool,
                   FewshotSampler fewshot, int leaderboardShots, Metric metric) {

  /** The harness joins few-shot examples with a blank line and puts a space before each answer. */
  public static final String FEWSHOT_DELIMITER = "\n\n";
  public static final String TARGET_DELIMITER = " ";

  public Task {
    items = List.copyOf(items);
    fewshotPool = List.copyOf(fewshotPool);
  }

  /** How few-shot examples are picked. */
  public enum FewshotSampler {
    /** {@code random.Random(1234).sample(pool, k)}, one generator for the whole run, in item order (ARC, HellaSwag). */
    RANDOM_SEED_1234,
    /** The first k examples of the pool (MMLU's dev split, per subject). */
    FIRST_N
  }

  /** How a task is scored. */
  public enum Metric {
    /** Accuracy of the highest log-likelihood, raw and normalised by the choice's length in characters. */
    ACC_AND_ACC_NORM,
    /** TruthfulQA MC1: accuracy only. */
    ACC,
    /** TruthfulQA MC2: the normalised probability mass on the true answers. */
    MC2
  }

  /** The description prepended to every prompt: MMLU names the subject, other tasks have none. */
  public String description(MultipleChoiceItem item) {
    if (item.group() == null) {
      return "";
    }
    return "The following are multiple choice questions (with answers) about " + item.group().replace('_', ' ') + ".\n\n";
  }

  /** A copy keeping only the first {@code limit} items (the harness's {@code --limit}). */
  public Task limit(int limit) {
    return limit <= 0 || limit >= items.size() ? this
        : new Task(name, items.subList(0, limit), fewshotPool, fewshot, leaderboardShots, metric);
  }
}
