package org.falconet.eval;

import java.util.List;

/**
 * One multiple-choice question as the harness scores it: a prompt ({@code doc_to_text}), the
 * choices, each appended after {@code targetDelimiter}, and the index of the right one. For
 * TruthfulQA MC2, {@code labels} marks every true choice.
 *
 * @param id        stable identifier from the task's data
 * @param query     the prompt without few-shot examples
 * @param choices   the answer texts as scored (without the delimiter)
 * @param gold      index of the correct choice
 * @param labels    for MC2, 1 for each true choice; otherwise {@code null}
 * @param group     MMLU subject, or {@code null}
 */
public record MultipleChoiceItem(String id, String query, List<String> choices, int gold, List<Integer> labels,
                                 String group) {
  public MultipleChoiceItem {
    choices = List.copyOf(choices);
    if (choices.size() < 2) {
      throw new IllegalArgumentException("item " + id + " needs at least two choices");
    }
    if (gold < 0 || gold >= choices.size()) {
      throw new IllegalArgumentException("item " + id + ": gold index " + gold + " out of range");
    }
    if (labels != null && labels.size() != choices.size()) {
      throw new IllegalArgumentException("item " + id + ": " + labels.size() + " labels for " + choices.size() + " choices");
    }
  }

  /** The text a few-shot example shows: the query, the delimiter and the right answer. */
  public String solved(String targetDelimiter) {
    return query + targetDelimiter + choices.get(gold);
  }
}
