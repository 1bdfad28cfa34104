package org.falconet.crawl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.falconet.crawl.internal.RecordFramer;

/**
 * Prints how fast {@link WarcSource} reads WARC files on one thread: all WARC records per second
 * (warcinfo, request, response, metadata), response records per second, and compressed MB/s.
 *
 * <pre>{@code
 * mvn -q -o -pl lib test-compile && java -cp "$(cat lib/target/test-classpath.txt)" \
 *     org.falconet.crawl.WarcSourceBenchmark datasets-sample/crawl [rounds]
 * }</pre>
 */
public final class WarcSourceBenchmark {

  private WarcSourceBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "datasets-sample/crawl");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    WarcSource source = new WarcSource();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(source::accepts).sorted().toList();
    }
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    long[] records = {0};
    for (Path f : files) {
      RecordFramer.frame(f, c -> records[0]++);
    }
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      List<Long> outcomes = new ArrayList<>();
      long[] n = {0};
      for (Path f : files) {
        source.read(f, o -> n[0]++);
      }
      outcomes.add(n[0]);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("round %d: %d WARC records (%d responses) in %.3f s: %.0f records/s, %.0f responses/s, %.1f MB/s compressed%n",
          round, records[0], n[0], s, records[0] / s, n[0] / s, bytes / s / 1e6);
    }
  }
}
