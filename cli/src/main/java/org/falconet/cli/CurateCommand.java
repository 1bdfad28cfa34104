package org.falconet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.falconet.filter.lang.LanguageFilter;
import org.falconet.filter.lang.LanguageIdentifier;
import org.falconet.pipeline.DocumentSource;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.Stage;
import org.falconet.provenance.RunManifest;
import org.falconet.refinedweb.RefinedWeb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./falconet curate}: the RefinedWeb pipeline on WARC or JSONL input. */
@Command(name = "curate", mixinStandardHelpOptions = true,
    description = "Run the curation pipeline on WARC/JSONL input; kept/, removed/, stats.json and manifest.json go to --output.")
final class CurateCommand implements Callable<Integer> {

  @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
      description = "Input files or directories (.warc.gz, .warc, .jsonl, .jsonl.gz).")
  List<Path> inputs;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory (resumed if it holds an interrupted run).")
  Path output;

  @Option(names = "--stages", split = ",", paramLabel = "a,b,c",
      description = "Stages to run, in order (default: all, in the paper's order).")
  List<String> stages;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--shard-size", paramLabel = "N", description = "Documents per shard (default: ${DEFAULT-VALUE}).")
  int shardSize = 1000;

  @Option(names = "--engine", paramLabel = "local|spark",
      description = "local: this JVM's threads (default); spark: Apache Spark, one task per input file.")
  String engine = "local";

  @Option(names = "--master", paramLabel = "URL",
      description = "With --engine spark: the Spark master (default local[N], N = --threads), e.g. spark://host:7077 "
          + "(Falconet's jars are shipped to the executors; Spark properties as -Dspark.x=y in FALCONET_JAVA_OPTS).")
  String master;

  @Option(names = "--language-model", paramLabel = "MODEL", defaultValue = LanguageIdentifier.LID_176,
      description = "The language filter's model: lid.176 (the paper's, default), debian-36 (the project's 36 "
          + "languages) or a fastText model file. Local engine only.")
  String languageModel;

  @Option(names = "--parquet", description = "With --engine spark: also write the kept documents as Parquet under DIR/parquet/.")
  boolean parquet;

  @Override
  public Integer call() throws IOException {
    List<String> names = stages == null ? RefinedWeb.STAGE_NAMES : stages.stream().filter(n -> !n.isBlank()).toList();
    RunStats stats = switch (engine) {
      case "local" -> {
        if (master != null || parquet) {
          throw new IllegalArgumentException("--master and --parquet need --engine spark");
        }
        yield run("curate", RefinedWeb.source(), stagesWith(names, languageModel), expand(inputs), output, threads,
            shardSize);
      }
      case "spark" -> {
        if (!languageModel.equals(LanguageIdentifier.LID_176)) {
          throw new IllegalArgumentException("--language-model needs --engine local");
        }
        yield org.falconet.spark.SparkCurate.run(master == null ? "local[" + threads + "]" : master,
            expand(inputs).stream().map(p -> p.toAbsolutePath().toString()).toList(), output.toAbsolutePath().toString(),
            names, parquet);
      }
      default -> throw new IllegalArgumentException("unknown --engine " + engine + " (expected local or spark)");
    };
    System.out.println(stats.funnel());
    System.out.printf("%d records in, %d kept, %d removed -> %s%n", stats.inputRecords, stats.kept, stats.removed, output);
    System.out.printf("manifest: %s (./falconet report %s writes a page of the run; ./falconet replay %s reruns it)%n",
        output.resolve(RunManifest.FILE), output, output);
    return 0;
  }

  /** The local run, with its manifest ({@code output/manifest.json}) written once the output is complete. */
  static RunStats run(List<Path> inputs, Path output, List<String> stageNames, int threads, int shardSize)
      throws IOException {
    return run("curate", RefinedWeb.source(), RefinedWeb.stages(stageNames), inputs, output, threads, shardSize);
  }

  /** The named stages with the paper's parameters, the language filter using {@code languageModel}. */
  static List<Stage> stagesWith(List<String> names, String languageModel) {
    List<Stage> out = new ArrayList<>();
    for (String n : names) {
      out.add(n.trim().equals(LanguageFilter.NAME)
          ? new LanguageFilter(new LanguageFilter.Params(LanguageFilter.Params.PAPER.languages(),
              LanguageFilter.Params.PAPER.threshold(), languageModel))
          : RefinedWeb.stage(n.trim()));
    }
    return out;
  }

  /** Runs {@code stages} over {@code inputs} into {@code output} and writes the run's manifest there. */
  static RunStats run(String command, DocumentSource source, List<Stage> stages, List<Path> inputs, Path output,
      int threads, int shardSize) throws IOException {
    PipelineRunner.Options options = new PipelineRunner.Options(threads, shardSize);
    RunManifest manifest = RunManifest.forCuration(command, source, stages, options, inputs);
    PipelineRunner runner = new PipelineRunner(source, stages, options);
    RunStats stats;
    try (TerminalProgress progress = new TerminalProgress()) {
      stats = runner.progress(progress).run(inputs, output);
    }
    manifest.finish(output, List.of("kept", "removed"));
    return stats;
  }

  /** Files as given; directories replaced by the readable files inside them, sorted by name. */
  static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          out.addAll(s.filter(Files::isRegularFile).filter(RefinedWeb.source()::accepts).sorted().toList());
        }
      } else if (!Files.exists(p)) {
        throw new java.nio.file.NoSuchFileException(p.toString(), null, "no such file or directory");
      } else {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no input files found in " + paths);
    }
    return out;
  }
}
