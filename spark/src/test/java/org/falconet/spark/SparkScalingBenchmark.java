package org.falconet.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.falconet.pipeline.CurationOutput;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.StageStats;
import org.falconet.refinedweb.RefinedWeb;

/**
 * The whole RefinedWeb pipeline on a {@link SyntheticCrawl}, six ways (not a test: a program that
 * prints figures; {@code scripts/spark/scaling.sh} runs it): the local runner on 1 and 2 threads,
 * Spark {@code local[1]} and {@code local[2]}, and {@code spark-submit} to a {@link StandaloneCluster}
 * of two one-core workers with one and with two executors. Each mode runs in a fresh JVM (as a
 * cluster's driver and executors are), and reports wall time, records per second (per core), each
 * stage's time, each step's Spark metrics ({@link StepMetrics}: task CPU, (de)serialisation, GC,
 * shuffle bytes) and every process's CPU time split by thread kind (/proc/PID/task: the stages' own
 * threads, JIT compilers, garbage collectors, the rest).
 *
 * <pre>
 * SparkScalingBenchmark generate DIR MEGABYTES SEED      write a synthetic crawl into DIR
 * SparkScalingBenchmark run MODE CRAWL OUT REPORT.json   MODE: local1 local2 spark1 spark2 cluster1 cluster2
 * SparkScalingBenchmark summary REPORT.json...           the table of several runs
 * </pre>
 */
