package org.falconet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaPairRDD;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.falconet.dedup.url.UrlDeduplicator;
import org.falconet.dedup.url.UrlSet;
import org.falconet.pipeline.CurationOutput;
import org.falconet.pipeline.RunStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/** The Spark runner's layout, commit and failures: what a user sees when something goes wrong. */
class SparkPipelineRunnerTest {
  @TempDir
  Path tmp;

  private List<String> twoFiles() throws IOException {
    Path a = tmp.resolve("a.jsonl");
    Path b = tmp.resolve("b.jsonl.gz");
    JsonlFiles.write(a, List.of(Document.ofText("a1", null, "one two three four"), Document.ofText("a2", null, "spam")));
    JsonlFiles.write(b, List.of(Document.ofText("b1", null, "five six seven eight boom"), Document.ofText("b2", null, "x")));
    return List.of(a.toString(), b.toString());
  }

  @Test
  void writesOnePartPerInputFileAndNoTemporaryFiles() throws IOException {
    Path out = tmp.resolve("out");
    RunStats stats = new SparkPipelineRunner(TestSpark.session(), new TestCatalog(), List.of("spam_and_digest", "min_words"))
        .run(twoFiles(), out.toString());
    assertEquals(4, stats.inputRecords);
    assertEquals(2, stats.kept);
    try (Stream<Path> files = Files.walk(out)) {
      List<String> names = files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList();
      assertEquals(List.of("kept/part-00000.jsonl.gz", "kept/part-00001.jsonl.gz", "removed/s0-part-00000.jsonl.gz",
          "removed/s0-part-00001.jsonl.gz", "stats.json"), names);
    }
    assertEquals("contains_spam", CurationOutput.open(out).why("a2").orElseThrow().reason());
    assertEquals("too_few_words", CurationOutput.open(out).why("b2").orElseThrow().reason());
  }

  @Test
  void aFailingStageNamesItselfAndTheDocument() throws IOException {
    Path out = tmp.resolve("out");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new SparkPipelineRunner(TestSpark.session(), new TestCatalog(), List.of("boom")).run(twoFiles(), out.toString()));
    assertTrue(e.getMessage().startsWith("stage boom failed on document b1: "), e.getMessage());
    assertFalse(Files.exists(out.resolve("stats.json")));
  }

  @Test
  void aMalformedLineNamesFileAndLine() throws IOException {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\"\n");
    IOException e = assertThrows(IOException.class, () -> new SparkPipelineRunner(TestSpark.session(), new TestCatalog(),
        List.of()).run(List.of(bad.toString()), tmp.resolve("out").toString()));
    assertTrue(e.getMessage().startsWith(bad + ":2:"), e.getMessage());
  }

  @Test
  void aUrlSetOutlivesTheRunAndTheNextRunDropsItsUrls() throws IOException {
    Path in = tmp.resolve("urls.jsonl");
    JsonlFiles.write(in, List.of(Document.ofText("u1", "https://x.example/1", "one"),
        Document.ofText("u2", "https://x.example/1#part", "two"), Document.ofText("u3", "https://x.example/2", "three")));
    Path set = tmp.resolve("crawl-urls.bin");
    for (int run = 0; run < 2; run++) {
      Path out = tmp.resolve("out-" + run);
      RunStats stats = new SparkPipelineRunner(TestSpark.session(), new TestCatalog(), List.of("url_dedup"))
          .cluster(UrlDedupClusterStage.of(UrlDeduplicator.Params.PAPER.withStore(set)))
          .run(List.of(in.toString()), out.toString());
      assertEquals(run == 0 ? 2 : 0, stats.kept, "run " + run);
      assertEquals("url_duplicate", CurationOutput.open(out).why("u2").orElseThrow().reason());
    }
    assertEquals(2, UrlSet.read(set).size());
  }

  /** A cluster stage that names a document it was never given. */
  static final class RemovesAStranger implements ClusterStage<ClusterStage.Removal> {
    @Override
    public String name() {
      return "exact_text_dedup";
    }

    @Override
    public JavaPairRDD<Long, ClusterStage.Removal> decisions(JavaPairRDD<Long, String> docs) {
      return TestSpark.context().parallelizePairs(
          List.of(new Tuple2<>(DocKeys.key(0, 99), new ClusterStage.Removal("exact_duplicate", null))));
    }
  }

  @Test
  void aClusterStageCannotRemoveWhatItWasNotGiven() throws IOException {
    SparkPipelineRunner runner = new SparkPipelineRunner(TestSpark.session(), new TestCatalog(), List.of("exact_text_dedup"))
        .cluster(new RemovesAStranger());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(twoFiles(), tmp.resolve("out").toString()));
    assertTrue(e.getMessage().contains("which is not in its input"), e.getMessage());
  }
}
