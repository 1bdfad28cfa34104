package org.falconet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaPairRDD;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.dedup.exact.ExactSubstringDeduplicator;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * The cluster form of exact-substring deduplication cuts exactly what the local stage (one suffix
 * array of the whole corpus) cuts: on a corpus of four parts with repeats planted across parts,
 * inside one document, three times, over multi-byte characters, and one document that is all
 * repeat; with the paper's span of 200 bytes and with a short one (24 bytes) where chance repeats
 * of a small vocabulary abound; removing every copy (the paper) or keeping the first.
 */
class ExactSubstringClusterStageTest {
  @TempDir
  Path tmp;

  private static final String[] WORDS = ("the of and to in is was for on that with as by at from his her an were "
      + "which are this be has had or not but also its after first new two one their they been who year "
      + "café naïve 日本語 straße").split(" ");

  /** Four parts of random sentences, with planted repeats; {@code [part][document]}. */
  private static List<List<Document>> corpus() {
    Random r = new Random(25);
    List<List<Document>> parts = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      List<Document> docs = new ArrayList<>();
      for (int d = 0; d < 12; d++) {
        docs.add(doc(p, d, sentences(r, 20 + r.nextInt(60))));
      }
      parts.add(docs);
    }
    String shared = "Planted across parts: " + sentences(new Random(1), 40); // ~250 bytes and more
    set(parts, 0, 3, text(parts, 0, 3) + " " + shared + " tail zero");
    set(parts, 3, 8, "head three " + shared + " " + text(parts, 3, 8));
    String thrice = "Three times with accents: café naïve straße 日本語 " + sentences(new Random(2), 40);
    set(parts, 1, 0, thrice + text(parts, 1, 0));
    set(parts, 2, 5, text(parts, 2, 5) + thrice);
    set(parts, 3, 11, text(parts, 3, 11).substring(0, 50) + thrice + " end");
    String inside = sentences(new Random(3), 45);
    set(parts, 2, 2, inside + " middle of one document " + inside);
    set(parts, 1, 7, text(parts, 0, 6) + "!"); // all repeat: dropped, fewer than 20 characters left
    return parts;
  }

  private static Document doc(int part, int d, String text) {
    return new Document("p" + part + "-d" + d, "https://example.org/" + part + "/" + d, null, null, text, Map.of());
  }

  private static String text(List<List<Document>> parts, int p, int d) {
    return parts.get(p).get(d).text();
  }

  private static void set(List<List<Document>> parts, int p, int d, String text) {
    parts.get(p).set(d, doc(p, d, text));
  }

  private static String sentences(Random r, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : i % 9 == 0 ? ". " : " ").append(WORDS[r.nextInt(WORDS.length)]);
    }
    return sb.append('.').toString();
  }

  /** The local stage's outcomes, in corpus order. */
  private List<Outcome> local(ExactSubstringDeduplicator stage, List<List<Document>> parts) throws IOException {
    List<Outcome> out = new ArrayList<>();
    stage.process(Corpus.of(parts.stream().flatMap(List::stream).toList()), tmp.resolve("local-" + out.hashCode()
        + System.nanoTime()), out::add);
    return out;
  }

  /** The cluster stage's outcomes, in corpus order, documents partitioned by part as the runner gives them. */
  private static List<Outcome> cluster(ExactSubstringDeduplicator local, List<List<Document>> parts) {
    List<Tuple2<Long, String>> keyed = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      for (int d = 0; d < parts.get(p).size(); d++) {
        keyed.add(new Tuple2<>(DocKeys.key(p, d), JsonlCodec.encode(parts.get(p).get(d))));
      }
    }
    JavaPairRDD<Long, String> docs = TestSpark.context().parallelizePairs(keyed, 2)
        .repartitionAndSortWithinPartitions(new PartPartitioner(parts.size()));
    ExactSubstringClusterStage stage = new ExactSubstringClusterStage(local);
    Map<Long, ExactSubstringClusterStage.SpanStarts> decisions = stage.decisions(docs).collectAsMap();
    List<Outcome> out = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      for (int d = 0; d < parts.get(p).size(); d++) {
        Document doc = parts.get(p).get(d);
        ExactSubstringClusterStage.SpanStarts s = decisions.get(DocKeys.key(p, d));
        out.add(s == null ? Outcome.kept(doc) : stage.outcome(doc, s));
      }
    }
    return out;
  }

  private void assertSameAsLocal(ExactSubstringDeduplicator.Params params) throws IOException {
    List<List<Document>> parts = corpus();
    ExactSubstringDeduplicator stage = new ExactSubstringDeduplicator(params);
    List<Outcome> expected = local(stage, parts);
    List<Outcome> actual = cluster(stage, parts);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), "document " + i);
    }
  }

  @Test
  void thePapersSpanCutsWhatTheLocalStageCuts() throws IOException {
    List<List<Document>> parts = corpus();
    ExactSubstringDeduplicator stage = new ExactSubstringDeduplicator();
    List<Outcome> actual = cluster(stage, parts);
    // Independently of the local stage: the planted repeats, and nothing in untouched documents.
    Outcome zero3 = actual.get(3);
    Outcome three8 = actual.get(36 + 8);
    assertFalse(zero3.document().text().contains("Planted across parts"), "cut in part 0");
    assertFalse(three8.document().text().contains("Planted across parts"), "cut in part 3");
    assertTrue(zero3.document().text().endsWith("tail zero") && three8.document().text().startsWith("head three"));
    assertTrue(actual.get(12 + 7) instanceof Outcome.Removed r && r.reason().equals(ExactSubstringDeduplicator.REASON),
        "the all-repeat document is dropped");
    assertTrue(actual.get(0) instanceof Outcome.Kept k && k.document().equals(parts.get(0).get(0)), "untouched");
    assertSameAsLocal(ExactSubstringDeduplicator.Params.PAPER);
  }

  @Test
  void shortSpansWithChanceRepeatsCutWhatTheLocalStageCuts() throws IOException {
    assertSameAsLocal(ExactSubstringDeduplicator.Params.PAPER.withMinSpanBytes(24));
  }

  @Test
  void keepingTheFirstCopyKeepsWhatTheLocalStageKeeps() throws IOException {
    assertSameAsLocal(ExactSubstringDeduplicator.Params.PAPER.withKeepFirst(true));
    assertSameAsLocal(ExactSubstringDeduplicator.Params.PAPER.withMinSpanBytes(24).withKeepFirst(true));
  }

  @Test
  void windowAnchorsAreTheLeftmostMinimumOfEachWindow() {
    Random r = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      long[] h = new long[1 + r.nextInt(80)];
      for (int i = 0; i < h.length; i++) {
        h[i] = r.nextInt(6); // many ties
      }
      int w = 1 + r.nextInt(12);
      int[] a = SpanAnchors.windowAnchors(h, w);
      assertEquals(Math.max(0, h.length - w + 1), a.length);
      for (int p = 0; p < a.length; p++) {
        int best = p;
        for (int i = p; i < p + w; i++) {
          if (h[i] < h[best]) {
            best = i;
          }
        }
        assertEquals(best, a[p], "window " + p);
      }
    }
  }

  @Test
  void equalBytesHaveEqualGramHashesWherever() {
    byte[] b = "xx abcdefghij yy abcdefghij".getBytes(StandardCharsets.UTF_8);
    long[] h = SpanAnchors.gramHashes(b, 0, b.length, 5);
    assertEquals(b.length - 4, h.length);
    assertEquals(h[3], h[17]);
    assertEquals(SpanAnchors.gramHashes(b, 17, 22, 5)[0], h[17]);
    assertTrue(h[3] != h[4]);
  }
}
