package org.falconet.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.falconet.pipeline.CurationOutput;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.StageStats;
import org.falconet.refinedweb.RefinedWeb;

/**
 * The whole RefinedWeb pipeline on a {@link SyntheticCrawl} (not a test: a program that prints
 * figures), run by the local runner on 2 threads, by Spark in {@code local[1]} and {@code local[2]},
 * and submitted to a {@link StandaloneCluster} of two one-core workers with one and with two
 * executors: wall time, records per second per core, each stage's time, the bytes each step
 * shuffles (in {@code local[2]}) and the cluster driver's peak memory.
 *
 * <pre>
 * java $SPARK_OPENS -cp ... org.falconet.spark.SparkScalingBenchmark [copies of the sample crawl] [modes]
 * </pre>
 * modes: a comma-separated subset of {@code local,local1,local2,cluster1,cluster2} (default all).
 */
public final class SparkScalingBenchmark {
  private SparkScalingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    List<String> modes = List.of((args.length > 1 ? args[1] : "local,local1,local2,cluster1,cluster2").split(","));
    Path repo = Path.of(System.getProperty("falconet.repo", ".")).toAbsolutePath().normalize();
    Path dir = Files.createTempDirectory("falconet-spark-scaling");
    long t0 = System.nanoTime();
    List<Path> crawl = SyntheticCrawl.write(repo.resolve("datasets-sample/crawl"), copies, dir.resolve("crawl"));
    long bytes = 0;
    for (Path f : crawl) {
      bytes += Files.size(f);
    }
    System.out.printf("synthetic crawl: %d files, %.1f MB gzipped, written in %.1f s; load average %s%n", crawl.size(),
        bytes / 1e6, (System.nanoTime() - t0) / 1e9, load());
    List<String> inputs = crawl.stream().map(Path::toString).toList();
    StandaloneCluster cluster = null;
    try {
      for (String mode : modes) {
        Path out = dir.resolve("out-" + mode);
        long start = System.nanoTime();
        double cpu0 = processCpuSeconds();
        double cpu = -1;
        int cores;
        String extra = "";
        switch (mode) {
          case "local" -> {
            cores = 2;
            new PipelineRunner(RefinedWeb.source(), RefinedWeb.stages(RefinedWeb.STAGE_NAMES),
                new PipelineRunner.Options(2, 1000)).run(crawl, out);
            cpu = processCpuSeconds() - cpu0;
          }
          case "local1", "local2" -> {
            cores = mode.equals("local1") ? 1 : 2;
            SparkSession spark = SparkSessions.of("local[" + cores + "]");
            ShuffleBytes shuffle = new ShuffleBytes();
            spark.sparkContext().addSparkListener(shuffle);
            start = System.nanoTime(); // the session's start is not the pipeline's
            SparkPipelineRunner runner = new SparkPipelineRunner(spark, StageCatalog.refinedWeb(), RefinedWeb.STAGE_NAMES);
            SparkCurate.clusterForms().forEach(runner::cluster);
            cpu0 = processCpuSeconds();
            runner.run(inputs, out.toString());
            cpu = processCpuSeconds() - cpu0;
            spark.stop();
            extra = "shuffle bytes written by step: " + shuffle.byGroup;
          }
          case "cluster1", "cluster2" -> {
            cores = mode.equals("cluster1") ? 1 : 2;
            if (cluster == null) {
              cluster = StandaloneCluster.start(dir, 2, 1, "1400m");
            }
            start = System.nanoTime();
            Path log = dir.resolve("driver-" + mode + ".log");
            Process driver = cluster.submit(List.of("--executor-memory", "1g", "--total-executor-cores", String.valueOf(cores)),
                "org.falconet.spark.SparkCurate", StandaloneCluster.builtJar(repo.resolve("spark/target"), "falconet-spark-"),
                StandaloneCluster.applicationJars(repo), List.of("--output", out.toString(), "--input",
                    dir.resolve("crawl").toString()), log);
            long peakKb = 0;
            Map<Long, Double> cpuByPid = new TreeMap<>();
            while (!driver.waitFor(500, TimeUnit.MILLISECONDS)) {
              peakKb = Math.max(peakKb, rssHighWaterKb(driver.pid()));
              // The driver's and the executors' CPU time, each process's latest reading.
              cpuByPid.put(driver.pid(), Math.max(cpuByPid.getOrDefault(driver.pid(), 0.0), cpuSeconds(driver.pid())));
              for (Process w : cluster.workers) {
                w.descendants().forEach(h -> cpuByPid.put(h.pid(), Math.max(cpuByPid.getOrDefault(h.pid(), 0.0),
                    cpuSeconds(h.pid()))));
              }
            }
            cpu = cpuByPid.values().stream().mapToDouble(Double::doubleValue).sum();
            if (driver.exitValue() != 0) {
              throw new IllegalStateException(mode + " failed: see " + log);
            }
            extra = String.format("driver peak RSS %.0f MB (includes the JVM and Spark's own driver)", peakKb / 1e3);
          }
          default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        RunStats stats = CurationOutput.open(out).stats();
        System.out.printf("%s: %d records in, %d kept; %.1f s on %d cores: %.1f records/s, %.1f records/s per core; "
            + "load average %s%n", mode, stats.inputRecords, stats.kept, wall, cores, stats.inputRecords / wall,
            stats.inputRecords / wall / cores, load());
        if (cpu >= 0) {
          System.out.printf("  CPU %.0f s (%s): %.1f records per CPU second%n", cpu,
              mode.startsWith("cluster") ? "driver and executors" : "this JVM", stats.inputRecords / cpu);
        }
        StringBuilder sb = new StringBuilder("  stage seconds:");
        for (StageStats s : stats.stages) {
          sb.append(String.format(" %s %.1f (%d in);", s.stage, s.nanos / 1e9, s.docsIn));
        }
        System.out.println(sb);
        if (!extra.isEmpty()) {
          System.out.println("  " + extra);
        }
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  /** This JVM's CPU time, all threads, in seconds. */
  static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  /** A process's CPU time so far (user + system, from {@code /proc/PID/stat}), in seconds, or 0 once it is gone. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // fields 14 and 15, clock ticks of 1/100 s
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The process's peak resident memory so far ({@code VmHWM}), in kB, or 0 once it is gone. */
  static long rssHighWaterKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** Shuffle bytes written, by job group (the runner's step). */
  static final class ShuffleBytes extends SparkListener {
    final Map<String, AtomicLong> byGroup = new TreeMap<>();
    private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
      String g = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
      groupOfStage.put(e.stageInfo().stageId(), g == null ? "none" : g);
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
      if (e.taskMetrics() != null) {
        long b = e.taskMetrics().shuffleWriteMetrics().bytesWritten();
        byGroup.computeIfAbsent(groupOfStage.getOrDefault(e.stageId(), "none"), k -> new AtomicLong()).addAndGet(b);
      }
    }
  }

  static String load() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }
}
