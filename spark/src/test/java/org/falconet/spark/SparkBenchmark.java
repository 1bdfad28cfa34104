package org.falconet.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.Stage;

/**
 * The per-document stages on both engines, on the same input and cores, timed side by side (not
 * a test: a program that prints figures).
 *
 * <pre>
 * mvn -q -pl spark -am test-compile && java $SPARK_OPENS -cp ... org.falconet.spark.SparkBenchmark [files] [docsPerFile] [rounds] [cores]
 * </pre>
 *
 * Each engine runs once to warm up (JIT, Spark's first-job costs), then {@code reps} timed runs;
 * the best is reported. Spark's session start is timed apart: a cluster pays it once per job.
 */
public final class SparkBenchmark {
  private SparkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int perFile = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int cores = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int reps = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    Path dir = Files.createTempDirectory("falconet-spark-bench");
    List<Path> inputs = TestCorpus.write(dir, files, perFile, false);
    TestCatalog catalog = new TestCatalog(rounds);
    List<String> names = List.of("spam_and_digest", "line_trim", "min_words");
    List<Stage> stages = names.stream().map(catalog::stage).toList();

    long s0 = System.nanoTime();
    SparkSession spark = SparkSessions.of("local[" + cores + "]");
    double startup = (System.nanoTime() - s0) / 1e9;

    double bestLocal = Double.MAX_VALUE;
    double bestSpark = Double.MAX_VALUE;
    double bestParquet = Double.MAX_VALUE;
    RunStats stats = null;
    for (int rep = 0; rep <= reps; rep++) {
      long t0 = System.nanoTime();
      stats = new PipelineRunner(catalog.source(), stages, new PipelineRunner.Options(cores, 1000)).run(inputs, dir.resolve("local"));
      double local = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      new SparkPipelineRunner(spark, catalog, names).parquet(false).run(inputs.stream().map(Path::toString).toList(),
          dir.resolve("spark").toString());
      double sp = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      new SparkPipelineRunner(spark, catalog, names).parquet(true).run(inputs.stream().map(Path::toString).toList(),
          dir.resolve("spark-parquet").toString());
      double pq = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%s: local %.2f s, spark %.2f s, spark+parquet %.2f s%n", rep == 0 ? "warm-up" : "run " + rep, local, sp, pq);
      if (rep > 0) {
        bestLocal = Math.min(bestLocal, local);
        bestSpark = Math.min(bestSpark, sp);
        bestParquet = Math.min(bestParquet, pq);
      }
    }
    System.out.printf("input: %d files, %d records, %d kept; %d cores; spark session start %.1f s%n", files,
        stats.inputRecords, stats.kept, cores, startup);
    System.out.printf("best of %d: local %.2f s, spark %.2f s (ratio %.2f), spark+parquet %.2f s (ratio %.2f)%n", reps,
        bestLocal, bestSpark, bestSpark / bestLocal, bestParquet, bestParquet / bestLocal);
    System.out.printf("spark: %.0f documents per core-hour%n", stats.inputRecords / (bestSpark * cores) * 3600);
    spark.stop();
  }
}
