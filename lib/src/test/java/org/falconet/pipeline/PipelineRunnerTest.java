package org.falconet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunnerTest {
  @TempDir
  Path tmp;

  private Path input(List<Document> docs) throws IOException {
    Path in = tmp.resolve("in.jsonl.gz");
    JsonlFiles.write(in, docs);
    return in;
  }

  @Test
  void everyDocumentIsKeptOrRemovedByExactlyOneStage() throws IOException {
    List<Document> docs = ExampleStages.corpus(500);
    Path out = tmp.resolve("out");
    RunStats stats = new PipelineRunner(new JsonlSource(), ExampleStages.pipeline(1), new PipelineRunner.Options(2, 37))
        .run(List.of(input(docs)), out);

    // Independent count of what each stage must do, straight from the corpus definition.
    long spam = docs.stream().filter(d -> d.text().contains("spam")).count();
    List<Document> afterSpam = docs.stream().filter(d -> !d.text().contains("spam")).toList();
    Set<String> seen = new HashSet<>();
    List<Document> afterDup = afterSpam.stream().filter(d -> seen.add(d.text())).toList();
    long dups = afterSpam.size() - afterDup.size();
    long shortDocs = afterDup.stream().filter(d -> d.text().split("\\s+").length < 4).count();

    assertEquals(500, stats.inputRecords);
    assertEquals(spam, stats.stage("spam_and_digest").removals().get("contains_spam"));
    assertEquals(dups, stats.stage("exact_duplicates").removals().get("exact_duplicate"));
    assertEquals(shortDocs, stats.stage("min_words").removals().get("too_few_words"));
    assertEquals(500 - spam - dups - shortDocs, stats.kept);
    assertEquals(stats.inputRecords, stats.kept + stats.removed);

    CurationOutput result = CurationOutput.open(out);
    List<Document> kept = result.kept();
    assertEquals(stats.kept, kept.size());
    // Order is the input order, whatever the sharding.
    List<String> expectedIds = afterDup.stream().filter(d -> d.text().split("\\s+").length >= 4).map(Document::id).toList();
    assertEquals(expectedIds, kept.stream().map(Document::id).toList());
    assertTrue(kept.stream().allMatch(d -> d.meta("digest") != null && d.meta("copies") != null));
    assertEquals(stats.removed, result.removals().size());
    assertFalse(Files.exists(out.resolve(".work")), "scratch space is removed after a finished run");
  }

  @Test
  void whyExplainsRemovals() throws IOException {
    Path out = tmp.resolve("out");
    new PipelineRunner(new JsonlSource(), ExampleStages.pipeline(1), new PipelineRunner.Options(1, 100))
        .run(List.of(input(ExampleStages.corpus(60))), out);
    CurationOutput result = CurationOutput.open(out);
    assertEquals(new CurationOutput.Removal("doc-17", "spam_and_digest", "contains_spam"), result.why("doc-17").orElseThrow());
    // doc-11 is the first copy of the repeated text, doc-22 the second.
    assertTrue(result.why("doc-11").isEmpty());
    assertEquals("exact_duplicate", result.why("doc-22").orElseThrow().reason());
    assertTrue(result.why("doc-1").isEmpty() || result.why("doc-1").get().stage().equals("min_words"));
  }

  @Test
  void funnelRowsFollowStagesAndShares() throws IOException {
    RunStats stats = new PipelineRunner(new JsonlSource(), ExampleStages.pipeline(1), new PipelineRunner.Options(2, 40))
        .run(List.of(input(ExampleStages.corpus(200))), tmp.resolve("out"));
    Funnel funnel = stats.funnel();
    List<String> names = funnel.rows().stream().map(Funnel.Row::stage).toList();
    assertEquals(List.of("jsonl_reader", "spam_and_digest", "exact_duplicates", "min_words"), names);
    Funnel.Row last = funnel.rows().get(3);
    assertEquals((double) stats.kept / 200, last.remainingShare(), 1e-12);
    assertEquals(4, funnel.toTable().rowCount());
    assertTrue(funnel.toString().contains("exact_duplicates"));
  }

  @Test
  void statsJsonRoundTrips() throws IOException {
    Path out = tmp.resolve("out");
    RunStats stats = new PipelineRunner(new JsonlSource(), ExampleStages.pipeline(1), new PipelineRunner.Options(1, 40))
        .run(List.of(input(ExampleStages.corpus(80))), out);
    RunStats back = RunStats.read(out.resolve("stats.json"));
    assertEquals(stats.kept, back.kept);
    assertEquals(stats.stage("min_words").removals(), back.stage("min_words").removals());
  }

  @Test
  void malformedLineNamesFileAndLineAndLeavesNoStats() throws IOException {
    Path in = tmp.resolve("bad.jsonl");
    Files.writeString(in, "{\"id\":\"a\",\"text\":\"fine\"}\n{\"id\":\"b\",\"text\":\n");
    Path out = tmp.resolve("out");
    IOException e = assertThrows(IOException.class, () -> new PipelineRunner(new JsonlSource(), List.of(),
        PipelineRunner.Options.DEFAULT).run(List.of(in), out));
    assertTrue(e.getMessage().startsWith(in + ":2: "), e.getMessage());
    assertFalse(Files.exists(out.resolve("stats.json")), "a failed run must not look finished");
  }

  @Test
  void missingInputIsAnError() {
    Path missing = tmp.resolve("nope.jsonl");
    IOException e = assertThrows(IOException.class, () -> new PipelineRunner(new JsonlSource(), List.of(),
        PipelineRunner.Options.DEFAULT).run(List.of(missing), tmp.resolve("out")));
    assertTrue(e.getMessage().contains("nope.jsonl"));
  }

  @Test
  void aCorpusStageThatLosesDocumentsFailsTheRun() throws IOException {
    CorpusStage lossy = new CorpusStage() {
      @Override
      public String name() {
        return "lossy";
      }

      @Override
      public void process(Corpus corpus, Path workDir, Consumer<Outcome> sink) {
        boolean skip = true;
        for (Document d : corpus) {
          if (!skip) {
            sink.accept(Outcome.kept(d));
          }
          skip = false;
        }
      }
    };
    Path in = input(ExampleStages.corpus(30));
    assertThrows(IllegalStateException.class, () -> new PipelineRunner(new JsonlSource(), List.of(lossy),
        new PipelineRunner.Options(1, 7)).run(List.of(in), tmp.resolve("out")));
  }

  /** A corpus stage that keeps every document with its text cut to its first word, and removes none. */
  private static CorpusStage firstWordOnly() {
    return new CorpusStage() {
      @Override
      public String name() {
        return "first_word";
      }

      @Override
      public void process(Corpus corpus, Path workDir, Consumer<Outcome> sink) {
        for (Document d : corpus) {
          sink.accept(Outcome.kept(d.withText(d.text().split(" ")[0])));
        }
      }
    };
  }

  @Test
  void aCorpusStageThatShortensDocumentsIsChargedTheBytesItCut() throws IOException {
    List<Document> docs = ExampleStages.corpus(40);
    RunStats stats = new PipelineRunner(new JsonlSource(), List.of(firstWordOnly()), new PipelineRunner.Options(1, 7))
        .run(List.of(input(docs)), tmp.resolve("out"));
    StageStats s = stats.stage("first_word");
    assertEquals(docs.stream().mapToLong(Document::contentBytes).sum(), s.bytesIn);
    assertEquals(docs.stream().mapToLong(d -> d.withText(d.text().split(" ")[0]).contentBytes()).sum(), s.bytesKept);
    assertTrue(s.bytesKept < s.bytesIn);
  }

  @Test
  void aCorpusStageThatReordersItsOutcomesFailsTheRun() throws IOException {
    CorpusStage reversed = new CorpusStage() {
      @Override
      public String name() {
        return "reversed";
      }

      @Override
      public void process(Corpus corpus, Path workDir, Consumer<Outcome> sink) {
        List<Document> all = new java.util.ArrayList<>();
        corpus.forEach(all::add);
        java.util.Collections.reverse(all);
        all.forEach(d -> sink.accept(Outcome.kept(d)));
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PipelineRunner(new JsonlSource(),
        List.of(reversed), new PipelineRunner.Options(1, 7)).run(List.of(input(ExampleStages.corpus(10))), tmp.resolve("out")));
    assertTrue(e.getMessage().contains("outcomes must follow the corpus order"), e.getMessage());
  }

  @Test
  void stageNamesAndReasonsMustBeSnakeCase() {
    assertThrows(IllegalArgumentException.class, () -> Filter.Verdict.drop("Not Snake"));
    assertThrows(IllegalArgumentException.class, () -> Filter.of("BadName", d -> Filter.Verdict.keep()));
    assertThrows(IllegalArgumentException.class, () -> new PipelineRunner(new JsonlSource(),
        List.of(ExampleStages.minWords(1), ExampleStages.minWords(2)), PipelineRunner.Options.DEFAULT));
  }

  @Test
  void aStageThatThrowsFailsLoudlyNamingStageAndDocument() throws IOException {
    DocumentStage broken = new DocumentStage() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Outcome apply(Document doc) {
        throw new ArithmeticException("boom");
      }
    };
    Path in = input(ExampleStages.corpus(3));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PipelineRunner(new JsonlSource(),
        List.of(broken), new PipelineRunner.Options(1, 10)).run(List.of(in), tmp.resolve("out")));
    assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("doc-0"), e.getMessage());
  }

  @Test
  void removedLinesCarryStageAndReason() throws IOException {
    Path out = tmp.resolve("out");
    new PipelineRunner(new JsonlSource(), ExampleStages.pipeline(1), new PipelineRunner.Options(1, 100))
        .run(List.of(input(ExampleStages.corpus(40))), out);
    Map<String, Long> byStage = CurationOutput.open(out).removals().stream()
        .collect(Collectors.groupingBy(CurationOutput.Removal::stage, Collectors.counting()));
    assertEquals(Set.of("spam_and_digest", "exact_duplicates", "min_words"), byStage.keySet());
  }
}
