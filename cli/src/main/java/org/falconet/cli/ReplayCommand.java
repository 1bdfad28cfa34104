package org.falconet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.falconet.provenance.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./falconet replay}: reruns a curation from its {@code manifest.json} and checks that the
 * new output is byte-identical to the old.
 *
 * <pre>{@code ./falconet replay out/demo/curated}</pre>
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Rerun a curation from DIR/manifest.json (refusing when an input's or model's SHA-256 differs) and"
        + " check that every kept and removed file is byte-identical; status 1 if not.")
final class ReplayCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "A finished curate or dedup run (holds manifest.json).")
  Path run;

  @Option(names = "--output", paramLabel = "DIR", description = "Where the replay writes (default: DIR.replay beside DIR).")
  Path output;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores; the output does not depend on it).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    Path out = output != null ? output : run.toAbsolutePath().normalize().resolveSibling(run.toAbsolutePath().normalize().getFileName() + ".replay");
    Replay.Result r;
    try (TerminalProgress progress = new TerminalProgress()) {
      r = Replay.run(run, out, threads, progress);
    }
    System.out.printf("Replayed the %s run of %s (%d inputs, %d stages) into %s%n", r.original().command,
        r.original().startedAt, r.original().inputs.size(), r.original().stages.size(), out);
    r.notes().forEach(n -> System.out.println("note: " + n));
    if (r.identical()) {
      System.out.printf("byte-identical: all %d output files have the run's SHA-256%n", r.original().outputs.size());
      return 0;
    }
    System.out.printf("NOT identical: %d of %d output files differ%n", r.differences().size(), r.original().outputs.size());
    r.differences().forEach(d -> System.out.println("  " + d));
    return 1;
  }
}
