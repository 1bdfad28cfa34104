package org.falconet.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.falconet.crawl.CommonCrawlFetcher;
import org.falconet.provenance.RunManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./falconet fetch-cc}: downloads N WARC files of a Common Crawl crawl, picked from a seed. */
@Command(name = "fetch-cc", mixinStandardHelpOptions = true,
    description = "Download N WARC files of a Common Crawl crawl (picked reproducibly by --seed), with resume,"
        + " retries and a gzip check of each file; the pick is recorded in DIR/fetch-cc.json for the manifest of a run over them.")
final class FetchCcCommand implements Callable<Integer> {

  @Option(names = "--crawl", required = true, paramLabel = "NAME", description = "Crawl name, e.g. CC-MAIN-2023-23.")
  String crawl;

  @Option(names = "--files", required = true, paramLabel = "N", description = "How many WARC files to fetch.")
  int files;

  @Option(names = "--dest", required = true, paramLabel = "DIR", description = "Directory to download into.")
  Path dest;

  @Option(names = "--base-url", paramLabel = "URL", description = "Server root holding crawl-data/ (default: ${DEFAULT-VALUE}).")
  URI baseUrl = CommonCrawlFetcher.Options.DEFAULT.baseUrl();

  @Option(names = "--seed", paramLabel = "S", description = "Seed choosing the files (default: ${DEFAULT-VALUE}).")
  long seed = 0;

  @Option(names = "--attempts", paramLabel = "N", description = "Tries per file (default: ${DEFAULT-VALUE}).")
  int attempts = CommonCrawlFetcher.Options.DEFAULT.attempts();

  @Option(names = "--backoff-ms", paramLabel = "MS", description = "First retry delay, doubled each time (default: ${DEFAULT-VALUE}).")
  long backoffMs = CommonCrawlFetcher.Options.DEFAULT.initialBackoff().toMillis();

  @Override
  public Integer call() throws Exception {
    CommonCrawlFetcher.Options options = new CommonCrawlFetcher.Options(baseUrl, attempts, Duration.ofMillis(backoffMs),
        CommonCrawlFetcher.Options.DEFAULT.timeout());
    CommonCrawlFetcher fetcher = new CommonCrawlFetcher(options, line -> System.err.println("fetch-cc: " + line));
    List<String> all = fetcher.warcPaths(crawl);
    List<String> picked = CommonCrawlFetcher.pick(all, files, seed);
    System.out.printf("%s: %d WARC files listed, fetching %d (seed %d) into %s%n", crawl, all.size(), picked.size(), seed, dest);
    for (String p : picked) {
      Path got = fetcher.download(p, dest);
      System.out.printf("  %s (%,d bytes)%n", got, java.nio.file.Files.size(got));
    }
    // What a curation over these files copies into its manifest: which crawl, which list, which seed.
    new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(
        dest.resolve(RunManifest.CC_PICK_FILE).toFile(), new RunManifest.CommonCrawlPick(crawl,
            baseUrl.resolve("crawl-data/" + crawl + "/warc.paths.gz").toString(), all.size(), seed, picked));
    return 0;
  }
}
