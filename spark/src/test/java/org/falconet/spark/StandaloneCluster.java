package org.falconet.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Spark standalone cluster on the loopback interface, for tests and benchmarks: a master and
 * workers started as separate JVMs from Spark's own main classes ({@code org.apache.spark.deploy.master.Master},
 * {@code ...worker.Worker}), and applications submitted through {@code org.apache.spark.deploy.SparkSubmit},
 * the class behind {@code spark-submit}. Nothing is downloaded: the cluster's "Spark installation"
 * is a directory whose {@code jars/} links the Spark jars of this JVM's class path, as
 * {@code $SPARK_HOME/jars} holds them in a Spark distribution.
 *
 * <p>What the cluster does not get is the application: Falconet's own jars and the libraries Spark
 * does not bring (jsoup, jwarc, crawler-commons, juniversalchardet, tablesaw) reach the executors
 * only as {@code spark-submit}'s application jar and {@code --jars}, as on a real cluster.
 *
 * <p>Every process is killed by {@link #close()} (with the executors the workers started); ports are
 * chosen free at run time.
 *
 * <pre>{@code
 * try (StandaloneCluster c = StandaloneCluster.start(dir, 2, 1, "1200m")) {
 *   Process driver = c.submit(List.of("--executor-memory", "1g"), "org.falconet.spark.SparkCurate", appJar,
 *       StandaloneCluster.applicationJars(repo), List.of("--input", "crawl/", "--output", "out/"), log);
 * }
 * }</pre>
 */
final class StandaloneCluster implements AutoCloseable {
  /** Libraries of falconet-lib that a Spark distribution lacks: the application must ship them. */
  private static final List<String> APPLICATION_ONLY = List.of("/org/jsoup/", "/org/netpreserve/",
      "/com/github/crawler-commons/", "/com/github/albfernandez/", "/tech/tablesaw/");

  private static final ObjectMapper JSON = new ObjectMapper();

  final Path home;
  final int masterPort;
  final int masterUiPort;
  private final List<Process> processes = new ArrayList<>();
  final List<Process> workers = new ArrayList<>();

  private StandaloneCluster(Path home, int masterPort, int masterUiPort) {
    this.home = home;
    this.masterPort = masterPort;
    this.masterUiPort = masterUiPort;
  }

  /**
   * Starts a cluster and keeps it up until this JVM is stopped (Ctrl-C): {@code StandaloneCluster DIR
   * WORKERS CORES MEMORY}; prints the master URL, to try {@code ./falconet curate --engine spark --master URL}
   * by hand (docs/spark.md).
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: StandaloneCluster DIR WORKERS CORES MEMORY (e.g. /tmp/c 2 1 2g)");
    }
    StandaloneCluster c = start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
    Runtime.getRuntime().addShutdownHook(new Thread(c::close));
    System.out.println(c.master() + " (master UI http://127.0.0.1:" + c.masterUiPort + "/)");
    Thread.sleep(Long.MAX_VALUE);
  }

  /** The master URL, {@code spark://127.0.0.1:PORT}. */
  String master() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /**
   * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory} each, and
   * waits until all have registered.
   */
  static StandaloneCluster start(Path dir, int workers, int cores, String memory) throws IOException, InterruptedException {
    Path home = sparkHome(dir.resolve("spark-home"));
    StandaloneCluster c = new StandaloneCluster(home, freePort(), freePort());
    try {
      c.processes.add(c.launch("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", String.valueOf(c.masterPort), "--webui-port", String.valueOf(c.masterUiPort)), "256m"));
      c.awaitMaster(0);
      for (int w = 1; w <= workers; w++) {
        c.addWorker(w, cores, memory);
      }
      c.awaitMaster(workers);
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Starts worker number {@code n} (its own work directory under the Spark home). */
  Process addWorker(int n, int cores, String memory) throws IOException {
    Process p = launch("worker-" + n, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
        "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()), "--cores", String.valueOf(cores),
        "--memory", memory, "--work-dir", home.resolve("work-" + n).toString(), master()), "256m");
    processes.add(p);
    workers.add(p);
    return p;
  }

  /**
   * Submits {@code mainClass} in {@code appJar} as {@code spark-submit --master spark://... --deploy-mode
   * client} does, with {@code jars} as {@code --jars}; the driver's output goes to {@code log}.
   */
  Process submit(List<String> submitOptions, String mainClass, Path appJar, List<Path> jars, List<String> appArgs,
      Path log) throws IOException {
    return submit(List.of(), submitOptions, mainClass, appJar, jars, appArgs, log);
  }

  /** {@link #submit(List, String, Path, List, List, Path)} with options for the driver's JVM ({@code -Xlog:gc...}). */
  Process submit(List<String> driverJvmOptions, List<String> submitOptions, String mainClass, Path appJar, List<Path> jars,
      List<String> appArgs, Path log) throws IOException {
    List<String> args = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master(),
        "--deploy-mode", "client", "--class", mainClass, "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.executor.extraJavaOptions=-Xss4m"));
    args.addAll(submitOptions);
    if (!jars.isEmpty()) {
      args.add("--jars");
      args.add(String.join(",", jars.stream().map(Path::toString).toList()));
    }
    args.add(appJar.toString());
    args.addAll(appArgs);
    List<String> jvm = new ArrayList<>(driverJvmOptions);
    jvm.addAll(args);
    Process p = launch(log, jvm, "1g");
    processes.add(p);
    return p;
  }

  /**
   * Starts a driver as the {@code ./falconet} launcher does: a plain JVM (no {@code spark-submit}) running
   * {@code mainClass} from the build's class directories of the Spark module and the core library, with
   * the libraries of this JVM's class path (Spark's and the application's, as the launcher's class path
   * has them); {@code jvmOptions} come first ({@code -Dspark.driver.host=127.0.0.1}...). The application
   * must ship its own jars to the executors.
   */
  Process launchDriver(Path repo, List<String> jvmOptions, String mainClass, List<String> appArgs, Path log)
      throws IOException {
    List<String> cp = new ArrayList<>(List.of(home.resolve("conf").toString(), repo.resolve("spark/target/classes").toString(),
        repo.resolve("lib/target/classes").toString()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String s = entry;
      boolean test = s.contains("/junit/") || s.contains("/opentest4j/") || s.contains("/apiguardian/");
      if (s.endsWith(".jar") && !s.contains("falconet") && !test) {
        cp.add(s);
      }
    }
    List<String> jvm = new ArrayList<>(jvmOptions);
    jvm.add(mainClass);
    jvm.addAll(appArgs);
    Process p = launch(log, String.join(File.pathSeparator, cp), jvm, "1g");
    processes.add(p);
    return p;
  }

  private Process launch(String name, List<String> mainAndArgs, String heap) throws IOException {
    return launch(home.resolve(name + ".log"), mainAndArgs, heap);
  }

  private Process launch(Path log, List<String> mainAndArgs, String heap) throws IOException {
    return launch(log, home.resolve("conf") + File.pathSeparator + home.resolve("jars") + File.separator + "*",
        mainAndArgs, heap);
  }

  private Process launch(Path log, String classPath, List<String> mainAndArgs, String heap) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-Xss4m", "--add-modules", "jdk.incubator.vector"));
    cmd.addAll(sparkJvmOptions());
    cmd.addAll(List.of("-cp", classPath));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    return pb.start();
  }

  /** This JVM's {@code --add-opens} and Spark-related system properties (the build's {@code spark.jvm.opens}). */
  private static List<String> sparkJvmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")).toList();
  }

  /**
   * Waits until the master answers and reports {@code workers} live workers: up to 3 minutes, as JVMs
   * start slowly on a loaded machine.
   */
  private void awaitMaster(int workers) throws InterruptedException {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster process exited with " + p.exitValue() + "; see " + home + "/*.log");
        }
      }
      Optional<JsonNode> state = getJson("http://127.0.0.1:" + masterUiPort + "/json/");
      if (state.isPresent() && state.get().path("aliveworkers").asInt(-1) >= workers) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the master did not report " + workers + " workers in 60 s; see " + home + "/*.log");
  }

  /** GET a JSON document, or empty if nothing answers (yet). */
  static Optional<JsonNode> getJson(String url) {
    try (var in = URI.create(url).toURL().openStream()) {
      return Optional.of(JSON.readTree(in));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The ids of the executors {@code worker} runs now (from their command lines). */
  static List<String> executorIds(Process worker) {
    return worker.descendants().map(h -> h.info().arguments().orElse(new String[0])).map(a -> {
      for (int i = 0; i + 1 < a.length; i++) {
        if (a[i].equals("--executor-id")) {
          return a[i + 1];
        }
      }
      return null;
    }).filter(java.util.Objects::nonNull).toList();
  }

  /** Kills a process and the processes it started (a worker and its executors: as when a machine is lost). */
  static void kill(Process worker) throws InterruptedException {
    worker.descendants().forEach(ProcessHandle::destroyForcibly);
    worker.destroyForcibly();
    worker.waitFor();
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The application's jars: falconet-lib's jar and its runtime dependencies, as {@code docs/spark.md} builds them. */
  static List<Path> applicationJars(Path repo) throws IOException {
    List<Path> jars = new ArrayList<>();
    jars.add(builtJar(repo.resolve("lib/target"), "falconet-lib-"));
    for (String s : Files.readString(repo.resolve("lib/target/runtime-classpath.txt")).strip().split(File.pathSeparator)) {
      jars.add(Path.of(s));
    }
    return jars;
  }

  /** The one {@code PREFIX*.jar} the build made in {@code dir} (not sources or tests). */
  static Path builtJar(Path dir, String prefix) throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")
          && !p.toString().endsWith("-sources.jar") && !p.toString().endsWith("-tests.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + dir + ": run mvn package first"));
    }
  }

  /** A Spark home whose jars/ links this JVM's class path, less Falconet's and the application-only jars. */
  private static Path sparkHome(Path home) throws IOException {
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String s = p.toString();
      boolean test = s.contains("/junit/") || s.contains("/opentest4j/") || s.contains("/apiguardian/");
      boolean nd4j = s.contains("/org/nd4j/") || s.contains("/org/bytedeco/"); // not for curation, hundreds of MB
      if (!s.endsWith(".jar") || !Files.isRegularFile(p) || s.contains("falconet") || test || nd4j
          || APPLICATION_ONLY.stream().anyMatch(s::contains)) {
        continue;
      }
      Path link = home.resolve("jars").resolve(p.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, p);
      }
    }
    // Executors log as the tests do: warnings only, to the worker's work directory.
    try (var in = StandaloneCluster.class.getResourceAsStream("/log4j2-test.properties")) {
      Files.write(home.resolve("conf/log4j2.properties"), in.readAllBytes());
    }
    return home;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
