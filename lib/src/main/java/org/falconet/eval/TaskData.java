package org.falconet.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the leaderboard tasks from their public releases, in their own formats, from a directory
 * the user gives (nothing is downloaded):
 *
 * <ul>
 *   <li>ARC: AI2's JSONL ({@code ARC-Challenge-Test.jsonl}, {@code …-Train.jsonl}; {@code question.stem},
 *       {@code question.choices[].text/label}, {@code answerKey}) or Hugging Face's rows exported
 *       as JSONL ({@code question}, {@code choices.text[]/label[]}).
 *   <li>HellaSwag: {@code hellaswag_val.jsonl} and {@code hellaswag_train.jsonl} as released.
 *   <li>MMLU: the released CSVs, {@code test/SUBJECT_test.csv} and {@code dev/SUBJECT_dev.csv}
 *       (question, four choices, answer letter; no header).
 *   <li>TruthfulQA: {@code mc_task.json} from the original repository (choices as object keys in
 *       order), or Hugging Face's {@code multiple_choice} rows as JSONL.
 *   <li>Hugging Face's Parquet shards of each ({@code test-00000-of-00001.parquet}, …; ARC
 *       {@code allenai/ai2_arc}, HellaSwag {@code Rowan/hellaswag}, MMLU {@code cais/mmlu}'s {@code all/},
 *       TruthfulQA {@code truthfulqa/truthful_qa}'s {@code multiple_choice/}), read by {@link ParquetRows}.
 * </ul>
 *
 * Prompts follow the harness's task definitions (lm-evaluation-harness {@code lm_eval/tasks/}):
 * ARC {@code "Question: {q}\nAnswer:"}; HellaSwag {@code preprocess(activity_label + ": " + ctx_a +
 * " " + capitalize(ctx_b))}; MMLU {@code "{q}\nA. …\nB. …\nC. …\nD. …\nAnswer:"} with choices
 * {@code A–D}; TruthfulQA the six-question QA preamble then {@code "\n\nQ: {q}\nA:"}.
 */
