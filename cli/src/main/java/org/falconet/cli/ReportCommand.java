package org.falconet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.falconet.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./falconet report}: a run as one self-contained HTML page (funnel, removals with examples,
 * manifest; or loss curve; or leaderboard table).
 *
 * <pre>{@code ./falconet report out/demo/curated}</pre>
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML page for a run (curate, dedup, train or eval output directory):"
        + " no network, charts inline.")
final class ReportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "The run's output directory.")
  Path run;

  @Option(names = "--output", paramLabel = "FILE", description = "Where the page goes (default: DIR/report.html).")
  Path output;

  @Override
  public Integer call() throws Exception {
    Path file = RunReport.write(run, output != null ? output : run.resolve("report.html"));
    System.out.println("report: " + file);
    return 0;
  }
}
