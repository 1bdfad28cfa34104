package org.falconet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions configured for curation: no web UI in local mode, few shuffle partitions for small
 * runs, and, for a cluster master given directly (the launcher's {@code --master spark://HOST:PORT},
 * not {@code spark-submit}), the application's jars shipped to the executors.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A session for {@code master} ({@code local[2]}, {@code spark://host:7077}, {@code yarn}...), or the
   * session {@code spark-submit} already configured when {@code master} is {@code null}.
   *
   * <p>With a cluster master and no {@code spark.jars} configured (a driver started without
   * {@code spark-submit}, whose executors would otherwise lack Falconet's classes), {@code spark.jars}
   * becomes {@link ApplicationJars#forDriver}, and the executors get the {@code -Xss4m} the stages
   * need unless {@code spark.executor.extraJavaOptions} is set.
   */
  public static SparkSession of(String master) {
    SparkSession.Builder b = SparkSession.builder().appName("falconet-curate");
    if (master != null) {
      b = b.master(master);
    }
    if (master != null && master.startsWith("local")) {
      b = b.config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "4")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    } else if (master != null && isBlank(System.getProperty("spark.jars"))) {
      b = b.config("spark.jars", String.join(",", launcherJars()));
      if (isBlank(System.getProperty("spark.executor.extraJavaOptions"))) {
        b = b.config("spark.executor.extraJavaOptions", "-Xss4m");
      }
    }
    return b.getOrCreate();
  }

  private static List<String> launcherJars;

  /** The application's jars, packed once per JVM into a directory removed when the JVM exits. */
  private static synchronized List<String> launcherJars() {
    if (launcherJars != null) {
      return launcherJars;
    }
    try {
      Path dir = Files.createTempDirectory("falconet-jars");
      dir.toFile().deleteOnExit();
      List<String> jars = ApplicationJars.forDriver(dir);
      for (String j : jars) {
        Path p = Path.of(j);
        if (p.startsWith(dir)) {
          p.toFile().deleteOnExit();
        }
      }
      launcherJars = List.copyOf(jars);
      return launcherJars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
