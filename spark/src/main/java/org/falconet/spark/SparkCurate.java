package org.falconet.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.falconet.pipeline.RunStats;
import org.falconet.dedup.exact.ExactSubstringDeduplicator;
import org.falconet.dedup.url.UrlDeduplicator;
import org.falconet.provenance.RunManifest;
import org.falconet.refinedweb.RefinedWeb;

/**
 * The RefinedWeb pipeline on Spark: what {@code ./falconet curate --engine spark} runs, and the
 * main class for {@code spark-submit} on a cluster (see {@code docs/spark.md}).
 *
 * <pre>
 * spark-submit --class org.falconet.spark.SparkCurate falconet-spark.jar \
 *     --output s3a://bucket/run1 --input-list warc.paths.gz --prefix s3a://commoncrawl/ [--stages a,b] [--parquet]
 *     [--url-set /shared/crawl-urls.bin]
 * </pre>
 */
public final class SparkCurate {
  private SparkCurate() {}

  /**
   * The cluster forms of RefinedWeb's whole-corpus stages, built from the local stages of
   * {@link RefinedWeb#stage} so that both engines share parameters, hashing, normalisation and keep
   * rule: {@code minhash_dedup}, {@code exact_substring_dedup} and {@code url_dedup} (see {@code docs/spark.md}).
   *
   * @param urlSet the URL set file shared by the runs of a crawl (on the driver), or {@code null}
   *     for a set that lasts one run, as locally
   */
  public static List<ClusterStage<?>> clusterForms(java.nio.file.Path urlSet) {
    UrlDeduplicator url = (UrlDeduplicator) RefinedWeb.stage("url_dedup");
    return List.of(MinHashClusterStage.of(StageCatalog.refinedWeb(), "minhash_dedup"),
        new ExactSubstringClusterStage((ExactSubstringDeduplicator) RefinedWeb.stage("exact_substring_dedup")),
        UrlDedupClusterStage.of(url.params().withStore(urlSet)));
  }

  /** {@link #clusterForms(java.nio.file.Path)} without a URL set shared across runs. */
  public static List<ClusterStage<?>> clusterForms() {
    return clusterForms(null);
  }

  /**
   * Runs {@code stageNames} over {@code inputs} into {@code output}.
   *
   * @param master a Spark master ({@code local[2]}, {@code spark://host:7077}), or {@code null} for
   *     the one {@code spark-submit} configured
   */
  public static RunStats run(String master, List<String> inputs, String output, List<String> stageNames, boolean parquet)
      throws IOException {
    return run(master, inputs, output, stageNames, parquet, null);
  }

  /** {@link #run(String, List, String, List, boolean)} with URL dedup against a URL set shared by runs (or null). */
  public static RunStats run(String master, List<String> inputs, String output, List<String> stageNames, boolean parquet,
      java.nio.file.Path urlSet) throws IOException {
    SparkSession spark = SparkSessions.of(master);
    try {
      SparkPipelineRunner runner = new SparkPipelineRunner(spark, StageCatalog.refinedWeb(), stageNames).parquet(parquet);
      clusterForms(urlSet).stream().filter(c -> stageNames.contains(c.name())).forEach(runner::cluster);
      RunManifest manifest = RunManifest.forSpark(spark.sparkContext().master(), RefinedWeb.source().name(),
          RefinedWeb.stages(stageNames).stream().map(s -> s instanceof UrlDeduplicator u && urlSet != null
              ? new UrlDeduplicator(u.params().withStore(urlSet)) : s).toList(), inputs);
      RunStats stats = runner.run(inputs, output);
      writeManifest(spark, manifest, output);
      return stats;
    } finally {
      spark.stop();
    }
  }

  /** The run's manifest beside stats.json: with output digests on a local disk, without on a cluster file system. */
  private static void writeManifest(SparkSession spark, RunManifest manifest, String output) throws IOException {
    java.net.URI uri = new Path(output).toUri();
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      manifest.finish(java.nio.file.Path.of(uri.getPath()), List.of("kept", "removed"));
      return;
    }
    Path file = new Path(output, RunManifest.FILE);
    try (java.io.OutputStream out = file.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(file, true)) {
      out.write(manifest.end().toJson().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** {@code spark-submit} entry point. */
  public static void main(String[] args) throws IOException {
    List<String> inputs = new ArrayList<>();
    String output = null;
    String prefix = "";
    String inputList = null;
    String master = null;
    List<String> stages = RefinedWeb.STAGE_NAMES;
    boolean parquet = false;
    java.nio.file.Path urlSet = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--output" -> output = args[++i];
        case "--input" -> inputs.add(args[++i]);
        case "--input-list" -> inputList = args[++i];
        case "--prefix" -> prefix = args[++i];
        case "--master" -> master = args[++i];
        case "--stages" -> stages = List.of(args[++i].split(","));
        case "--parquet" -> parquet = true;
        case "--url-set" -> urlSet = java.nio.file.Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (expected --output DIR, --input PATH..., --input-list FILE [--prefix URI], --stages a,b, --parquet, --url-set FILE, --master URL)");
      }
    }
    if (output == null) {
      throw new IllegalArgumentException("--output is required");
    }
    SparkSession probe = SparkSessions.of(master);
    if (inputList != null) {
      // A Common Crawl paths file (warc.paths.gz): one key per line, relative to --prefix.
      Path list = new Path(inputList);
      HadoopFiles files = new HadoopFiles(probe.sparkContext().hadoopConfiguration());
      java.io.InputStream raw = files.fs(list).open(list);
      java.io.InputStream in = inputList.endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            inputs.add(prefix + line.strip());
          }
        }
      }
    }
    RunStats stats = run(master, inputs, output, stages, parquet, urlSet);
    System.out.println(stats.funnel());
    System.out.printf("%d records in, %d kept, %d removed -> %s%n", stats.inputRecords, stats.kept, stats.removed, output);
  }
}
