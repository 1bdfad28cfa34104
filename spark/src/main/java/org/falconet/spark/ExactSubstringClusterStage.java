package org.falconet.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.dedup.exact.ExactSubstringDeduplicator;
import org.falconet.pipeline.Outcome;
import scala.Tuple2;

/**
 * Exact-substring deduplication on a cluster, with the local stage's exact result
 * ({@link ExactSubstringDeduplicator}: every position whose window of {@code k = minSpanBytes}
 * bytes occurs again anywhere in the corpus starts a removed span) and no corpus-wide suffix array:
 * no machine, the driver included, ever holds more than one group of candidate copies.
 *
 * <p><b>Why it is exact.</b> Each window is represented by one anchor, its {@link SpanAnchors
 * winnowing} gram of smallest hash, chosen from the window's bytes alone; equal windows have equal
 * anchors at equal offsets. So every copy of a repeated window has its anchor among the anchors whose
 * hash occurs twice or more, and a group of anchors with one hash holds every copy of every window
 * anchored in it. Within a group the windows are compared byte for byte: a hash collision costs work,
 * never a wrong cut.
 *
 * <p><b>Steps</b> (three shuffles, none through the driver):
 * <ol>
 *   <li>each document's anchors, {@code (hash, document key, offset)}, grouped by hash; the
 *       anchors of hashes seen twice or more are the candidates (about {@code 2 / (k - t + 2)} of
 *       the positions are anchors, about 1% with {@code k = 200}, {@code t = 32});
 *   <li>the candidates go back to their documents' parts (sorted, merged with the part as it is
 *       read again), which send each candidate's context, the bytes of every window it can anchor
 *       ({@code 2k - t} bytes at most), to the group of its hash; a group compares the windows each
 *       candidate anchors and marks every window that occurs twice or more (all but the first in
 *       corpus order with {@code keepFirst});
 *   <li>the marks are gathered per document (its span starts) and the local stage's cut, with its
 *       character-boundary rule and its 20-character drop, is applied where the part is written.
 * </ol>
 * Shuffled: about 20 bytes per anchor (~0.25 bytes per corpus byte), plus contexts (~2k bytes) for
 * candidate anchors only, plus 4 bytes per marked position. A group's memory is its copies' contexts:
 * a boilerplate span on a million pages is a group of ~400 MB.
 *
 * <p>The documents must come as the runner gives them: partition {@code i} holds part {@code i}'s
 * documents in key order (they are read twice, once per pass, rather than shuffled).
 */
public final class ExactSubstringClusterStage implements ClusterStage<ExactSubstringClusterStage.SpanStarts> {
  private static final long serialVersionUID = 1L;

  /** A document's marked span starts, byte offsets into its UTF-8 content, ascending. */
  public record SpanStarts(int[] starts) implements Serializable {}

  /** A candidate anchor's context: document, the offset of its first byte, the anchor's offset, its bytes. */
  private record Context(long key, int from, int anchor, byte[] bytes) implements Serializable {}

  private final int minSpanBytes;
  private final int minKeptChars;
  private final boolean keepFirst;

  /** The cluster form of {@code local}, with its parameters. */
  public ExactSubstringClusterStage(ExactSubstringDeduplicator local) {
    this.minSpanBytes = local.params().minSpanBytes();
    this.minKeptChars = local.params().minKeptChars();
    this.keepFirst = local.params().keepFirst();
  }

  @Override
  public String name() {
    return "exact_substring_dedup";
  }

  private ExactSubstringDeduplicator local() {
    return new ExactSubstringDeduplicator(new ExactSubstringDeduplicator.Params(minSpanBytes, minKeptChars, keepFirst,
        ExactSubstringDeduplicator.Params.PAPER.chunkBytes()));
  }

  @Override
  public Outcome outcome(Document doc, SpanStarts decision) {
    return local().cut(doc, decision.starts());
  }

  @Override
  public JavaPairRDD<Long, SpanStarts> decisions(JavaPairRDD<Long, String> docs) {
    int k = minSpanBytes;
    int t = SpanAnchors.gram(k);
    int w = k - t + 1;
    boolean first = keepFirst;
    int parts = docs.getNumPartitions();
    HashPartitioner groups = new HashPartitioner(Math.max(docs.context().defaultParallelism(), 2 * parts));

    // 1. Anchors by hash; the candidates are those of hashes seen twice or more.
    JavaPairRDD<Long, Integer> candidates = docs
        .flatMapToPair(d -> anchors(d._1(), JsonlCodec.decode(d._2()).content().getBytes(UTF_8), t, w))
        .groupByKey(groups)
        .flatMapToPair(g -> {
          List<Tuple2<Long, Integer>> out = new ArrayList<>();
          Iterator<long[]> it = g._2().iterator();
          long[] one = it.next();
          if (it.hasNext()) {
            out.add(new Tuple2<>(one[0], (int) one[1]));
            it.forEachRemaining(a -> out.add(new Tuple2<>(a[0], (int) a[1])));
          }
          return out.iterator();
        })
        .repartitionAndSortWithinPartitions(new PartPartitioner(parts));

    // 2. Contexts of the candidates, from the parts read again; windows compared within each group.
    JavaPairRDD<Long, int[]> marks = docs
        .zipPartitions(candidates, (ds, cs) -> contexts(ds, cs, k, t).iterator())
        .mapToPair(c -> c)
        .groupByKey(groups)
        .mapPartitionsToPair(gs -> {
          Map<Long, IntList> byDoc = new HashMap<>();
          gs.forEachRemaining(g -> repeatedWindows(g._2(), k, t, first, byDoc));
          List<Tuple2<Long, int[]>> out = new ArrayList<>();
          byDoc.forEach((key, list) -> out.add(new Tuple2<>(key, list.toArray())));
          return out.iterator();
        });

    // 3. A document's span starts, wherever they were found.
    return marks.reduceByKey(ExactSubstringClusterStage::concat).mapValues(s -> {
      int[] sorted = s.clone();
      Arrays.sort(sorted);
      return new SpanStarts(sorted);
    });
  }

