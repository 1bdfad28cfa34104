package org.falconet.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.Stage;
import org.falconet.pipeline.StageStats;
import org.falconet.refinedweb.RefinedWeb;

/**
 * RefinedWeb's real stages on both engines (not a test: a program that prints figures): the
 * per-document stages on the bundled sample crawl, timed side by side on the same cores; the whole
 * pipeline once, for the time of each deduplication step; and the two cluster deduplicators alone on
 * a larger synthetic corpus.
 *
 * <pre>
 * java $SPARK_OPENS -cp ... org.falconet.spark.SparkSampleBenchmark [reps] [cores] [synthetic documents] [sample,pipeline,synthetic]
 * </pre>
 */
public final class SparkSampleBenchmark {
  private static final List<String> DEDUP = List.of("minhash_dedup", "exact_substring_dedup", "url_dedup");

  private SparkSampleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int cores = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int synthetic = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
    String parts = args.length > 3 ? args[3] : "sample,pipeline,synthetic";
    Path crawl = Path.of(System.getProperty("falconet.repo", ".")).resolve("datasets-sample/crawl");
    List<Path> inputs;
    try (Stream<Path> s = Files.list(crawl)) {
      inputs = s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).sorted().toList();
    }
    Path dir = Files.createTempDirectory("falconet-spark-sample-bench");
    StageCatalog catalog = StageCatalog.refinedWeb();
    List<String> perDocument = RefinedWeb.STAGE_NAMES.stream().filter(n -> !DEDUP.contains(n)).toList();

    long s0 = System.nanoTime();
    SparkSession spark = SparkSessions.of("local[" + cores + "]");
    System.out.printf("spark session start %.1f s; load average %s%n", (System.nanoTime() - s0) / 1e9, load());

    if (parts.contains("sample")) {
      perDocument(spark, catalog, inputs, perDocument, reps, cores, dir);
    }
    if (parts.contains("pipeline")) {
      pipeline(spark, catalog, inputs, cores, dir);
    }
    if (parts.contains("synthetic")) {
      synthetic(spark, synthetic, cores, dir);
    }
    spark.stop();
  }

  private static void perDocument(SparkSession spark, StageCatalog catalog, List<Path> inputs, List<String> perDocument,
      int reps, int cores, Path dir) throws java.io.IOException {
    List<Stage> stages = perDocument.stream().map(catalog::stage).toList();
    List<String> inputNames = inputs.stream().map(Path::toString).toList();
    RunStats stats = null;
    double sumLocal = 0;
    double sumSpark = 0;
    for (int rep = 0; rep <= reps; rep++) {
      long t0 = System.nanoTime();
      stats = new PipelineRunner(catalog.source(), stages, new PipelineRunner.Options(cores, 1000)).run(inputs, dir.resolve("local"));
      double local = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      new SparkPipelineRunner(spark, catalog, perDocument).run(inputNames, dir.resolve("spark").toString());
      double sp = (System.nanoTime() - t0) / 1e9;
      System.out.printf("per-document stages, %s: local %.2f s, spark %.2f s, ratio %.2f; load average %s%n",
          rep == 0 ? "warm-up" : "run " + rep, local, sp, sp / local, load());
      if (rep > 0) {
        sumLocal += local;
        sumSpark += sp;
      }
    }
    System.out.printf("sample: %d WARC files, %d records, %d kept by the per-document stages; %d cores%n",
        inputs.size(), stats.inputRecords, stats.kept, cores);
    System.out.printf("mean of %d: local %.2f s, spark %.2f s, ratio %.2f; spark %.0f records per core-hour%n", reps,
        sumLocal / reps, sumSpark / reps, sumSpark / sumLocal, stats.inputRecords / (sumSpark / reps * cores) * 3600);
  }

  private static void pipeline(SparkSession spark, StageCatalog catalog, List<Path> inputs, int cores, Path dir)
      throws java.io.IOException {
    List<String> inputNames = inputs.stream().map(Path::toString).toList();
    // The whole pipeline once on each engine: each dedup step's time (Spark: the cluster job's wall time).
    RunStats local = new PipelineRunner(catalog.source(), RefinedWeb.stages(RefinedWeb.STAGE_NAMES),
        new PipelineRunner.Options(cores, 1000)).run(inputs, dir.resolve("local-all"));
    SparkPipelineRunner all = new SparkPipelineRunner(spark, catalog, RefinedWeb.STAGE_NAMES);
    SparkCurate.clusterForms().forEach(all::cluster);
    long t0 = System.nanoTime();
    RunStats onSpark = all.run(inputNames, dir.resolve("spark-all").toString());
    System.out.printf("whole pipeline: local %.2f s, spark %.2f s; load average %s%n", local.wallMillis / 1e3,
        (System.nanoTime() - t0) / 1e9, load());
    for (String d : DEDUP) {
      StageStats l = local.stage(d);
      StageStats s = onSpark.stage(d);
      System.out.printf("  %s: %d documents in, %d removed; local %.2f s, spark %.2f s%n", d, l.docsIn, l.removed(),
          l.nanos / 1e9, s.nanos / 1e9);
    }

  }

  /** The cluster deduplicators alone on a larger synthetic corpus (near and URL duplicates planted). */
  private static void synthetic(SparkSession spark, int synthetic, int cores, Path dir) throws java.io.IOException {
    List<Path> big = TestCorpus.write(Files.createDirectories(dir.resolve("synthetic")), 4, synthetic / 4, false);
    List<String> dedup = List.of("minhash_dedup", "url_dedup");
    TestCatalog test = new TestCatalog();
    for (int rep = 0; rep < 2; rep++) {
      RunStats l = new PipelineRunner(test.source(), dedup.stream().map(test::stage).toList(),
          new PipelineRunner.Options(cores, 1000)).run(big, dir.resolve("local-dedup"));
      SparkPipelineRunner r = new SparkPipelineRunner(spark, test, dedup);
      TestCatalog.clusterStages().forEach(r::cluster);
      RunStats s = r.run(big.stream().map(Path::toString).toList(), dir.resolve("spark-dedup").toString());
      for (String d : dedup) {
        System.out.printf("synthetic %s, %s: %d documents in, %d removed; local %.2f s, spark %.2f s; load average %s%n",
            rep == 0 ? "warm-up" : "run", d, l.stage(d).docsIn, l.stage(d).removed(), l.stage(d).nanos / 1e9,
            s.stage(d).nanos / 1e9, load());
      }
    }
  }

  private static String load() throws java.io.IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }
}
