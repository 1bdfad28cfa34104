package org.falconet.crawl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.falconet.crawl.internal.RecordFramer;

/**
 * Prints how fast {@link WarcSource} reads WARC files on one thread: all WARC records per second
 * (warcinfo, request, response, metadata) by wall clock and per CPU-second of the reading thread
 * (the fairer figure on a shared machine), response records per second, and compressed MB/s.
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
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      long[] n = {0};
      for (Path f : files) {
        source.read(f, o -> n[0]++);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf("round %d: %d WARC records (%d responses) in %.3f s wall, %.3f s CPU: %.0f records/s"
              + " (%.0f per CPU-second), %.0f responses/s, %.1f MB/s compressed%n",
          round, records[0], n[0], s, cpu, records[0] / s, records[0] / cpu, n[0] / s, bytes / s / 1e6);
    }
  }
}
