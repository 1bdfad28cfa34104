package org.falconet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.dedup.url.UrlDeduplicator;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.Outcome;
import org.falconet.spark.ClusterStage.Removal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Clusters are transitive across bands, one document survives each, chosen by the keep rule, the
 * others name it as {@code duplicate_of}; URLs likewise, with the library's normalisation and URL set.
 */
class MinHashClusterStageTest {
  @TempDir
  Path tmp;

  /** Band keys read from the document's "bands" metadata, so each test states its collisions. */
  static final class GivenBands implements MinHashClusterStage.BandKeys {
    @Override
    public long[] of(Document doc) {
      return ((List<?>) doc.meta("bands")).stream().mapToLong(b -> ((Number) b).longValue()).toArray();
    }
  }

  private static List<Tuple2<Long, String>> docs(Object[][] rows) {
    List<Tuple2<Long, String>> out = new ArrayList<>();
    for (Object[] r : rows) {
      Document d = Document.ofText((String) r[0], (String) r[1], "text").withMeta("bands", r[2]);
      out.add(new Tuple2<>(DocKeys.key((Integer) r[3], (Integer) r[4]), JsonlCodec.encode(d)));
    }
    return out;
  }

  private static final Object[][] ROWS = {
      // id, url, bands (band b's key at index b), part, position.
      // a~b agree on band 1, b~c on band 0: {a, b, c} is one cluster although a and c share nothing.
      // d~e agree on band 0. f shares key 9 with d, but in another band: not a duplicate.
      {"a", "https://x.example/1", List.of(1, 2), 0, 0},
      {"b", "https://X.example/1#top", List.of(3, 2), 1, 4},
      {"c", "https://x.example/2", List.of(3, 4), 0, 7},
      {"d", null, List.of(5, 9), 2, 0},
      {"e", "http://x.example:80/2", List.of(5, 7), 0, 3},
      {"f", null, List.of(9, 8), 1, 0},
  };

  private static Map<Long, Removal> removals(ClusterStage<Removal> stage, Object[][] rows) {
    return new TreeMap<>(stage.decisions(TestSpark.context().parallelizePairs(docs(rows), 2)).collectAsMap());
  }

  @Test
  void firstInCorpusSurvivesEachTransitiveClusterAndIsNamedByTheOthers() {
    MinHashClusterStage stage = new MinHashClusterStage("minhash_dedup", "minhash_duplicate", GivenBands::new,
        KeepRule.FIRST_IN_CORPUS);
    // Corpus order: part 0 (a@0, e@3, c@7), part 1 (f@0, b@4), part 2 (d@0): a keeps {a,b,c}, e keeps {d,e}.
    Map<Long, Removal> expected = new TreeMap<>(Map.of(
        DocKeys.key(1, 4), new Removal("minhash_duplicate", "a"),
        DocKeys.key(0, 7), new Removal("minhash_duplicate", "a"),
        DocKeys.key(2, 0), new Removal("minhash_duplicate", "e")));
    assertEquals(expected, removals(stage, ROWS));
  }

  @Test
  void theKeepRuleIsOneSwappableFunction() {
    MinHashClusterStage stage = new MinHashClusterStage("minhash_dedup", "minhash_duplicate", GivenBands::new, Math::max);
    Map<Long, Removal> expected = new TreeMap<>(Map.of(
        DocKeys.key(0, 0), new Removal("minhash_duplicate", "b"),
        DocKeys.key(0, 7), new Removal("minhash_duplicate", "b"),
        DocKeys.key(0, 3), new Removal("minhash_duplicate", "d")));
    assertEquals(expected, removals(stage, ROWS));
  }

  @Test
  void theLibrarysBandKeysAreUsed() {
    // Two texts that normalise alike ("Café, 2023!" and "cafe 1999") have every band key in common.
    MinHashClusterStage stage = MinHashClusterStage.of(StageCatalog.refinedWeb(), "minhash_dedup");
    List<Tuple2<Long, String>> docs = List.of(
        new Tuple2<>(DocKeys.key(0, 0), JsonlCodec.encode(Document.ofText("p", null, "Le Café, 2023! était ouvert."))),
        new Tuple2<>(DocKeys.key(0, 1), JsonlCodec.encode(Document.ofText("q", null, "le cafe 1999 etait ouvert"))),
        new Tuple2<>(DocKeys.key(0, 2), JsonlCodec.encode(Document.ofText("r", null, "!!! ...")))); // no word: no signature
    assertEquals(Map.of(DocKeys.key(0, 1), new Removal("minhash_duplicate", "p")),
        stage.decisions(TestSpark.context().parallelizePairs(docs, 2)).collectAsMap());
  }

  @Test
  void urlDedupKeepsTheFirstOfEachNormalisedUrlAndNeverRemovesDocumentsWithoutOne() {
    ClusterStage<Removal> stage = UrlDedupClusterStage.of(UrlDeduplicator.Params.PAPER);
    // x.example/1: a (0,0) before b (1,4), case and fragment aside; x.example/2: e (0,3, http on port
    // 80, the same page for RefinedWeb) before c (0,7); d and f have no URL.
    assertEquals(new TreeMap<>(Map.of(DocKeys.key(1, 4), new Removal("url_duplicate", null),
        DocKeys.key(0, 7), new Removal("url_duplicate", null))), removals(stage, ROWS));
  }

  @Test
  void aUrlSetSharedByRunsIsTheLocalStagesFileAndRemovesEarlierRunsUrls() throws IOException {
    Object[][] first = {ROWS[0], ROWS[1], ROWS[3]};
    Object[][] second = {ROWS[2], ROWS[4], ROWS[5], {"g", "https://x.example/1?utm_source=mail", List.of(), 0, 9}};
    Path sparkSet = tmp.resolve("spark-urls.bin");
    Path localSet = tmp.resolve("local-urls.bin");
    List<Map<Long, Removal>> runs = new ArrayList<>();
    for (Object[][] run : List.of(first, second)) {
      UrlDedupClusterStage stage = UrlDedupClusterStage.of(UrlDeduplicator.Params.PAPER.withStore(sparkSet));
      runs.add(removals(stage, run));
      stage.runCommitted();
      new UrlDeduplicator(UrlDeduplicator.Params.PAPER.withStore(localSet)).process(corpus(run),
          Files.createTempDirectory(tmp, "work"), (Outcome o) -> { });
    }
    assertEquals(Map.of(DocKeys.key(1, 4), new Removal("url_duplicate", null)), runs.get(0));
    // Run 2: g's URL was kept by run 1 (tracking parameter aside); c and e share a URL, e kept.
    assertEquals(new TreeMap<>(Map.of(DocKeys.key(0, 9), new Removal("url_duplicate", null),
        DocKeys.key(0, 7), new Removal("url_duplicate", null))), runs.get(1));
    assertArrayEquals(Files.readAllBytes(localSet), Files.readAllBytes(sparkSet), "the local stage's URL set, byte for byte");
  }

  /** The rows as a local corpus, in key order. */
  private static Corpus corpus(Object[][] rows) {
    List<Tuple2<Long, String>> d = new ArrayList<>(docs(rows));
    d.sort(java.util.Comparator.comparing(Tuple2::_1));
    return Corpus.of(d.stream().map(t -> JsonlCodec.decode(t._2())).toList());
  }
}
