package org.falconet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.falconet.eval.FalconLanguageModel;
import org.falconet.eval.Harness;
import org.falconet.eval.Leaderboard;
import org.falconet.eval.Perplexity;
import org.falconet.eval.Task;
import org.falconet.eval.TaskData;
import org.falconet.model.Falcon;
import org.falconet.provenance.RunManifest;
import org.falconet.tokenizer.Tokenizer;
import org.falconet.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./falconet eval}: scores a Falcon on a leaderboard task or measures perplexity. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Score a Falcon the Open LLM Leaderboard's way (ARC, HellaSwag, MMLU, TruthfulQA) or measure perplexity.")
final class EvalCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A Hugging Face Falcon directory.")
  Path model;

  @Option(names = "--tokenizer", paramLabel = "FILE", description = "tokenizer.json (default: the model directory's).")
  Path tokenizer;

  @Option(names = "--task", required = true, paramLabel = "NAME",
      description = "arc_challenge, arc_easy, hellaswag, mmlu, truthfulqa_mc (MC1 and MC2), or perplexity.")
  String task;

  @Option(names = "--data", required = true, paramLabel = "PATH", description = "The task's released files (a directory: JSONL, CSV, JSON, or Hugging Face's Parquet), or JSONL text for perplexity.")
  Path data;

  @Option(names = "--shots", paramLabel = "N", description = "Few-shot examples (default: the leaderboard's: ARC 25, HellaSwag 10, MMLU 5, TruthfulQA 0).")
  int shots = -1;

  @Option(names = "--limit", paramLabel = "N", description = "Score only the first N items.")
  int limit;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Write results.json and manifest.json (model, data and settings with checksums) to DIR, for ./falconet report.")
  Path out;

  /** What an evaluation's manifest records as its settings. */
  record Settings(String task, int shots, int limit) {}

  @Override
  public Integer call() throws Exception {
    RunManifest manifest = out == null ? null : RunManifest.begin("eval");
    if (manifest != null) {
      manifest.arguments = spec.commandLine().getParseResult().originalArgs();
      manifest.engine = new RunManifest.Engine("local", Runtime.getRuntime().availableProcessors(), null, null);
      manifest.checkpoint(model);
      if (tokenizer != null) {
        manifest.model("tokenizer", tokenizer);
      }
      manifest.inputs(dataFiles(data));
      manifest.settings(new Settings(task, shots, limit));
    }
    Path tokFile = tokenizer != null ? tokenizer : model.resolve("tokenizer.json");
    if (!Files.exists(tokFile)) {
      throw new java.nio.file.NoSuchFileException(tokFile.toString(), null, "no tokenizer; pass --tokenizer");
    }
    Falcon falcon = Falcon.load(model);
    FalconLanguageModel lm = new FalconLanguageModel(falcon, Tokenizer.load(tokFile));
    if (task.equals("perplexity")) {
      List<String> texts = TrainingData.texts(data);
      if (limit > 0 && limit < texts.size()) {
        texts = texts.subList(0, limit);
      }
      Perplexity.Result r = Perplexity.evaluate(texts, lm);
      System.out.printf("documents %d, tokens %d%nword_perplexity %.4f%nbyte_perplexity %.4f%nbits_per_byte %.4f%n",
          r.documents(), r.tokens(), r.wordPerplexity(), r.bytePerplexity(), r.bitsPerByte());
      for (Path f : outputs(json)) {
        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(f.toFile(), r);
      }
      finish(manifest);
      return 0;
    }
    List<String> names = task.equals("truthfulqa_mc") ? List.of("truthfulqa_mc1", "truthfulqa_mc2") : List.of(task);
    List<Harness.TaskResult> results = new ArrayList<>();
    for (String name : names) {
      Task t = TaskData.load(name, data).limit(limit);
      long t0 = System.nanoTime();
      Harness.TaskResult r = Harness.evaluate(t, lm, shots);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.err.printf("%s: %d items in %.1fs (%.2f items/s)%n", name, r.items(), seconds, r.items() / seconds);
      results.add(r);
    }
    System.out.print(Leaderboard.text(results));
    for (Path f : outputs(json)) {
      Leaderboard.writeJson(results, f);
    }
    finish(manifest);
    return 0;
  }

  /** Where the results go: --json, and DIR/results.json with --out. */
  private List<Path> outputs(Path json) throws java.io.IOException {
    List<Path> files = new ArrayList<>();
    if (json != null) {
      files.add(json);
    }
    if (out != null) {
      Files.createDirectories(out);
      files.add(out.resolve("results.json"));
    }
    return files;
  }

  private void finish(RunManifest manifest) throws java.io.IOException {
    if (manifest != null) {
      manifest.finish(out, List.of("results.json"));
    }
  }

  /** The task's files as the manifest lists them: a file, or every file under a directory, sorted. */
  static List<Path> dataFiles(Path data) throws java.io.IOException {
    if (!Files.isDirectory(data)) {
      return List.of(data);
    }
    try (java.util.stream.Stream<Path> s = Files.walk(data)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
