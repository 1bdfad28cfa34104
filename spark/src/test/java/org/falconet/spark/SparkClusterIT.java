package org.falconet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.falconet.corpus.JsonlFiles;
import org.falconet.pipeline.CurationOutput;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.StageStats;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * RefinedWeb on a real Spark cluster: a standalone master and two workers, each its own JVM on
 * 127.0.0.1, and the curation started the two ways a user starts it: submitted ({@code SparkSubmit
 * --master spark://127.0.0.1:PORT --class org.falconet.spark.SparkCurate falconet-spark.jar --jars ...}),
 * and as {@code ./falconet curate --engine spark --master spark://...} starts it (a plain JVM running
 * Falconet from class directories, which ships the application's jars itself). Closures are
 * serialised to other processes and the executors load Falconet only from the jars the application
 * ships. The output must be byte for byte the local runner's, also when a worker and its executor
 * are killed in the middle of a stage and Spark re-runs the lost tasks elsewhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterIT {
  @TempDir
  static Path tmp;

  static StandaloneCluster cluster;
  static Path repo;
  static Path local;
  static RunStats expected;

  @BeforeAll
  static void startClusterAndRunLocally() throws Exception {
    repo = Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();
    long t0 = System.nanoTime();
    cluster = StandaloneCluster.start(tmp, 2, 1, "1400m");
    long t1 = System.nanoTime();
    local = tmp.resolve("local");
    expected = new PipelineRunner(RefinedWeb.source(), RefinedWeb.stages(RefinedWeb.STAGE_NAMES),
        new PipelineRunner.Options(2, 1000)).run(sampleCrawl(), local);
    System.err.printf("cluster up in %.1f s; local run %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static List<Path> sampleCrawl() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/crawl"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).sorted().toList();
    }
  }

  /** Submits the sample-crawl curation to the cluster; returns the driver process. */
  private static Process submit(Path out, Path log, int uiPort) throws IOException {
    List<String> options = List.of("--executor-memory", "1g", "--total-executor-cores", "2",
        "--conf", "spark.ui.port=" + uiPort, "--conf", "spark.port.maxRetries=50");
    return cluster.submit(options, "org.falconet.spark.SparkCurate",
        StandaloneCluster.builtJar(repo.resolve("spark/target"), "falconet-spark-"),
        StandaloneCluster.applicationJars(repo),
        List.of("--input", repo.resolve("datasets-sample/crawl").toString(), "--output", out.toString()), log);
  }

  @Test
  @Order(1)
  void submittedToTheClusterItMatchesTheLocalRunByteForByte() throws Exception {
    Path out = tmp.resolve("cluster");
    Path log = tmp.resolve("driver-1.log");
    long t0 = System.nanoTime();
    Process driver = submit(out, log, StandaloneCluster.freePort());
    try {
      assertTrue(driver.waitFor(600, TimeUnit.SECONDS), "the driver finishes");
    } finally {
      StandaloneCluster.kill(driver); // a driver past its time would hold the executors
    }
    System.err.printf("cluster run %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals(0, driver.exitValue(), () -> tail(log));
    String driverLog = Files.readString(log);
    assertTrue(driverLog.contains(expected.inputRecords + " records in, " + expected.kept + " kept"), () -> tail(log));
    assertSameOutput(out);
  }

  /**
   * Starts the driver as {@code ./falconet curate --engine spark --master spark://...} does: a plain JVM
   * running Falconet from the build's class directories, which must ship the application's jars itself.
   */
  private static Process launchAsTheLauncherDoes(Path out, Path log, int uiPort) throws IOException {
    List<String> jvm = List.of("-Dspark.driver.host=127.0.0.1", "-Dspark.executor.memory=1g", "-Dspark.cores.max=2",
        "-Dspark.ui.port=" + uiPort, "-Dspark.port.maxRetries=50");
    return cluster.launchDriver(repo, jvm, "org.falconet.spark.SparkCurate", List.of("--master", cluster.master(),
        "--input", repo.resolve("datasets-sample/crawl").toString(), "--output", out.toString()), log);
  }

  /**
   * The driver started as the launcher starts it (not spark-submit: Falconet's classes reach the
   * executors only through the jars the driver ships), and one worker killed while its executor runs a
   * task: still the local run's output byte for byte.
   */
  @Test
  @Order(2)
  void launchedAsTheLauncherDoesAndLosingAWorkerInTheMiddleOfAStageChangesNothing() throws Exception {
    Path out = tmp.resolve("cluster-lost-worker");
    Path log = tmp.resolve("driver-2.log");
    int ui = StandaloneCluster.freePort();
    Process driver = launchAsTheLauncherDoes(out, log, ui);
    try {
      lose(cluster.workers.get(1), driver, ui, log);
    } finally {
      StandaloneCluster.kill(driver);
    }
    assertSameOutput(out);
  }

  /** Kills {@code victim} once its executor runs a task of {@code driver}'s job, then waits for the driver. */
  private static void lose(Process victim, Process driver, int ui, Path log) throws Exception {
    // Wait until the victim's executor runs a task (the REST API of the driver's UI), then kill it.
    String killedExecutor = null;
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (killedExecutor == null && driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      List<String> ids = StandaloneCluster.executorIds(victim);
      JsonNode apps = StandaloneCluster.getJson("http://127.0.0.1:" + ui + "/api/v1/applications").orElse(null);
      if (ids.isEmpty() || apps == null || apps.isEmpty()) {
        continue;
      }
      String app = apps.get(0).path("id").asText();
      JsonNode executors = StandaloneCluster.getJson("http://127.0.0.1:" + ui + "/api/v1/applications/" + app
          + "/executors").orElse(null);
      if (executors == null) {
        continue;
      }
      for (JsonNode e : executors) {
        if (ids.contains(e.path("id").asText()) && e.path("activeTasks").asInt() > 0) {
          Thread.sleep(500); // into the task, past its start
          StandaloneCluster.kill(victim);
          killedExecutor = e.path("id").asText();
          break;
        }
      }
    }
    assertTrue(killedExecutor != null, () -> "the victim's executor never ran a task: " + tail(log));
    assertFalse(victim.isAlive());
    assertTrue(driver.waitFor(600, TimeUnit.SECONDS), "the driver finishes");
    assertEquals(0, driver.exitValue(), () -> tail(log));
    String driverLog = Files.readString(log);
    assertTrue(driverLog.contains("executor " + killedExecutor) && driverLog.contains("Lost"),
        () -> "Spark saw the executor go: " + tail(log));
  }

  /** Kept and removed documents byte for byte the local run's, the same funnel, no attempt files left. */
  private static void assertSameOutput(Path out) throws IOException {
    assertEquals(concatenated(local.resolve("kept")), concatenated(out.resolve("kept")), "kept documents, in order");
    assertEquals(concatenated(local.resolve("removed")), concatenated(out.resolve("removed")),
        "removed documents with stage and reason, in order");
    RunStats actual = CurationOutput.open(out).stats();
    assertEquals(expected.inputRecords, actual.inputRecords);
    assertEquals(expected.kept, actual.kept);
    assertEquals(expected.removed, actual.removed);
    for (StageStats e : expected.stages) {
      StageStats a = actual.stage(e.stage);
      assertEquals(List.of(e.docsIn, e.kept, e.bytesIn, e.bytesKept), List.of(a.docsIn, a.kept, a.bytesIn, a.bytesKept),
          e.stage);
      assertEquals(e.removals(), a.removals(), e.stage);
    }
    try (Stream<Path> s = Files.walk(out)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList(),
          "no temporary files of lost attempts");
    }
  }

  /** The decompressed lines of a run's {@code .jsonl.gz} files in name order, as one string. */
  private static String concatenated(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList()) {
        try (BufferedReader in = JsonlFiles.reader(f)) {
          in.lines().forEach(lines::add);
        }
      }
    }
    assertTrue(lines.size() > 10, dir + " holds documents");
    return String.join("\n", lines);
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.substring(Math.max(0, s.length() - 4000));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
