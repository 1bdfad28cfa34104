package org.falconet.spark;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.falconet.pipeline.CorpusStage;
import org.falconet.pipeline.DocumentSource;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.Stage;
import org.falconet.pipeline.StageStats;
import org.falconet.spark.PartTasks.PartResult;

/**
 * Runs a pipeline on Spark with the output layout of {@link org.falconet.pipeline.PipelineRunner}:
 *
 * <pre>
 * DIR/kept/part-00000.jsonl.gz        kept documents, one part per input file, in input order
 * DIR/removed/s0-part-00000.jsonl.gz  removed documents with "stage" and "reason"
 * DIR/stats.json                      the funnel, in the RunStats format
 * DIR/parquet/                        the kept documents as Parquet (when asked for)
 * </pre>
 *
 * <p><b>Steps.</b> As locally, consecutive per-document stages form one step; here a step is one
 * Spark job with one task per input file (a Common Crawl file is a natural unit of work). The
 * stages travel as names and are built on the executors from a {@link StageCatalog}. A whole-corpus
 * stage runs in its {@link ClusterStage} form when one is given (distributed deduplication), else
 * on the driver over the whole corpus, exactly as the local runner runs it.
 *
 * <p><b>Accounting and commit.</b> Each task writes its part under a temporary name and reports its
 * counts; the driver renames the reported files (so a retried or speculative task never leaves two
 * copies), sums the counts into the funnel and checks {@code in = kept + removed} per stage and for
 * the run. Output is deterministic: parts are fixed by the input files, documents keep their order.
 *
 * <pre>{@code
 * RunStats stats = new SparkPipelineRunner(spark, StageCatalog.refinedWeb(), List.of("url_filter", "text_extraction"))
 *     .run(List.of("s3a://commoncrawl/crawl-data/.../x.warc.gz"), "s3a://my-bucket/out");
 * }</pre>
 */
public final class SparkPipelineRunner {
  private static final String WORK = ".work";

  /**
   * The kept documents' Parquet schema. {@code metadata} holds the metadata object as JSON text
   * (Spark's JSON reader keeps an object as its text when the schema asks for a string).
   */
  static final StructType PARQUET_SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("url", DataTypes.StringType)
      .add("date", DataTypes.StringType)
      .add("html", DataTypes.StringType)
      .add("text", DataTypes.StringType)
      .add("metadata", DataTypes.StringType);

  private final SparkSession spark;
  private final StageCatalog catalog;
  private final List<String> stageNames;
  private final Map<String, ClusterStage<?>> clusterStages = new LinkedHashMap<>();
  private boolean parquet = false;

  public SparkPipelineRunner(SparkSession spark, StageCatalog catalog, List<String> stageNames) {
    this.spark = spark;
    this.catalog = catalog;
    this.stageNames = List.copyOf(stageNames);
  }

  /** Runs the whole-corpus stage {@code stage.name()} in this cluster form; returns this runner. */
  public SparkPipelineRunner cluster(ClusterStage<?> stage) {
    clusterStages.put(stage.name(), stage);
    return this;
  }

  /** Whether to write {@code DIR/parquet/} (default false: it costs a pass over the kept documents); returns this runner. */
  public SparkPipelineRunner parquet(boolean write) {
    this.parquet = write;
    return this;
  }

  private enum Kind { DOCUMENT, CLUSTER, DRIVER }

  private record Step(int index, Kind kind, List<String> stages) {}

