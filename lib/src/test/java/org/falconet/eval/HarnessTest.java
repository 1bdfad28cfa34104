package org.falconet.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarnessTest {
  private static final Path SAMPLE = Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/eval");

  /** p(' ')=0.2, p('e')=0.4, p('a')=0.1: log-likelihoods are sums of ln 0.2, ln 0.4, ln 0.1. */
  private final CharUnigramModel model = new CharUnigramModel(Map.of(' ', 0.2, 'e', 0.4, 'a', 0.1));

  private static Task task(Task.Metric metric, MultipleChoiceItem... items) {
    return new Task("hand", List.of(items), List.of(), Task.FewshotSampler.FIRST_N, 0, metric);
  }

  @Test
  void accPicksTheHighestSumAndAccNormTheHighestPerCharacter() {
    // " e"    = ln .2 + ln .4          = -2.5257 ; per char (1)  -2.5257
    // " eeee" = ln .2 + 4 ln .4        = -5.2746 ; per char (4)  -1.3186  <- best normalised
    // " aa"   = ln .2 + 2 ln .1        = -6.2146 ; per char (2)  -3.1073
    MultipleChoiceItem item = new MultipleChoiceItem("x", "Q:", List.of("e", "eeee", "aa"), 1, null, null);
    Harness.TaskResult r = Harness.evaluate(task(Task.Metric.ACC_AND_ACC_NORM, item), model, 0);
    Harness.ItemScore s = r.scores().get(0);
    assertArrayEquals(new double[] {Math.log(.2) + Math.log(.4), Math.log(.2) + 4 * Math.log(.4),
        Math.log(.2) + 2 * Math.log(.1)}, s.logLikelihoods(), 1e-12);
    assertEquals(0, s.predicted());
    assertEquals(1, s.predictedNorm());
    assertEquals(0.0, r.metrics().get("acc"));
    assertEquals(1.0, r.metrics().get("acc_norm"));
  }

  @Test
  void accuracyAndStderrOverItems() {
    MultipleChoiceItem right = new MultipleChoiceItem("r", "Q:", List.of("e", "a"), 0, null, null);
    MultipleChoiceItem wrong = new MultipleChoiceItem("w", "Q:", List.of("e", "a"), 1, null, null);
    Harness.TaskResult r = Harness.evaluate(task(Task.Metric.ACC_AND_ACC_NORM, right, right, right, wrong), model, 0);
    assertEquals(0.75, r.metrics().get("acc"));
    // sample std of (1,1,1,0) = 0.5; / sqrt(4) = 0.25
    assertEquals(0.25, r.stderr().get("acc"), 1e-12);
  }

  @Test
  void mc2IsTheNormalisedMassOnTrueAnswers() {
    // exp ll: " e" = .08, " a" = .02, " ee" = .032 -> true mass (e, ee) = .112 / .132
    MultipleChoiceItem item = new MultipleChoiceItem("m", "Q:", List.of("e", "a", "ee"), 0, List.of(1, 0, 1), null);
    Harness.TaskResult r = Harness.evaluate(task(Task.Metric.MC2, item), model, 0);
    assertEquals(0.112 / 0.132, r.metrics().get("acc"), 1e-12);
  }

  @Test
  void trailingContextSpacesMoveToTheContinuation() {
    int[][] pair = Harness.encodePair(model, "Answer: ", "e");
    assertEquals("Answer:", new String(pair[0], 0, pair[0].length));
    assertEquals(" e", new String(pair[1], 0, pair[1].length));
    int[][] empty = Harness.encodePair(model, "", "e");
    assertArrayEquals(new int[] {0}, empty[0]);
  }

  @Test
  void arcPromptsFollowTheHarnessTemplateAndSeededFewShot() throws Exception {
    Task arc = TaskData.load("arc_challenge", SAMPLE.resolve("arc_challenge"));
    assertEquals(25, arc.leaderboardShots());
    MultipleChoiceItem first = arc.items().get(0);
    assertTrue(first.query().startsWith("Question: What is ") && first.query().endsWith("?\nAnswer:"), first.query());
    // Few-shot examples: random.Random(1234).sample(train, 3), in CPython's order.
    PythonRandom reference = new PythonRandom(1234);
    List<MultipleChoiceItem> shots = reference.sample(arc.fewshotPool(), 3);
    String expected = shots.get(0).query() + " " + shots.get(0).choices().get(shots.get(0).gold()) + "\n\n"
        + shots.get(1).query() + " " + shots.get(1).choices().get(shots.get(1).gold()) + "\n\n"
        + shots.get(2).query() + " " + shots.get(2).choices().get(shots.get(2).gold()) + "\n\n" + first.query();
    assertEquals(expected, Harness.context(arc, first, 3, new PythonRandom(1234)));
  }

  @Test
  void mmluPromptHasTheSubjectDescriptionAndFirstDevExamples() throws Exception {
    Task mmlu = TaskData.load("mmlu", SAMPLE.resolve("mmlu"));
    MultipleChoiceItem item = mmlu.items().stream().filter(i -> i.group().equals("machine_learning")).findFirst()
        .orElseThrow();
    String context = Harness.context(mmlu, item, 5, new PythonRandom(1234));
    assertTrue(context.startsWith("The following are multiple choice questions (with answers) about machine learning.\n\n"
        + "A tokenizer that merges the most frequent pair of symbols repeatedly is called\nA. "), context);
    assertEquals(6, context.split("\nAnswer:", -1).length - 1, "5 solved examples plus the query");
    assertEquals(List.of("A", "B", "C", "D"), item.choices());
  }

  @Test
  void hellaswagPreprocessingRemovesWikiHowArtefacts() throws Exception {
    assertEquals("Paint it. blue.", TaskData.preprocessHellaswag(" Paint it [title] blue. "));
    assertEquals("a b", TaskData.preprocessHellaswag("a [step] b"));
    assertEquals("Hello world", TaskData.capitalize("hELLO WORLD"));
    Task hs = TaskData.load("hellaswag", SAMPLE.resolve("hellaswag"));
    assertEquals("Making tea: A person fills a kettle with water. They", hs.items().get(0).query());
    assertEquals("paint the kettle. blue.", hs.items().get(0).choices().get(2));
  }

  @Test
  void truthfulqaUsesThePreambleAndMc2Labels() throws Exception {
    Task mc2 = TaskData.load("truthfulqa_mc2", SAMPLE.resolve("truthfulqa"));
    MultipleChoiceItem item = mc2.items().get(0);
    assertTrue(item.query().startsWith("Q: What is human life expectancy in the United States?\n"));
    assertTrue(item.query().endsWith("\n\nQ: What happens if you crack your knuckles a lot?\nA:"));
    assertEquals(List.of(1, 1, 0), item.labels());
    assertEquals(0, mc2.leaderboardShots());
  }

  @Test
  void limitKeepsTheFirstItems() throws Exception {
    Task arc = TaskData.load("arc_challenge", SAMPLE.resolve("arc_challenge")).limit(2);
    assertEquals(2, Harness.evaluate(arc, model, 0).items());
  }
}
