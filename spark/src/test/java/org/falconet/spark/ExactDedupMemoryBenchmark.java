package org.falconet.spark;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.corpus.JsonlFiles;
import org.falconet.pipeline.CurationOutput;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.falconet.refinedweb.RefinedWeb;

/**
 * Memory of exact-substring deduplication as the corpus grows (not a test: a program that prints
 * figures): the sample crawl's extracted text at 1x, 4x and 16x, deduplicated by the local stage
 * (one suffix array of the whole corpus, in one JVM) and by the cluster form submitted to a
 * {@link StandaloneCluster} (one worker of two cores), each in a JVM of its own whose peak heap
 * after garbage collection (from its GC log) and peak resident memory are measured. The local
 * stage's JVM is what the driver needed when the stage ran on it; the cluster form's driver is the
 * figure that must stay flat.
 *
 * <pre>
 * java $SPARK_OPENS -cp ... org.falconet.spark.ExactDedupMemoryBenchmark [sizes, default 1,4,16]
 * </pre>
 */
public final class ExactDedupMemoryBenchmark {
  private static final Pattern GC_AFTER = Pattern.compile("(\\d+)M->(\\d+)M\\(");

  private ExactDedupMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("local")) {
      local(Path.of(args[1]), List.of(args).subList(2, args.length).stream().map(Path::of).toList());
      return;
    }
    String[] sizes = (args.length > 0 ? args[0] : "1,4,16").split(",");
    Path repo = Path.of(System.getProperty("falconet.repo", ".")).toAbsolutePath().normalize();
    Path dir = Files.createTempDirectory("falconet-exact-memory");
    List<Document> text = extractedSample(repo, dir);
    long bytes = text.stream().mapToLong(d -> d.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
    System.out.printf("sample: %d extracted documents, %.1f MB of text; load average %s%n", text.size(), bytes / 1e6,
        SparkScalingBenchmark.load());
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 1, 2, "2500m")) {
      for (String size : sizes) {
        int n = Integer.parseInt(size);
        List<Path> files = copies(text, n, dir.resolve("corpus-" + n));
        // The local stage, alone in a JVM.
        Path gcLocal = dir.resolve("gc-local-" + n + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx8g", "-Xss4m", "--add-modules", "jdk.incubator.vector", "-Xlog:gc:file=" + gcLocal,
            "-Dfalconet.repo=" + repo, "-cp", System.getProperty("java.class.path"),
            ExactDedupMemoryBenchmark.class.getName(), "local", dir.resolve("local-" + n).toString()));
        files.forEach(f -> cmd.add(f.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("local-" + n + ".log").toFile())
            .start();
        long rssLocal = peakRss(p);
        double sLocal = (System.nanoTime() - t0) / 1e9;
        // The cluster form: only the driver is measured.
        Path gcDriver = dir.resolve("gc-driver-" + n + ".log");
        t0 = System.nanoTime();
        Process d = cluster.submit(List.of("-Xmx8g", "-Xlog:gc:file=" + gcDriver),
            List.of("--executor-memory", "2g", "--total-executor-cores", "2"), "org.falconet.spark.SparkCurate",
            StandaloneCluster.builtJar(repo.resolve("spark/target"), "falconet-spark-"), StandaloneCluster.applicationJars(repo),
            List.of("--stages", "exact_substring_dedup", "--output", dir.resolve("spark-" + n).toString(), "--input",
                dir.resolve("corpus-" + n).toString()), dir.resolve("driver-" + n + ".log"));
        long rssDriver = peakRss(d);
        double sDriver = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0 || d.exitValue() != 0) {
          throw new IllegalStateException("a run failed: see " + dir);
        }
        RunStats l = CurationOutput.open(dir.resolve("local-" + n)).stats();
        RunStats s = CurationOutput.open(dir.resolve("spark-" + n)).stats();
        if (l.kept != s.kept || l.stage("exact_substring_dedup").bytesKept != s.stage("exact_substring_dedup").bytesKept) {
          throw new IllegalStateException(n + "x: local and cluster disagree: " + l.kept + " vs " + s.kept);
        }
        System.out.printf("%dx (%.0f MB of text, %d documents, %d removed, %.1f MB cut): local stage JVM %.0f MB heap "
            + "after GC, %.0f MB RSS, %.0f s; cluster driver %.0f MB heap after GC, %.0f MB RSS, %.0f s; load average %s%n",
            n, n * bytes / 1e6, l.inputRecords, l.removed, (l.stage("exact_substring_dedup").bytesIn
                - l.stage("exact_substring_dedup").bytesKept) / 1e6, (double) peakAfterGcMb(gcLocal), rssLocal / 1e3, sLocal,
            (double) peakAfterGcMb(gcDriver), rssDriver / 1e3, sDriver, SparkScalingBenchmark.load());
      }
    }
  }

  /** The local stage over {@code inputs} into {@code out}: the child JVM's work. */
  private static void local(Path out, List<Path> inputs) throws IOException {
    new PipelineRunner(RefinedWeb.source(), RefinedWeb.stages(List.of("exact_substring_dedup")),
        new PipelineRunner.Options(2, 1000)).run(inputs, out);
  }

  /** The sample crawl through URL filtering and text extraction, in memory. */
  private static List<Document> extractedSample(Path repo, Path dir) throws IOException {
    List<Path> crawl = SparkClusterIT.sampleCrawl();
    new PipelineRunner(RefinedWeb.source(), RefinedWeb.stages(RefinedWeb.STAGE_NAMES.subList(0, 2)),
        new PipelineRunner.Options(2, 1000)).run(crawl, dir.resolve("extracted"));
    return CurationOutput.open(dir.resolve("extracted")).kept();
  }

  /**
   * {@code n} copies of the documents, four files a copy; copy 0 is the text itself, later copies
   * shuffle the words of every line of eight words or more (short lines, menus and footers, stay: a
   * site's boilerplate).
   */
  private static List<Path> copies(List<Document> docs, int n, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    Random r = new Random(n);
    for (int c = 0; c < n; c++) {
      for (int f = 0; f < 4; f++) {
        Path file = dir.resolve(String.format("copy-%03d-%d.jsonl.gz", c, f));
        try (Writer w = JsonlFiles.writer(file)) {
          for (int i = f; i < docs.size(); i += 4) {
            Document d = docs.get(i);
            String text = c == 0 ? d.text() : shuffledLines(d.text(), r);
            w.write(JsonlCodec.encode(new Document(d.id() + "-" + c, d.url(), d.crawlDate(), null, text, d.metadata())));
            w.write('\n');
          }
        }
        files.add(file);
      }
    }
    return files;
  }

  private static String shuffledLines(String text, Random r) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      List<String> words = new ArrayList<>(List.of(line.split(" ")));
      if (words.size() >= 8) {
        java.util.Collections.shuffle(words, r);
      }
      lines.add(String.join(" ", words));
    }
    return String.join("\n", lines);
  }

  private static long peakRss(Process p) throws InterruptedException {
    long peak = 0;
    while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
      peak = Math.max(peak, SparkScalingBenchmark.rssHighWaterKb(p.pid()));
    }
    return peak;
  }

  /** The largest heap occupancy after a collection in a {@code -Xlog:gc} file, in MB. */
  private static long peakAfterGcMb(Path gcLog) throws IOException {
    long peak = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC_AFTER.matcher(line);
      if (line.contains("Pause") && m.find()) {
        peak = Math.max(peak, Long.parseLong(m.group(2)));
      }
    }
    return peak;
  }
}
