package org.falconet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.falconet.dedup.url.UrlDeduplicator;
import org.falconet.pipeline.JsonlSource;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.Stage;
import org.falconet.provenance.RunManifest;
import org.falconet.refinedweb.RefinedWeb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./falconet dedup}: RefinedWeb's three deduplication stages alone, on JSONL documents. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
    description = "Deduplicate JSONL documents (MinHash, exact substrings, URLs); kept/, removed/, stats.json and manifest.json go "
        + "to --output, as curate writes them.")
final class DedupCommand implements Callable<Integer> {
  static final List<String> DEDUP_STAGES = List.of("minhash_dedup", "exact_substring_dedup", "url_dedup");

  @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
      description = "JSONL files (.jsonl, .jsonl.gz) or directories of them.")
  List<Path> inputs;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory (resumed if it holds an interrupted run).")
  Path output;

  @Option(names = "--stages", split = ",", paramLabel = "a,b,c",
      description = "Dedup stages to run, in order (default: minhash_dedup,exact_substring_dedup,url_dedup).")
  List<String> stages = DEDUP_STAGES;

  @Option(names = "--url-set", paramLabel = "FILE",
      description = "URL set kept across runs: URLs seen in earlier runs are dropped (default: this run only).")
  Path urlSet;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--shard-size", paramLabel = "N", description = "Documents per shard (default: ${DEFAULT-VALUE}).")
  int shardSize = 1000;

  @Override
  public Integer call() throws IOException {
    List<Stage> pipeline = new ArrayList<>();
    for (String name : stages) {
      String n = name.trim();
      if (!DEDUP_STAGES.contains(n)) {
        throw new IllegalArgumentException("unknown dedup stage '" + n + "'; valid: " + String.join(", ", DEDUP_STAGES));
      }
      pipeline.add(n.equals("url_dedup") && urlSet != null
          ? new UrlDeduplicator(UrlDeduplicator.Params.PAPER.withStore(urlSet))
          : RefinedWeb.stage(n));
    }
    JsonlSource source = new JsonlSource();
    List<Path> files = CurateCommand.expand(inputs);
    for (Path f : files) {
      if (!source.accepts(f)) {
        throw new IllegalArgumentException(f + ": dedup reads JSONL documents (.jsonl, .jsonl.gz)");
      }
    }
    RunStats stats = CurateCommand.run("dedup", source, pipeline, files, output, threads, shardSize);
    System.out.println(stats.funnel());
    System.out.printf("%d records in, %d kept, %d removed -> %s%n", stats.inputRecords, stats.kept, stats.removed, output);
    System.out.printf("manifest: %s (./falconet report %s writes a page of the run; ./falconet replay %s reruns it)%n",
        output.resolve(RunManifest.FILE), output, output);
    return 0;
  }
}
