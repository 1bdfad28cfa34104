package org.falconet.dedup.minhash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.falconet.corpus.Document;
import org.falconet.dedup.DuplicateCluster;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinHashDeduplicatorTest {
  @TempDir
  Path tmp;

  /** 200 random documents of 150 words, then 25 planted near-duplicates of the first 25. */
  static List<Document> corpusWithPlantedDuplicates() {
    SplittableRandom rnd = new SplittableRandom(5);
    String[] vocab = new String[3000];
    for (int i = 0; i < vocab.length; i++) {
      StringBuilder w = new StringBuilder();
      for (int c = 0, len = 3 + rnd.nextInt(6); c < len; c++) {
        w.append((char) ('a' + rnd.nextInt(26)));
      }
      vocab[i] = w.toString();
    }
    List<Document> docs = new ArrayList<>();
    List<String[]> words = new ArrayList<>();
    for (int d = 0; d < 200; d++) {
      String[] ws = new String[150];
      for (int i = 0; i < ws.length; i++) {
        ws[i] = vocab[rnd.nextInt(vocab.length)];
      }
      words.add(ws);
      docs.add(Document.ofText("doc-" + d, "https://example.com/" + d, String.join(" ", ws) + "."));
    }
    for (int d = 0; d < 25; d++) {
      // One changed word in 150 leaves about 145 of 150 5-grams: Jaccard ~0.94. Case and punctuation
      // changes vanish in normalisation.
      String[] ws = words.get(d).clone();
      ws[rnd.nextInt(ws.length)] = "CHANGED";
      ws[0] = ws[0].toUpperCase() + ",";
      docs.add(Document.ofText("dup-" + d, "https://mirror.example.org/" + d, String.join(" ", ws) + "!!"));
    }
    return docs;
  }

  static List<Outcome> run(MinHashDeduplicator stage, List<Document> docs, Path work) throws IOException {
    List<Outcome> out = new ArrayList<>();
    stage.process(Corpus.of(docs), work, out::add);
    return out;
  }

  @Test
  void findsEveryPlantedNearDuplicate() throws IOException {
    List<Document> docs = corpusWithPlantedDuplicates();
    List<Outcome> out = run(new MinHashDeduplicator(), docs, tmp.resolve("w"));
    assertEquals(docs.size(), out.size());
    for (int i = 0; i < docs.size(); i++) {
      Outcome o = out.get(i);
      assertEquals(docs.get(i).id(), o.document().id(), "outcomes in corpus order");
      if (i < 200) {
        assertTrue(o instanceof Outcome.Kept, "original " + docs.get(i).id() + " kept");
      } else {
        Outcome.Removed r = (Outcome.Removed) o;
        assertEquals("minhash_duplicate", r.reason());
        assertEquals("doc-" + (i - 200), r.document().meta("duplicate_of"));
      }
    }
  }

  @Test
  void externalSortGivesTheSameDecisions() throws IOException {
    List<Document> docs = corpusWithPlantedDuplicates();
    MinHashDeduplicator.Params small = MinHashDeduplicator.Params.FINEWEB.withMemoryRecords(17).withThreads(2);
    List<Outcome> external = run(new MinHashDeduplicator(small), docs, tmp.resolve("a"));
    List<Outcome> inMemory = run(new MinHashDeduplicator(small.withMemoryRecords(1 << 20)), docs, tmp.resolve("b"));
    assertEquals(inMemory, external);
    assertEquals(25, external.stream().filter(o -> o instanceof Outcome.Removed).count());
  }

  @Test
  void resumesFromItsWorkDirectory() throws IOException {
    List<Document> docs = corpusWithPlantedDuplicates();
    MinHashDeduplicator stage = new MinHashDeduplicator(MinHashDeduplicator.Params.FINEWEB);
    Path work = tmp.resolve("w");
    List<Outcome> first = run(stage, docs, work);
    assertTrue(Files.exists(work.resolve("signatures.done")));
    assertTrue(Files.exists(work.resolve("roots.bin")));
    assertFalse(Files.exists(work.resolve("bands/band-00000.bin")), "band file deleted once clustered");
    assertTrue(Files.size(work.resolve("bands/forest.bin")) <= 8L * (docs.size() - 1), "a spanning forest");

    // A run killed in the bucket step: bands 0-4 clustered (edges logged, files deleted) except that
    // band 3's file was not yet deleted; bands 5-13 not started; roots not saved.
    Path killed = tmp.resolve("k");
    Path bands = stage.signatures(Corpus.of(docs), killed);
    Path aside = Files.createDirectories(tmp.resolve("aside"));
    Files.copy(bands.resolve("band-00003.bin"), aside.resolve("band-00003.bin"));
    for (int b = 5; b < 14; b++) {
      String name = String.format("band-%05d.bin", b);
      Files.move(bands.resolve(name), aside.resolve(name));
    }
    int[] fiveBands = stage.rootsFromBands(killed, bands, docs.size());
    Files.delete(killed.resolve("roots.bin"));
    // The forest log alone gives back the clusters of the bands done.
    assertArrayEquals(fiveBands, stage.rootsFromBands(killed, bands, docs.size()));
    Files.delete(killed.resolve("roots.bin"));
    byte[] logged = Files.readAllBytes(bands.resolve("forest.bin"));
    assertTrue(logged.length > 0);
    // Killed in the middle of an edge record: the partial record is cut off on resuming.
    Files.write(bands.resolve("forest.bin"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    try (var s = Files.list(aside)) {
      for (Path p : s.toList()) {
        Files.move(p, bands.resolve(p.getFileName()));
      }
    }
    // Restarted: the signature step is kept, the remaining bands are clustered, same decisions.
    assertEquals(first, run(stage, docs, killed));
    byte[] after = Files.readAllBytes(bands.resolve("forest.bin"));
    assertArrayEquals(logged, java.util.Arrays.copyOf(after, logged.length), "resumed, not restarted");
    // A different corpus invalidates the saved steps.
    List<Outcome> fewer = run(stage, docs.subList(0, 200), work);
    assertEquals(0, fewer.stream().filter(o -> o instanceof Outcome.Removed).count());
  }

  @Test
  void transitiveClusterKeepsItsFirstDocument() throws IOException {
    String base = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
        + "sigma tau upsilon phi chi psi omega one two three four five six seven eight nine ten";
    List<Document> docs = List.of(
        Document.ofText("c", null, base + " extra"),
        Document.ofText("a", null, "completely unrelated words about something else entirely here now"),
        Document.ofText("b", null, base),
        Document.ofText("d", null, "ALPHA " + base.substring(6)));
    List<Outcome> out = run(new MinHashDeduplicator(), docs, tmp.resolve("w"));
    assertTrue(out.get(0) instanceof Outcome.Kept);
    assertTrue(out.get(1) instanceof Outcome.Kept);
    assertEquals("c", out.get(2).document().meta("duplicate_of"));
    assertEquals("c", out.get(3).document().meta("duplicate_of"));
  }

  @Test
  void documentsWithoutWordsAreKept() throws IOException {
    List<Document> docs = List.of(Document.ofText("x", null, "..."), Document.ofText("y", null, "!!!"));
    List<Outcome> out = run(new MinHashDeduplicator(MinHashDeduplicator.Params.FINEWEB), docs, tmp.resolve("w"));
    assertTrue(out.stream().allMatch(o -> o instanceof Outcome.Kept));
  }

  @Test
  void clustersForNotebooks() throws IOException {
    List<Document> docs = corpusWithPlantedDuplicates();
    List<DuplicateCluster> clusters = new MinHashDeduplicator(MinHashDeduplicator.Params.FINEWEB)
        .clusters(Corpus.of(docs), tmp.resolve("w"));
    assertEquals(25, clusters.size());
    Map<String, String> pairs = new HashMap<>();
    for (DuplicateCluster c : clusters) {
      assertEquals(2, c.members().size());
      pairs.put(c.kept().id(), c.members().get(1).id());
    }
    assertEquals("dup-7", pairs.get("doc-7"));
    DuplicateCluster c = clusters.get(0);
    assertEquals(2, c.table().rowCount());
    assertEquals("kept", c.table().stringColumn("role").get(0));
    assertTrue(c.html().contains("removed: dup-0"), c.html(100));
  }

  @Test
  void decisionsAreTheFirstDocumentOfEachGroupSharingABandKey() throws IOException {
    // The public band keys and survivor rule (what another engine reuses) reproduce the stage's
    // decisions: documents joined whenever they share a key of the same band, the first one kept.
    List<Document> docs = corpusWithPlantedDuplicates();
    MinHashDeduplicator stage = new MinHashDeduplicator(MinHashDeduplicator.Params.FINEWEB);
    int[] root = new int[docs.size()];
    Map<String, Integer> firstWithKey = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      root[i] = i;
      long[] keys = stage.bandKeys(docs.get(i).content());
      assertEquals(stage.params().bands(), keys.length);
      for (int b = 0; b < keys.length; b++) {
        Integer j = firstWithKey.putIfAbsent(b + ":" + keys[b], i);
        if (j != null) {
          int keep = (int) MinHashDeduplicator.survivor(root[j], root[i]);
          int gone = keep == root[i] ? root[j] : root[i];
          for (int k = 0; k <= i; k++) {
            root[k] = root[k] == gone ? keep : root[k];
          }
        }
      }
    }
    List<Outcome> out = run(stage, docs, tmp.resolve("w"));
    for (int i = 0; i < docs.size(); i++) {
      assertEquals(root[i] == i, out.get(i) instanceof Outcome.Kept, docs.get(i).id());
      if (root[i] != i) {
        assertEquals(docs.get(root[i]).id(), out.get(i).document().meta(MinHashDeduplicator.DUPLICATE_OF));
      }
    }
    assertEquals(3L, MinHashDeduplicator.survivor(3, 7));
    assertEquals(3L, MinHashDeduplicator.survivor(7, 3));
    assertEquals(null, stage.bandKeys("... !!!"), "no word, no signature");
    assertEquals(java.util.Arrays.toString(stage.bandKeys("Café, 2023!")),
        java.util.Arrays.toString(stage.bandKeys("cafe 1999")), "keys of the normalised text");
  }

  @Test
  void emptyCorpusDecidesNothing() throws IOException {
    List<Object> out = new ArrayList<>();
    new MinHashDeduplicator().process(Corpus.of(List.of()), tmp.resolve("empty"), out::add);
    assertEquals(List.of(), out);
  }
}