public final class SparkScalingBenchmark {
  private SparkScalingBenchmark() {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "generate" -> generate(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
      case "run" -> run(args[1], Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
      case "summary" -> summary(Stream.of(args).skip(1).map(Path::of).toList());
      default -> throw new IllegalArgumentException("usage: generate DIR MB SEED | run MODE CRAWL OUT REPORT | summary REPORT...");
    }
  }

  static Path repo() {
    return Path.of(System.getProperty("falconet.repo", ".")).toAbsolutePath().normalize();
  }

  static void generate(Path dir, long megabytes, long seed) throws IOException {
    long t0 = System.nanoTime();
    List<Path> files = SyntheticCrawl.generate(repo().resolve("datasets-sample/crawl"), megabytes * 1_000_000L,
        SyntheticCrawl.Params.defaults(seed), dir);
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    System.out.printf("synthetic crawl: %d files, %.1f MB gzipped, seed %d, in %s, written in %.1f s%n", files.size(),
        bytes / 1e6, seed, dir, (System.nanoTime() - t0) / 1e9);
  }

  static void run(String mode, Path crawl, Path out, Path report) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(crawl)) {
      files = s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
    }
    List<String> inputs = files.stream().map(Path::toString).toList();
    ObjectNode r = JSON.createObjectNode();
    r.put("mode", mode);
    r.put("load_before", load());
    Map<String, Map<String, Long>> steps = Map.of();
    Map<String, Map<String, Double>> cpu = new TreeMap<>(); // process → thread kind → seconds
    Map<String, Map<String, Double>> threads = new TreeMap<>(); // process → thread name → seconds
    double wall;
    int cores;
    long driverPeakKb = 0;
    switch (mode) {
      case "local1", "local2" -> {
        cores = mode.equals("local1") ? 1 : 2;
        ThreadCpu self = new ThreadCpu();
        long t0 = System.nanoTime();
        Thread sampler = self.sampleEvery(500, ProcessHandle.current().pid());
        new PipelineRunner(RefinedWeb.source(), RefinedWeb.stages(RefinedWeb.STAGE_NAMES),
            new PipelineRunner.Options(cores, 1000)).run(files, out);
        wall = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        self.sample(ProcessHandle.current().pid());
        cpu.put("jvm", self.byKind(ProcessHandle.current().pid()));
        threads.put("jvm", self.byName(ProcessHandle.current().pid(), 12));
      }
      case "spark1", "spark2" -> {
        cores = mode.equals("spark1") ? 1 : 2;
        ThreadCpu self = new ThreadCpu();
        long t0 = System.nanoTime();
        Thread sampler = self.sampleEvery(500, ProcessHandle.current().pid());
        SparkSession spark = SparkSessions.of("local[" + cores + "]");
        StepMetrics metrics = new StepMetrics(spark.sparkContext().getConf());
        spark.sparkContext().addSparkListener(metrics);
        SparkPipelineRunner runner = new SparkPipelineRunner(spark, StageCatalog.refinedWeb(), RefinedWeb.STAGE_NAMES);
        SparkCurate.clusterForms().forEach(runner::cluster);
        runner.run(inputs, out.toString());
        spark.stop();
        wall = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        self.sample(ProcessHandle.current().pid());
        cpu.put("jvm", self.byKind(ProcessHandle.current().pid()));
        threads.put("jvm", self.byName(ProcessHandle.current().pid(), 12));
        steps = metrics.report();
      }
      case "cluster1", "cluster2" -> {
        cores = mode.equals("cluster1") ? 1 : 2;
        Path dir = Files.createTempDirectory("falconet-scaling-cluster");
        try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2, 1, "2g")) {
          Path log = out.resolveSibling(out.getFileName() + "-driver.log");
          Path metricsFile = dir.resolve("metrics.json");
          long t0 = System.nanoTime();
          Process driver = cluster.submit(List.of("-Xmx3g"), List.of("--executor-memory", "1600m",
                  "--total-executor-cores", String.valueOf(cores), "--conf", "spark.extraListeners=" + StepMetrics.class.getName(),
                  "--conf", StepMetrics.FILE_KEY + "=" + metricsFile),
              "org.falconet.spark.SparkCurate", StandaloneCluster.builtJar(repo().resolve("spark/target"), "falconet-spark-"),
              StandaloneCluster.applicationJars(repo()), List.of("--output", out.toString(), "--input", crawl.toString()), log);
          ThreadCpu procs = new ThreadCpu();
          Map<Long, String> roles = new LinkedHashMap<>();
          roles.put(driver.pid(), "driver");
          while (!driver.waitFor(500, TimeUnit.MILLISECONDS)) {
            driverPeakKb = Math.max(driverPeakKb, rssHighWaterKb(driver.pid()));
            procs.sample(driver.pid());
            for (Process w : cluster.workers) {
              w.descendants().forEach(h -> {
                roles.putIfAbsent(h.pid(), "executor-" + h.pid());
                procs.sample(h.pid());
              });
            }
          }
          wall = (System.nanoTime() - t0) / 1e9;
          if (driver.exitValue() != 0) {
            throw new IllegalStateException(mode + " failed: see " + log);
          }
          roles.forEach((pid, role) -> {
            cpu.put(role, procs.byKind(pid));
            threads.put(role, procs.byName(pid, 12));
          });
          steps = Files.exists(metricsFile) ? JSON.readValue(metricsFile.toFile(),
              new com.fasterxml.jackson.core.type.TypeReference<Map<String, Map<String, Long>>>() {}) : Map.of();
        }
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode + " (local1 local2 spark1 spark2 cluster1 cluster2)");
    }
    RunStats stats = CurationOutput.open(out).stats();
    r.put("cores", cores);
    r.put("records", stats.inputRecords);
    r.put("kept", stats.kept);
    r.put("wall_s", wall);
    r.put("load_after", load());
    r.put("driver_peak_rss_mb", driverPeakKb / 1e3);
    ObjectNode stages = r.putObject("stage_s");
    ObjectNode docsIn = r.putObject("stage_docs_in");
    for (StageStats s : stats.stages) {
      stages.put(s.stage, s.nanos / 1e9);
      docsIn.put(s.stage, s.docsIn);
    }
    r.set("steps", JSON.valueToTree(steps));
    r.set("cpu_s", JSON.valueToTree(cpu));
    r.set("cpu_s_by_thread", JSON.valueToTree(threads));
    Files.writeString(report, JSON.writeValueAsString(r));
    double cpuTotal = cpu.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue).sum();
    System.out.printf("%s: %d records, %d kept, %.1f s wall on %d cores: %.1f records/s, %.1f per core; CPU %.1f s "
        + "(%.1f records per CPU second); load %s -> %s%n", mode, stats.inputRecords, stats.kept, wall, cores,
        stats.inputRecords / wall, stats.inputRecords / wall / cores, cpuTotal, stats.inputRecords / cpuTotal,
        r.get("load_before").asText(), r.get("load_after").asText());
  }

  /** The table of several runs' reports: throughput, stages, steps' metrics, CPU by process and thread kind. */
  static void summary(List<Path> reports) throws IOException {
    List<JsonNode> runs = new ArrayList<>();
    for (Path p : reports) {
      if (Files.exists(p)) {
        runs.add(JSON.readTree(p.toFile()));
      }
    }
    System.out.printf("%n%-9s %8s %7s %8s %9s %9s %8s %8s %8s %8s %s%n", "mode", "records", "wall s", "rec/s", "rec/s/core",
        "CPU s", "rec/CPUs", "JIT s", "GC s", "driver s", "load before/after");
    for (JsonNode r : runs) {
      double total = 0, jit = 0, gc = 0, driver = 0;
      var it = r.get("cpu_s").fields();
      while (it.hasNext()) {
        var e = it.next();
        for (JsonNode v : e.getValue()) {
          total += v.asDouble();
        }
        jit += e.getValue().path("jit").asDouble();
        gc += e.getValue().path("gc").asDouble();
        if (e.getKey().equals("driver")) {
          for (JsonNode v : e.getValue()) {
            driver += v.asDouble();
          }
        }
      }
      long n = r.get("records").asLong();
      double wall = r.get("wall_s").asDouble();
      System.out.printf("%-9s %8d %7.1f %8.1f %9.1f %9.1f %8.1f %8.1f %8.1f %8s %s / %s%n", r.get("mode").asText(), n, wall,
          n / wall, n / wall / r.get("cores").asInt(), total, n / total, jit, gc,
          r.get("mode").asText().startsWith("cluster") ? String.format("%.1f", driver) : "-",
          r.get("load_before").asText(), r.get("load_after").asText());
    }
    System.out.println("\nstage seconds (local runner: summed thread time per stage; Spark: summed task time per document"
        + " stage, the job's wall time per cluster stage)");
    printTable(runs, r -> r.get("stage_s"), "%.1f");
    System.out.println("\ndocuments in, per stage (the same for every mode)");
    printTable(runs.subList(0, Math.min(1, runs.size())), r -> r.get("stage_docs_in"), "%.0f");
    for (String metric : List.of("taskCpuMs", "deserializeCpuMs", "resultSerializeMs", "gcMs", "shuffleWriteBytes",
        "shuffleReadBytes", "shuffleWriteMs", "shuffleFetchWaitMs", "jobWallMs", "jobs", "tasks")) {
      List<JsonNode> spark = runs.stream().filter(r -> r.get("steps").size() > 0).toList();
      if (spark.isEmpty()) {
        break;
      }
      System.out.println("\nSpark steps: " + metric);
      printTable(spark, r -> {
        ObjectNode o = JSON.createObjectNode();
        r.get("steps").fields().forEachRemaining(e -> o.put(e.getKey(), e.getValue().path(metric).asDouble()));
        return o;
      }, "%.0f");
    }
    System.out.println("\napplication wall and driver-only ms (wall less the jobs' wall: session start, planning, commits)");
    for (JsonNode r : runs) {
      JsonNode a = r.get("steps").path("application");
      if (!a.isMissingNode()) {
        System.out.printf("  %-9s wall %d ms, driver only %d ms, driver peak RSS %.0f MB%n", r.get("mode").asText(),
            a.path("wallMs").asLong(), a.path("driverOnlyMs").asLong(), r.path("driver_peak_rss_mb").asDouble());
      }
    }
    System.out.println("\nCPU seconds by process and thread kind (task: the stages' threads; main: the main thread; jit: C1/C2 compilers; gc: collectors)");
    for (JsonNode r : runs) {
      System.out.printf("  %-9s %s%n", r.get("mode").asText(), r.get("cpu_s").toString());
    }
    System.out.println("\nCPU seconds by process and thread name (digits as #), largest first");
    for (JsonNode r : runs) {
      System.out.printf("  %-9s %s%n", r.get("mode").asText(), r.path("cpu_s_by_thread").toString());
    }
  }

  private static void printTable(List<JsonNode> runs, java.util.function.Function<JsonNode, JsonNode> row, String fmt) {
    List<String> keys = new ArrayList<>();
    for (JsonNode r : runs) {
      row.apply(r).fieldNames().forEachRemaining(k -> {
        if (!keys.contains(k)) {
          keys.add(k);
        }
      });
    }
    StringBuilder head = new StringBuilder(String.format("  %-30s", ""));
    for (JsonNode r : runs) {
      head.append(String.format("%12s", r.get("mode").asText()));
    }
    System.out.println(head);
    for (String k : keys) {
      StringBuilder line = new StringBuilder(String.format("  %-30s", k));
      for (JsonNode r : runs) {
        JsonNode v = row.apply(r).get(k);
        line.append(String.format("%12s", v == null ? "-" : String.format(fmt, v.asDouble())));
      }
      System.out.println(line);
    }
  }

  /**
   * CPU time of processes per thread, from {@code /proc/PID/task/TID/stat}, the latest reading of each
   * thread kept (a thread that ends between samples loses at most one interval).
   */
  static final class ThreadCpu {
    private final Map<Long, Map<Integer, Object[]>> latest = new HashMap<>(); // pid → tid → {name, seconds}

    synchronized void sample(long pid) {
      Path tasks = Path.of("/proc/" + pid + "/task");
      try (Stream<Path> s = Files.list(tasks)) {
        for (Path t : s.toList()) {
          try {
            String stat = Files.readString(t.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double secs = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, 1/100 s ticks
            latest.computeIfAbsent(pid, k -> new HashMap<>()).put(Integer.parseInt(t.getFileName().toString()),
                new Object[] {name, secs});
          } catch (IOException | RuntimeException e) {
            // the thread ended while being read
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    Thread sampleEvery(long millis, long pid) {
      Thread t = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          sample(pid);
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "cpu-sampler");
      t.setDaemon(true);
      t.start();
      return t;
    }

    /** Seconds by thread kind: task, main, jit, gc, other. */
    synchronized Map<String, Double> byKind(long pid) {
      Map<String, Double> out = new TreeMap<>();
      for (Object[] v : latest.getOrDefault(pid, Map.of()).values()) {
        out.merge(kind((String) v[0]), (Double) v[1], Double::sum);
      }
      return out;
    }

    /** Seconds by thread name with digits dropped ({@code Executor task launch worker for task 12} and the like), largest first. */
    synchronized Map<String, Double> byName(long pid, int top) {
      Map<String, Double> all = new HashMap<>();
      for (Object[] v : latest.getOrDefault(pid, Map.of()).values()) {
        all.merge(((String) v[0]).replaceAll("[0-9]+", "#"), (Double) v[1], Double::sum);
      }
      Map<String, Double> out = new LinkedHashMap<>();
      all.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
          .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
      return out;
    }

    static String kind(String thread) {
      if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
        return "jit";
      }
      if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
        return "gc";
      }
      if (thread.startsWith("Executor task") || thread.startsWith("falconet-stage") || thread.startsWith("minhash-")) {
        return "task"; // Spark's task threads; the local runner's workers
      }
      if (thread.equals("java") || thread.equals("main")) {
        return "main"; // the JVM's main thread ("java" in /proc): the local runner's reading and corpus stages, a driver's own work
      }
      return "other";
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

  static String load() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }
}
