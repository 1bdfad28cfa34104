package org.falconet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/** The jars the launcher's driver ships, and the per-step metrics of {@link StepMetrics}. */
class ApplicationJarsTest {
  @TempDir
  Path tmp;

  @Test
  void aClassDirectoryIsPackedWithEveryFileAndAJarPassesThrough() throws IOException {
    Path classes = tmp.resolve("classes");
    Files.createDirectories(classes.resolve("org/example/inner"));
    Files.writeString(classes.resolve("org/example/A.class"), "a bytes");
    Files.write(classes.resolve("org/example/inner/model.ftz"), new byte[] {0, 1, 2, (byte) 255});
    Files.createDirectories(classes.resolve("META-INF"));
    Files.writeString(classes.resolve("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\r\nX: y\r\n");

    Path jar = ApplicationJars.asJar(classes, tmp.resolve("work"), "app.jar");
    Map<String, byte[]> files = new TreeMap<>();
    List<String> dirs = new ArrayList<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      for (JarEntry e : java.util.Collections.list(j.entries())) {
        if (e.isDirectory()) {
          dirs.add(e.getName());
        } else {
          files.put(e.getName(), j.getInputStream(e).readAllBytes());
        }
      }
      assertEquals("1.0", j.getManifest().getMainAttributes().getValue("Manifest-Version"));
    }
    assertEquals(List.of("META-INF/MANIFEST.MF", "org/example/A.class", "org/example/inner/model.ftz"),
        List.copyOf(files.keySet()), "every file once; the manifest is the jar's own");
    assertArrayEquals("a bytes".getBytes(StandardCharsets.UTF_8), files.get("org/example/A.class"));
    assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, files.get("org/example/inner/model.ftz"));
    assertEquals(List.of("META-INF/", "org/", "org/example/", "org/example/inner/"), dirs);

    assertEquals(jar, ApplicationJars.asJar(jar, tmp.resolve("other"), "x.jar"), "a jar is shipped as it is");
  }

  @Test
  void stepMetricsCountTasksRecordsAndJobsPerJobGroup() throws Exception {
    JavaSparkContext jsc = TestSpark.context();
    StepMetrics m = new StepMetrics(jsc.getConf());
    jsc.sc().addSparkListener(m);
    try {
      jsc.setJobGroup("falconet-step-test", "test", false);
      // 3 map tasks writing 30 records, then 2 reduce tasks: 5 tasks in one job.
      long groups = jsc.parallelize(java.util.stream.IntStream.range(0, 30).boxed().toList(), 3)
          .mapToPair(i -> new Tuple2<>(i % 7, 1)).reduceByKey((a, b) -> a + b, 2).count();
      jsc.clearJobGroup();
      assertEquals(7, groups);
      jsc.sc().listenerBus().waitUntilEmpty();
      Map<String, Long> step = m.report().get("falconet-step-test");
      assertEquals(5, step.get("tasks"));
      assertEquals(1, step.get("jobs"));
      // Map-side combine: each map task writes one record per key it saw (7 keys in each of 3 slices of 10).
      assertEquals(21, step.get("shuffleWriteRecords"));
      assertEquals(step.get("shuffleWriteBytes"), step.get("shuffleReadBytes"));
    } finally {
      jsc.sc().removeSparkListener(m);
    }
  }
}
