package org.falconet.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The jars a driver started without {@code spark-submit} (the {@code ./falconet} launcher, which runs
 * Falconet from the build's class directories) ships to a cluster's executors as {@code spark.jars}:
 * the same set {@code docs/spark.md} gives {@code spark-submit}: Falconet's Spark module and core
 * library, and the core library's runtime dependencies as its build lists them in
 * {@code lib/target/runtime-classpath.txt} (less ND4J, which curation does not use). A class
 * directory is packed into a jar first (Spark's {@code addJar} takes files only), so the executors
 * run exactly the classes the driver runs, even when the module jars of an earlier build are stale.
 *
 * <pre>{@code
 * List<String> jars = ApplicationJars.forDriver(Files.createTempDirectory("falconet-jars"));
 * SparkSession.builder().master("spark://host:7077").config("spark.jars", String.join(",", jars));
 * }</pre>
 */
public final class ApplicationJars {
  private ApplicationJars() {}

  /**
   * The application's jars for this driver's classes: the code sources of the Spark module and of
   * the core library (packed into {@code workDir} when they are directories), then the library's
   * runtime dependencies.
   *
   * @throws IllegalStateException if the library's dependency list is missing (the build did not
   *     run its {@code package} phase), with what to do instead
   */
  public static List<String> forDriver(Path workDir) {
    Path spark = codeSource(ApplicationJars.class);
    Path lib = codeSource(org.falconet.pipeline.Stage.class);
    Path list = lib.getParent().resolve("runtime-classpath.txt");
    if (!Files.isRegularFile(list)) {
      throw new IllegalStateException("no " + list + " to list the jars the executors need: build with "
          + "'mvn -pl spark -am package' (the ./falconet launcher does), or submit with spark-submit --jars "
          + "as docs/spark.md shows");
    }
    List<String> jars = new ArrayList<>();
    try {
      jars.add(asJar(spark, workDir, "falconet-spark-classes.jar").toString());
      jars.add(asJar(lib, workDir, "falconet-lib-classes.jar").toString());
      for (String entry : Files.readString(list).strip().split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          jars.add(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jars;
  }

  /** Where the class was loaded from: a class directory or a jar. */
  static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from", e);
    }
  }

  /** {@code source} itself if it is a jar, else the directory packed into {@code workDir/name}. */
  static Path asJar(Path source, Path workDir, String name) throws IOException {
    if (Files.isRegularFile(source)) {
      return source;
    }
    Files.createDirectories(workDir);
    Path jar = workDir.resolve(name);
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream raw = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(raw, manifest);
         Stream<Path> walk = Files.walk(source)) {
      for (Path p : walk.sorted().toList()) {
        String entry = source.relativize(p).toString().replace(File.separatorChar, '/');
        if (entry.isEmpty() || entry.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        if (Files.isDirectory(p)) {
          out.putNextEntry(new JarEntry(entry + "/"));
        } else {
          out.putNextEntry(new JarEntry(entry));
          Files.copy(p, out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