  /** Groups the stages into steps, checking every name on the driver before any job starts. */
  private List<Step> steps() {
    List<Step> steps = new ArrayList<>();
    List<String> current = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    seen.add(catalog.source().name());
    for (String name : stageNames) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("stage name used twice: " + name);
      }
      Kind kind;
      if (clusterStages.containsKey(name)) {
        kind = Kind.CLUSTER;
      } else {
        Stage s = catalog.stage(name);
        if (!s.name().equals(name)) {
          throw new IllegalArgumentException("stage " + name + " calls itself " + s.name());
        }
        kind = s instanceof CorpusStage ? Kind.DRIVER : Kind.DOCUMENT;
      }
      if (kind == Kind.DOCUMENT) {
        current.add(name);
        continue;
      }
      if (!current.isEmpty() || steps.isEmpty()) {
        steps.add(new Step(steps.size(), Kind.DOCUMENT, current));
      }
      steps.add(new Step(steps.size(), kind, List.of(name)));
      current = new ArrayList<>();
    }
    if (!current.isEmpty() || steps.isEmpty()) {
      steps.add(new Step(steps.size(), Kind.DOCUMENT, current));
    }
    return steps;
  }

  /**
   * Runs the pipeline over {@code inputs} (files or directories, local paths or Hadoop URIs such as
   * {@code s3a://bucket/key}) into {@code outDir}, replacing what is there.
   *
   * @throws IOException on unreadable or malformed input (message names the file) or write failure
   * @throws IllegalStateException if the accounting does not balance
   */
  public RunStats run(List<String> inputs, String outDir) throws IOException {
    long start = System.nanoTime();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    List<String> parts = expand(files, inputs);
    List<Step> steps = steps();
    Path out = new Path(outDir);
    FileSystem fs = files.fs(out);
    for (String sub : List.of("kept", "removed", "parquet", WORK, "stats.json")) {
      fs.delete(new Path(out, sub), true);
    }
    fs.mkdirs(new Path(out, "removed"));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int n = parts.size();
    JavaRDD<Integer> partIds = jsc.parallelize(IntStream.range(0, n).boxed().toList(), n);

    List<List<PartResult>> results = new ArrayList<>();
    List<String> previous = parts;
    for (Step step : steps) {
      boolean last = step.index() == steps.size() - 1;
      String keptDir = last ? new Path(out, "kept").toString() : new Path(new Path(out, WORK), "step-" + step.index()).toString();
      fs.mkdirs(new Path(keptDir));
      PartTasks tasks = new PartTasks(files, catalog, step.index(), keptDir, new Path(out, "removed").toString());
      List<String> in = List.copyOf(previous);
      List<String> names = step.stages();
      String what = step.kind() == Kind.DOCUMENT ? String.join("+", names.isEmpty() ? List.of("read") : names) : names.get(0);
      jsc.setJobGroup("falconet-step-" + step.index(), "falconet step " + step.index() + ": " + what, false);
      int index = step.index();
      List<PartResult> done = switch (step.kind()) {
        case DOCUMENT -> job(() -> partIds.map(p -> index == 0
            ? tasks.readAndApply(p, in.get(p), names) : tasks.apply(p, in.get(p), names)).collect());
        case CLUSTER -> runCluster(files, tasks, partIds, in, clusterStages.get(names.get(0)));
        case DRIVER -> tasks.corpusOnDriver((CorpusStage) catalog.stage(names.get(0)), in,
            results.get(results.size() - 1).stream().map(PartResult::kept).toList(),
            java.nio.file.Files.createTempDirectory("falconet-" + names.get(0)));
      };
      List<String> committed = new ArrayList<>();
      for (PartResult r : done) {
        files.replace(new Path(r.keptTmp()), tasks.keptFile(r.part()));
        files.replace(new Path(r.removedTmp()), tasks.removedFile(r.part()));
        committed.add(tasks.keptFile(r.part()).toString());
      }
      results.add(done);
      previous = committed;
    }
    jsc.clearJobGroup();
    removeAttempts(fs, out);

    RunStats stats = total(results);
    stats.threads = spark.sparkContext().defaultParallelism();
    if (parquet) {
      String[] kept = previous.toArray(String[]::new);
      job(() -> {
        spark.read().schema(PARQUET_SCHEMA).json(kept)
            .write().mode(SaveMode.Overwrite).parquet(new Path(out, "parquet").toString());
        return null;
      });
    }
    // Every step's output is committed and balanced: cluster stages may now save what outlives the
    // run (before the work directory, which their inputs were read from, goes).
    for (String name : stageNames) {
      if (clusterStages.containsKey(name)) {
        clusterStages.get(name).runCommitted();
      }
    }
    fs.delete(new Path(out, WORK), true);
    stats.wallMillis = (System.nanoTime() - start) / 1_000_000;
    Path statsFile = new Path(out, "stats.json");
    try (Writer w = new java.io.OutputStreamWriter(fs.create(statsFile, true), StandardCharsets.UTF_8)) {
      w.write(org.falconet.spark.PartTasks.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stats));
    }
    return stats;
  }

  /** A cluster stage: its decisions, sent to the partition of their part in key order, applied part by part. */
  private static <D extends java.io.Serializable> List<PartResult> runCluster(HadoopFiles files, PartTasks tasks,
      JavaRDD<Integer> partIds, List<String> in, ClusterStage<D> stage) throws IOException {
    int n = in.size();
    long t0 = System.nanoTime();
    List<PartResult> done = job(() -> {
      JavaPairRDD<Long, String> docs = partIds.flatMapToPair(p -> PartTasks.keyedLines(files, p, in.get(p)));
      JavaPairRDD<Long, D> decisions = stage.decisions(docs).repartitionAndSortWithinPartitions(new PartPartitioner(n));
      return partIds.zipPartitions(decisions, (ids, rs) -> {
        List<PartResult> r = new ArrayList<>();
        while (ids.hasNext()) {
          int p = ids.next();
          r.add(tasks.applyDecisions(p, in.get(p), stage, rs));
        }
        return r.iterator();
      }).collect();
    });
    // The stage's time is the job's, spread over the parts in proportion to their documents.
    long nanos = System.nanoTime() - t0;
    long total = Math.max(1, done.stream().mapToLong(r -> r.stats().get(stage.name()).docsIn).sum());
    List<PartResult> timed = new ArrayList<>();
    for (PartResult r : done) {
      Map<String, StageStats> st = r.stats();
      st.get(stage.name()).nanos = nanos * st.get(stage.name()).docsIn / total;
      timed.add(new PartResult(r.part(), r.kept(), r.keptTmp(), r.removedTmp(), PartTasks.JSON.writeValueAsString(st)));
    }
    return timed;
  }

  /** The funnel from the tasks' reports, with the local runner's accounting checks. */
  private RunStats total(List<List<PartResult>> results) {
    String sourceName = catalog.source().name();
    Map<String, StageStats> byStage = new LinkedHashMap<>();
    byStage.put(sourceName, new StageStats(sourceName));
    for (String s : stageNames) {
      byStage.put(s, new StageStats(s));
    }
    for (List<PartResult> step : results) {
      for (PartResult r : step) {
        r.stats().forEach((name, st) -> byStage.get(name).add(st));
      }
    }
    return RunStats.balanced(byStage.values(),
        results.get(results.size() - 1).stream().mapToLong(PartResult::kept).sum());
  }

  /** Files as given; directories replaced by the files inside them the source reads, sorted by name. */
  private List<String> expand(HadoopFiles files, List<String> inputs) throws IOException {
    DocumentSource source = catalog.source();
    List<String> out = new ArrayList<>();
    for (String in : inputs) {
      Path p = new Path(in);
      FileSystem fs = files.fs(p);
      FileStatus st;
      try {
        st = fs.getFileStatus(p);
      } catch (java.io.FileNotFoundException e) {
        throw new java.nio.file.NoSuchFileException(in, null, "input not found");
      }
      if (st.isDirectory()) {
        List<String> found = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
        while (it.hasNext()) {
          Path f = it.next().getPath();
          if (source.accepts(java.nio.file.Path.of(f.getName()))) {
            found.add(f.toString());
          }
        }
        found.sort(null);
        out.addAll(found);
      } else if (!source.accepts(java.nio.file.Path.of(p.getName()))) {
        throw new IllegalArgumentException(in + ": " + source.name() + " cannot read this kind of file");
      } else {
        out.add(in);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no input files found in " + inputs);
    }
    return out;
  }

  /** Temporary files of failed or speculative task attempts: never output. */
  private static void removeAttempts(FileSystem fs, Path out) throws IOException {
    for (String sub : List.of("kept", "removed")) {
      Path dir = new Path(out, sub);
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus f : fs.listStatus(dir)) {
        if (f.getPath().getName().startsWith(".tmp-")) {
          fs.delete(f.getPath(), false);
        }
      }
    }
  }

  private interface Job<T> {
    T run() throws IOException;
  }

  /** Runs a Spark job; a task's failure comes back as the task's own exception, one line, not Spark's report. */
  static <T> T job(Job<T> job) throws IOException {
    try {
      return job.run();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      if (!(e instanceof SparkException)) {
        throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
      }
      Throwable t = e;
      while (t.getCause() != null && t.getClass().getName().startsWith("org.apache.spark")) {
        t = t.getCause();
      }
      if (t instanceof IOException io) {
        throw io;
      }
      if (t instanceof RuntimeException re) {
        throw re;
      }
      String msg = String.valueOf(e.getMessage());
      int cut = msg.indexOf('\n');
      throw new IllegalStateException(cut < 0 ? msg : msg.substring(0, cut), e);
    }
  }
}