  /** A document's distinct anchors as {@code (hash, [key, offset])}. */
  private static Iterator<Tuple2<Long, long[]>> anchors(long key, byte[] b, int t, int w) {
    long[] h = SpanAnchors.gramHashes(b, 0, b.length, t);
    int[] a = SpanAnchors.windowAnchors(h, w);
    List<Tuple2<Long, long[]>> out = new ArrayList<>();
    int last = -1;
    for (int x : a) {
      if (x != last) {
        out.add(new Tuple2<>(h[x], new long[] {key, x}));
        last = x;
      }
    }
    return out.iterator();
  }

  /** Merges a part's documents (in key order) with its candidates (sorted): each candidate's context by hash. */
  private static List<Tuple2<Long, Context>> contexts(Iterator<Tuple2<Long, String>> docs,
      Iterator<Tuple2<Long, Integer>> candidates, int k, int t) {
    List<Tuple2<Long, Context>> out = new ArrayList<>();
    Tuple2<Long, Integer> c = candidates.hasNext() ? candidates.next() : null;
    long previous = Long.MIN_VALUE;
    while (c != null && docs.hasNext()) {
      Tuple2<Long, String> d = docs.next();
      if (d._1() <= previous) {
        throw new IllegalStateException("exact_substring_dedup: documents not in key order within their part");
      }
      previous = d._1();
      if (c._1() != d._1().longValue()) {
        continue;
      }
      byte[] b = JsonlCodec.decode(d._2()).content().getBytes(UTF_8);
      while (c != null && c._1() == d._1().longValue()) {
        int a = c._2();
        int from = Math.max(0, a - (k - t));
        int to = Math.min(b.length, a + k);
        long hash = SpanAnchors.gramHashes(b, a, a + t, t)[0];
        out.add(new Tuple2<>(hash, new Context(c._1(), from, a, Arrays.copyOfRange(b, from, to))));
        c = candidates.hasNext() ? candidates.next() : null;
      }
    }
    if (c != null) {
      throw new IllegalStateException("exact_substring_dedup: candidate in document key " + c._1()
          + ", not in this partition (documents must be partitioned by part)");
    }
    return out;
  }

  /**
   * One group of candidate contexts (anchors of one hash): the windows each context's anchor anchors,
   * compared byte for byte; the starts of windows occurring twice or more added to {@code byDoc}.
   */
  private static void repeatedWindows(Iterable<Context> group, int k, int t, boolean keepFirst, Map<Long, IntList> byDoc) {
    int w = k - t + 1;
    Map<Window, List<long[]>> copies = new HashMap<>();
    for (Context c : group) {
      long[] h = SpanAnchors.gramHashes(c.bytes(), 0, c.bytes().length, t);
      int[] a = SpanAnchors.windowAnchors(h, w);
      for (int p = 0; p < a.length; p++) {
        if (c.from() + a[p] == c.anchor()) {
          copies.computeIfAbsent(new Window(c.bytes(), p, k), x -> new ArrayList<>()).add(new long[] {c.key(), c.from() + p});
        }
      }
    }
    for (List<long[]> same : copies.values()) {
      if (same.size() < 2) {
        continue;
      }
      long[] firstCopy = same.get(0);
      for (long[] s : same) {
        if (s[0] < firstCopy[0] || (s[0] == firstCopy[0] && s[1] < firstCopy[1])) {
          firstCopy = s;
        }
      }
      for (long[] s : same) {
        if (!(keepFirst && s == firstCopy)) {
          byDoc.computeIfAbsent(s[0], x -> new IntList()).add((int) s[1]);
        }
      }
    }
  }

  /** {@code k} bytes of a context, compared by content. */
  private record Window(byte[] bytes, int from, int k) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Window x && Arrays.equals(bytes, from, from + k, x.bytes, x.from, x.from + k);
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (int i = from; i < from + k; i++) {
        h = 31 * h + bytes[i];
      }
      return h;
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A growable list of ints. */
  private static final class IntList {
    private int[] values = new int[8];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
