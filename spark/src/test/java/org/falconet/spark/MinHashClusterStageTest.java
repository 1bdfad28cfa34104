package org.falconet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** Clusters are transitive across bands, one document survives each, chosen by the keep rule; URLs likewise. */
class MinHashClusterStageTest {

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
      // id, url, bands, part, position. a~b share band 2, b~c share band 3: {a, b, c} is one cluster
      // although a and c share nothing. d~e share band 5. f stands alone.
      {"a", "https://x.example/1", List.of(1, 2), 0, 0},
      {"b", "https://X.example/1", List.of(2, 3), 1, 4},
      {"c", "https://x.example/2", List.of(3, 4), 0, 7},
      {"d", null, List.of(5, 6), 2, 0},
      {"e", "https://x.example/2", List.of(5, 7), 0, 3},
      {"f", null, List.of(8, 9), 1, 0},
  };

  private static Map<Long, String> removals(ClusterStage stage) {
    return new TreeMap<>(stage.removals(TestSpark.context().parallelizePairs(docs(ROWS), 2)).collectAsMap());
  }

  @Test
  void firstInCorpusSurvivesEachTransitiveCluster() {
    MinHashClusterStage stage = new MinHashClusterStage("minhash_dedup", "near_duplicate", GivenBands::new,
        KeepRule.FIRST_IN_CORPUS);
    // Corpus order: part 0 (a@0, e@3, c@7), part 1 (f@0, b@4), part 2 (d@0): a keeps {a,b,c}, e keeps {d,e}.
    Map<Long, String> expected = new TreeMap<>(Map.of(
        DocKeys.key(1, 4), "near_duplicate", DocKeys.key(0, 7), "near_duplicate", DocKeys.key(2, 0), "near_duplicate"));
    assertEquals(expected, removals(stage));
  }

  @Test
  void theKeepRuleIsOneSwappableFunction() {
    MinHashClusterStage stage = new MinHashClusterStage("minhash_dedup", "near_duplicate", GivenBands::new, Math::max);
    Map<Long, String> expected = new TreeMap<>(Map.of(
        DocKeys.key(0, 0), "near_duplicate", DocKeys.key(0, 7), "near_duplicate", DocKeys.key(0, 3), "near_duplicate"));
    assertEquals(expected, removals(stage));
  }

  @Test
  void urlDedupKeepsTheFirstOfEachNormalisedUrlAndNeverRemovesDocumentsWithoutOne() {
    UrlDedupClusterStage stage = new UrlDedupClusterStage("url_dedup", "duplicate_url",
        d -> d.url() == null ? null : d.url().toLowerCase(), KeepRule.FIRST_IN_CORPUS);
    // x.example/1: a (0,0) before b (1,4); x.example/2: e (0,3) before c (0,7); d and f have no URL.
    assertEquals(new TreeMap<>(Map.of(DocKeys.key(1, 4), "duplicate_url", DocKeys.key(0, 7), "duplicate_url")),
        removals(stage));
  }
}
