package org.falconet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.falconet.pipeline.RunStats;
import org.falconet.refinedweb.RefinedWeb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./falconet demo}: the main job on the bundled sample, every stage that exists, funnel printed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole road on the bundled sample (datasets-sample/): curation funnel, then what follows.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--sample", paramLabel = "DIR", description = "Sample data directory (default: ${DEFAULT-VALUE}).")
  Path sample = Path.of("datasets-sample");

  @Option(names = "--output", paramLabel = "DIR", description = "Where results go (default: ${DEFAULT-VALUE}).")
  Path output = Path.of("out/demo");

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    Path crawl = sample.resolve("crawl");
    if (!Files.isDirectory(crawl)) {
      throw new java.nio.file.NoSuchFileException(crawl.toString(), null,
          "the sample crawl is missing; run from the repository root or pass --sample");
    }
    List<Path> inputs = CurateCommand.expand(List.of(crawl));
    System.out.println("Falconet demo: " + inputs.size() + " input file(s) from " + crawl);
    System.out.println("Stages: " + (RefinedWeb.STAGE_NAMES.isEmpty() ? "(reading only)" : String.join(" -> ", RefinedWeb.STAGE_NAMES)));
    Path curated = output.resolve("curated");
    RunStats stats = CurateCommand.run(inputs, curated, RefinedWeb.STAGE_NAMES, threads, 1000);
    System.out.println();
    System.out.println("The RefinedWeb funnel on the sample crawl:");
    System.out.println(stats.funnel());
    System.out.printf("%d records in, %d kept, %d removed; output in %s%n", stats.inputRecords, stats.kept,
        stats.removed, curated);
    generate(curated);
    Path report = org.falconet.report.RunReport.write(curated, output.resolve("report.html"));
    System.out.printf("%nReport of the curation (funnel, removals with examples, manifest): %s%n", report);
    System.out.printf("Reproduce it with: ./falconet replay %s%n", curated);
    return 0;
  }

  /** The end of the road: the shipped small Falcon, trained on this curated sample, writes text. */
  private void generate(Path curated) throws java.io.IOException {
    Path modelDir = sample.resolve("models/falconet-tiny");
    if (!Files.exists(modelDir.resolve("config.json"))) {
      System.out.println("(no shipped model in " + modelDir + "; skipping generation)");
      return;
    }
    org.falconet.tokenizer.Tokenizer tokenizer = org.falconet.tokenizer.Tokenizer.load(modelDir.resolve("tokenizer.json"));
    long tokens = 0;
    for (String text : org.falconet.train.TrainingData.texts(curated)) {
      tokens += tokenizer.encode(text).length;
    }
    System.out.printf("%nThe curated corpus is %,d tokens with the shipped model's %,d-token BPE vocabulary.%n", tokens,
        tokenizer.vocabSize());
    org.falconet.model.Falcon model = org.falconet.model.Falcon.load(modelDir);
    org.falconet.generate.Generator generator = new org.falconet.generate.Generator(model, org.falconet.generate.TextCodec.of(tokenizer));
    java.util.List<Integer> stop = java.util.List.of(model.config().eosTokenId());
    System.out.printf("Generating with %s (%,d parameters):%n", modelDir, model.config().parameterCount());
    for (String prompt : java.util.List.of("The Debian project", "Python is")) {
      var greedy = new org.falconet.generate.SamplingParams(true, 1.0, 0, 1.0, 1.0, 0, 40, stop, java.util.List.of());
      var sampled = new org.falconet.generate.SamplingParams(false, 0.8, 40, 0.95, 1.1, 1, 40, stop, java.util.List.of());
      System.out.println("  greedy : " + prompt + generator.generate(prompt, greedy, null).text().replace('\n', ' '));
      System.out.println("  sampled: " + prompt + generator.generate(prompt, sampled, null).text().replace('\n', ' '));
    }
  }
}
