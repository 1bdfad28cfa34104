package org.falconet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.falconet.pipeline.CurationOutput;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.Stage;
import org.falconet.pipeline.StageStats;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two engines agree: the same pipeline over the same input, run by {@link PipelineRunner} and
 * by {@link SparkPipelineRunner} in {@code local[2]}, keeps the same documents in the same order,
 * removes the same documents with the same stage and reason, and reports the same funnel.
 */
class SparkEquivalenceIT {
  @TempDir
  static Path tmp;

  /** One pipeline to compare: a catalogue, its stage names, the input, and the cluster forms to use. */
  static Stream<Arguments> pipelines() throws IOException {
    List<Path> corpus = TestCorpus.write(Files.createDirectories(tmp.resolve("in")), 4, 150, true);
    return Stream.of(
        Arguments.of("per-document stages", new TestCatalog(), List.of("spam_and_digest", "line_trim", "min_words"),
            corpus, List.of()),
        Arguments.of("whole-corpus stage on the driver", new TestCatalog(),
            List.of("spam_and_digest", "exact_text_dedup", "line_trim", "min_words"),
            corpus, List.of()),
        Arguments.of("whole-corpus stages as cluster stages", new TestCatalog(),
            List.of("spam_and_digest", "exact_text_dedup", "line_trim", "minhash_dedup", "url_dedup", "min_words"),
            corpus, TestCatalog.clusterStages()),
        // The real thing: every RefinedWeb stage on the bundled sample crawl.
        Arguments.of("RefinedWeb on the sample crawl", StageCatalog.refinedWeb(),
            org.falconet.refinedweb.RefinedWeb.STAGE_NAMES, sampleCrawl(), SparkCurate.clusterForms()));
  }

  private static List<Path> sampleCrawl() throws IOException {
    Path crawl = Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/crawl");
    try (Stream<Path> s = Files.list(crawl)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void sparkKeepsAndRemovesExactlyWhatTheLocalRunnerDoes(String label, StageCatalog catalog, List<String> stageNames,
      List<Path> inputs, List<ClusterStage<?>> clusterForms) throws IOException {
    Path local = tmp.resolve(label.replace(' ', '-') + "-local");
    Path spark = tmp.resolve(label.replace(' ', '-') + "-spark");
    List<Stage> stages = stageNames.stream().map(catalog::stage).toList();
    long t0 = System.nanoTime();
    RunStats expected = new PipelineRunner(catalog.source(), stages, new PipelineRunner.Options(2, 64)).run(inputs, local);

    long t1 = System.nanoTime();
    SparkPipelineRunner runner = new SparkPipelineRunner(TestSpark.session(), catalog, stageNames);
    clusterForms.forEach(runner::cluster);
    boolean parquet = label.startsWith("per-document"); // Parquet's first use costs seconds: checked once
    runner.parquet(parquet);
    RunStats actual = runner.run(inputs.stream().map(Path::toString).toList(), spark.toString());

    System.err.printf("%s: local %.1f s, spark %.1f s%n", label, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    List<Document> keptLocal = CurationOutput.open(local).kept();
    assertTrue(keptLocal.size() > 100 && expected.removed > 50, "the corpus exercises keeping and removing");
    assertEquals(keptLocal, CurationOutput.open(spark).kept(), "kept documents, in order");
    assertEquals(removedLines(local), removedLines(spark), "removed documents with stage and reason, in order");
    assertEquals(CurationOutput.open(local).removals(), CurationOutput.open(spark).removals());

    assertEquals(expected.inputRecords, actual.inputRecords);
    assertEquals(expected.kept, actual.kept);
    assertEquals(expected.removed, actual.removed);
    assertEquals(expected.stages.stream().map(s -> s.stage).toList(), actual.stages.stream().map(s -> s.stage).toList());
    for (StageStats e : expected.stages) {
      StageStats a = actual.stage(e.stage);
      assertEquals(e.docsIn, a.docsIn, e.stage);
      assertEquals(e.kept, a.kept, e.stage);
      assertEquals(e.removals(), a.removals(), e.stage);
      assertEquals(e.bytesIn, a.bytesIn, e.stage);
      assertEquals(e.bytesKept, a.bytesKept, e.stage);
    }
    for (ClusterStage<?> c : clusterForms) {
      if (!stageNames.contains(c.name())) {
        continue;
      }
      StageStats st = actual.stage(c.name());
      System.err.printf("  %s on Spark: %d in, %d kept, %s%n", c.name(), st.docsIn, st.kept, st.removals());
      if (label.startsWith("whole-corpus stages as")) { // the synthetic corpus plants URL and near duplicates
        assertTrue(st.docsIn > st.kept, c.name() + " removed documents");
      }
    }
    // stats.json is the same format: read back through the local reader.
    assertEquals(actual.kept, CurationOutput.open(spark).stats().kept);
    if (parquet) {
      List<String> ids = TestSpark.session().read().parquet(spark.resolve("parquet").toString()).select("id")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      assertEquals(keptLocal.stream().map(Document::id).sorted().toList(), ids.stream().sorted().toList());
    }
  }

  private static List<String> removedLines(Path run) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(run.resolve("removed"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList()) {
        try (BufferedReader in = JsonlFiles.reader(f)) {
          in.lines().forEach(lines::add);
        }
      }
    }
    return lines;
  }
}
