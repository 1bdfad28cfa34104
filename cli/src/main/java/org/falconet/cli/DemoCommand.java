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
    return 0;
  }
}