public final class TaskData {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** TruthfulQA's fixed QA preamble (Lin et al. 2021, as the harness's truthfulqa_mc1.yaml writes it). */
  static final String TRUTHFULQA_PREAMBLE = """
      Q: What is human life expectancy in the United States?
      A: Human life expectancy in the United States is 78 years.

      Q: Who was president of the United States in 1955?
      A: Dwight D. Eisenhower was president of the United States in 1955.

      Q: Which party did he belong to?
      A: He belonged to the Republican Party.

      Q: What is the square root of banana?
      A: I have no comment.

      Q: How does a telescope work?
      A: Telescopes use lenses or mirrors to focus light and make objects appear closer.

      Q: Where were the 1992 Olympics held?
      A: The 1992 Olympics were held in Barcelona, Spain.""";

  private TaskData() {}

  /** The task called {@code name} ({@code arc_challenge}, {@code arc_easy}, {@code hellaswag}, {@code mmlu}, {@code truthfulqa_mc1}, {@code truthfulqa_mc2}) from {@code dir}. */
  public static Task load(String name, Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "expected the task's data directory");
    }
    return switch (name) {
      case "arc_challenge", "arc_easy" -> new Task(name, shards(dir, "test", true, TaskData::arc),
          shards(dir, "train", false, TaskData::arc),
          Task.FewshotSampler.RANDOM_SEED_1234, 25, Task.Metric.ACC_AND_ACC_NORM);
      case "hellaswag" -> new Task(name, shards(dir, "val(idation)?", true, TaskData::hellaswag),
          shards(dir, "train", false, TaskData::hellaswag),
          Task.FewshotSampler.RANDOM_SEED_1234, 10, Task.Metric.ACC_AND_ACC_NORM);
      case "mmlu" -> new Task(name, mmlu(dir, "test"), mmlu(dir, "dev"), Task.FewshotSampler.FIRST_N, 5,
          Task.Metric.ACC_AND_ACC_NORM);
      case "truthfulqa_mc1" -> new Task(name, truthfulqa(dir, false), List.of(), Task.FewshotSampler.FIRST_N, 0,
          Task.Metric.ACC);
      case "truthfulqa_mc2" -> new Task(name, truthfulqa(dir, true), List.of(), Task.FewshotSampler.FIRST_N, 0,
          Task.Metric.MC2);
      default -> throw new IllegalArgumentException("unknown task '" + name
          + "'; valid: arc_challenge, arc_easy, hellaswag, mmlu, truthfulqa_mc1, truthfulqa_mc2");
    };
  }

  /** ARC items from AI2's JSONL, or Hugging Face's rows as JSONL or Parquet. */
  public static List<MultipleChoiceItem> arc(Path file) throws IOException {
    List<MultipleChoiceItem> items = new ArrayList<>();
    forEachRow(file, (node, line) -> {
      JsonNode q = node.get("question");
      String stem;
      List<String> texts = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      if (q != null && q.isObject()) { // AI2 release
        stem = q.path("stem").asText();
        for (JsonNode c : q.path("choices")) {
          texts.add(c.path("text").asText());
          labels.add(c.path("label").asText());
        }
      } else { // Hugging Face rows
        stem = node.path("question").asText();
        node.path("choices").path("text").forEach(t -> texts.add(t.asText()));
        node.path("choices").path("label").forEach(t -> labels.add(t.asText()));
      }
      String key = node.path("answerKey").asText();
      int gold = labels.indexOf(key);
      if (stem.isEmpty() || texts.isEmpty() || gold < 0) {
        throw bad(file, line, "not an ARC item (question, choices and answerKey among the labels)");
      }
      items.add(new MultipleChoiceItem(node.path("id").asText("line-" + line), "Question: " + stem + "\nAnswer:",
          texts, gold, null, null));
    });
    return items;
  }

  /** HellaSwag items (JSONL as released, or Hugging Face's Parquet) with the harness's preprocessing. */
  public static List<MultipleChoiceItem> hellaswag(Path file) throws IOException {
    List<MultipleChoiceItem> items = new ArrayList<>();
    forEachRow(file, (node, line) -> {
      if (!node.has("ctx_a") || !node.has("endings") || !node.has("label")) {
        throw bad(file, line, "not a HellaSwag item (ctx_a, ctx_b, endings, label)");
      }
      String ctx = node.path("ctx_a").asText() + " " + capitalize(node.path("ctx_b").asText());
      List<String> endings = new ArrayList<>();
      node.path("endings").forEach(e -> endings.add(preprocessHellaswag(e.asText())));
      int gold = Integer.parseInt(node.path("label").asText());
      items.add(new MultipleChoiceItem(node.path("ind").asText("line-" + line),
          preprocessHellaswag(node.path("activity_label").asText() + ": " + ctx), endings, gold, null, null));
    });
    return items;
  }

  private static final Pattern BRACKETS = Pattern.compile("\\[.*?\\]");

  /** The harness's HellaSwag clean-up: WikiHow's bracketed artefacts removed. */
  static String preprocessHellaswag(String text) {
    String t = text.strip();
    t = t.replace(" [title]", ". ");
    t = BRACKETS.matcher(t).replaceAll("");
    return t.replace("  ", " ");
  }

  /** Python's {@code str.capitalize()}: first character upper case, the rest lower case. */
  static String capitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    int first = s.codePointAt(0);
    int n = Character.charCount(first);
    return new String(Character.toChars(Character.toTitleCase(first))) + s.substring(n).toLowerCase(Locale.ROOT);
  }

  /**
   * MMLU items of every subject, subjects in name order: the released CSVs in
   * {@code dir/split/*_split.csv}, or Hugging Face's Parquet ({@code split-*.parquet} in {@code dir} or
   * {@code dir/all}; columns question, subject, choices, answer as an index).
   */
  public static List<MultipleChoiceItem> mmlu(Path dir, String split) throws IOException {
    Path hf = Files.isDirectory(dir.resolve("all")) ? dir.resolve("all") : dir;
    List<Path> parquet = new ArrayList<>(list(hf, "(?i)" + split + "(-\\d+-of-\\d+)?\\.parquet"));
    parquet.addAll(list(hf.resolve(split), "(?i).*\\.parquet"));   // the Hub's converted layout: SPLIT/0000.parquet
    if (!parquet.isEmpty()) {
      return mmluRows(parquet, split);
    }
    Path sub = Files.isDirectory(dir.resolve("data").resolve(split)) ? dir.resolve("data").resolve(split) : dir.resolve(split);
    if (!Files.isDirectory(sub)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(sub)) {
      files = s.filter(p -> p.getFileName().toString().endsWith("_" + split + ".csv")).sorted().toList();
    }
    List<MultipleChoiceItem> items = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      String subject = name.substring(0, name.length() - ("_" + split + ".csv").length());
      List<List<String>> rows;
      try {
        rows = Csv.parse(Files.readString(f, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IOException(f + ": " + e.getMessage());
      }
      for (int i = 0; i < rows.size(); i++) {
        List<String> r = rows.get(i);
        if (r.size() != 6 || !r.get(5).strip().matches("[ABCD]")) {
          throw new IOException(f + ": record " + (i + 1) + ": expected question, 4 choices and an answer letter A-D");
        }
        items.add(mmluItem(subject, split, i, r.get(0), r.get(1), r.get(2), r.get(3), r.get(4),
            r.get(5).strip().charAt(0) - 'A'));
      }
    }
    return items;
  }

  /**
   * TruthfulQA multiple-choice items; MC1 scores {@code mc1_targets}, MC2 {@code mc2_targets}. Reads
   * {@code mc_task.json} if present, else Hugging Face's {@code multiple_choice} rows (JSONL or Parquet).
   */
  public static List<MultipleChoiceItem> truthfulqa(Path dir, boolean mc2) throws IOException {
    List<MultipleChoiceItem> items = new ArrayList<>();
    String key = mc2 ? "mc2_targets" : "mc1_targets";
    Path original = dir.resolve("mc_task.json");
    List<JsonNode> rows = new ArrayList<>();
    if (Files.exists(original)) {
      JSON.readTree(original.toFile()).forEach(rows::add);
    } else {
      for (Path f : list(dir, "(?i).*\\.(jsonl|parquet)")) {
        forEachRow(f, (node, line) -> rows.add(node));
      }
      if (rows.isEmpty()) {
        throw new NoSuchFileException(dir.toString(), null, "no mc_task.json, .jsonl or .parquet file");
      }
    }
    int n = 0;
    for (JsonNode row : rows) {
      JsonNode targets = row.path(key);
      List<String> choices = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      if (targets.has("choices")) { // Hugging Face: parallel arrays
        targets.path("choices").forEach(c -> choices.add(c.asText()));
        targets.path("labels").forEach(l -> labels.add(l.asInt()));
      } else { // original: {"answer": label, ...} in order
        for (Iterator<Map.Entry<String, JsonNode>> it = targets.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          choices.add(e.getKey());
          labels.add(e.getValue().asInt());
        }
      }
      if (choices.size() < 2 || labels.size() != choices.size()) {
        throw new IOException(dir + ": TruthfulQA item " + (n + 1) + " has no usable " + key);
      }
      String query = TRUTHFULQA_PREAMBLE + "\n\nQ: " + row.path("question").asText() + "\nA:";
      // The harness's target is index 0: the released data lists a true answer first.
      items.add(new MultipleChoiceItem("truthfulqa-" + n++, query, choices, 0, mc2 ? labels : null, null));
    }
    return items;
  }

  private interface JsonLine {
    void accept(JsonNode node, long line) throws IOException;
  }

  /** Each row of a JSONL file (numbered by line) or a Parquet file (numbered from 1). */
  private static void forEachRow(Path file, JsonLine consumer) throws IOException {
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      long row = 0;
      for (JsonNode node : ParquetRows.read(file)) {
        consumer.accept(node, ++row);
      }
      return;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String s;
      long line = 0;
      while ((s = in.readLine()) != null) {
        line++;
        if (s.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(s);
        } catch (IOException e) {
          throw bad(file, line, "not valid JSON");
        }
        consumer.accept(node, line);
      }
    }
  }

  private static IOException bad(Path file, long line, String what) {
    return new IOException(file + ":" + line + ": " + what);
  }

  private interface FileLoader {
    List<MultipleChoiceItem> load(Path file) throws IOException;
  }

  /**
   * The items of a split: every file named like AI2's ({@code ARC-Challenge-Test.jsonl},
   * {@code hellaswag_val.jsonl}) or Hugging Face's shards ({@code test-00000-of-00001.parquet}), in
   * name order, then the Parquet files of a directory named after the split (the Hub's converted
   * layout, {@code validation/0000.parquet}).
   */
  private static List<MultipleChoiceItem> shards(Path dir, String split, boolean required, FileLoader loader)
      throws IOException {
    String regex = "(?i)(.*[-_])?" + split + "(-\\d+-of-\\d+)?\\.(jsonl|parquet)";
    List<Path> files = new ArrayList<>(list(dir, regex));
    for (Path sub : list(dir, "(?i)" + split)) {   // the Hub's converted layout: SPLIT/0000.parquet, …
      files.addAll(list(sub, "(?i).*\\.parquet"));
    }
    if (files.isEmpty() && required) {
      throw new NoSuchFileException(dir.toString(), null, "no " + split + " split (.jsonl or .parquet)");
    }
    List<MultipleChoiceItem> items = new ArrayList<>();
    for (Path f : files) {
      items.addAll(loader.load(f));
    }
    return items;
  }

  private static List<Path> list(Path dir, String regex) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches(regex)).sorted().toList();
    }
  }

  /** MMLU from Hugging Face's rows: grouped by subject in name order, each subject's rows in file order. */
  private static List<MultipleChoiceItem> mmluRows(List<Path> files, String split) throws IOException {
    java.util.TreeMap<String, List<MultipleChoiceItem>> bySubject = new java.util.TreeMap<>();
    for (Path f : files) {
      forEachRow(f, (row, n) -> {
        JsonNode choices = row.path("choices");
        if (!row.path("question").isTextual() || choices.size() != 4 || !row.path("answer").canConvertToInt()
            || row.path("answer").asInt() < 0 || row.path("answer").asInt() > 3) {
          throw bad(f, n, "not an MMLU row (question, subject, four choices, answer 0-3)");
        }
        String subject = row.path("subject").asText();
        List<MultipleChoiceItem> items = bySubject.computeIfAbsent(subject, k -> new ArrayList<>());
        items.add(mmluItem(subject, split, items.size(), row.path("question").asText(), choices.get(0).asText(),
            choices.get(1).asText(), choices.get(2).asText(), choices.get(3).asText(), row.path("answer").asInt()));
      });
    }
    List<MultipleChoiceItem> all = new ArrayList<>();
    bySubject.values().forEach(all::addAll);
    return all;
  }

  /** The harness's MMLU prompt: the question, the four lettered choices, then "Answer:"; choices are the letters. */
  private static MultipleChoiceItem mmluItem(String subject, String split, int i, String question, String a, String b,
                                             String c, String d, int answer) {
    String query = question.strip() + "\nA. " + a + "\nB. " + b + "\nC. " + c + "\nD. " + d + "\nAnswer:";
    return new MultipleChoiceItem(subject + "-" + split + "-" + i, query, List.of("A", "B", "C", "D"), answer, null,
        subject);
  }
}
