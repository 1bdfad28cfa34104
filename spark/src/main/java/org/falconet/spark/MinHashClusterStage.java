package org.falconet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaPairRDD;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.dedup.minhash.MinHashDeduplicator;
import org.falconet.pipeline.Reasons;
import scala.Tuple2;

/**
 * MinHash near-duplicate removal at cluster scale (Penedo et al. 2023, section 3.3 and appendix
 * G): band keys computed per partition, shuffled so that documents with the same key for the same
 * band meet, each bucket turned into edges, the edges into clusters by {@link ConnectedComponents},
 * one document kept per cluster by a {@link KeepRule}; the others are removed with the id of the
 * kept one as {@code duplicate_of}. The same clusters as the local deduplicator's union-find over
 * all band collisions.
 *
 * <pre>{@code
 * ClusterStage s = MinHashClusterStage.of(StageCatalog.refinedWeb(), "minhash_dedup");  // the local stage's parameters
 * }</pre>
 */
public final class MinHashClusterStage implements ClusterStage {
  private static final long serialVersionUID = 1L;

  /** The key of each band of a document's signature (band {@code b}'s at index {@code b}), or null when it has none. */
  public interface BandKeys {
    long[] of(Document doc);
  }

  /** Builds the {@link BandKeys} on an executor (the signature code need not be serializable). */
  @FunctionalInterface
  public interface BandKeysFactory extends Serializable {
    BandKeys create();
  }

  private final String name;
  private final String reason;
  private final BandKeysFactory keys;
  private final KeepRule keep;

  /**
   * @param name   the stage name, as the local stage's
   * @param reason the drop reason, verbatim as the local stage's
   */
  public MinHashClusterStage(String name, String reason, BandKeysFactory keys, KeepRule keep) {
    this.name = Reasons.check(name);
    this.reason = Reasons.check(reason);
    this.keys = keys;
    this.keep = keep;
  }

  /**
   * The cluster form of the catalogue's {@link MinHashDeduplicator} called {@code name}: its band
   * keys ({@link MinHashDeduplicator#bandKeys}, with its parameters, normalisation and shingling),
   * its reason and its keep rule ({@link KeepRule#FIRST_IN_CORPUS}).
   */
  public static MinHashClusterStage of(StageCatalog catalog, String name) {
    if (!(catalog.stage(name) instanceof MinHashDeduplicator)) {
      throw new IllegalArgumentException("stage " + name + " is not a MinHashDeduplicator");
    }
    return new MinHashClusterStage(name, MinHashDeduplicator.REASON, () -> {
      MinHashDeduplicator local = (MinHashDeduplicator) catalog.stage(name);
      return doc -> local.bandKeys(doc.content());
    }, KeepRule.FIRST_IN_CORPUS);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public JavaPairRDD<Long, Removal> removals(JavaPairRDD<Long, String> docs) {
    BandKeysFactory factory = keys;
    // ((band, band key), document key): one per band per document, computed as the partition streams by.
    JavaPairRDD<Tuple2<Integer, Long>, Long> buckets = docs.mapPartitionsToPair(it -> new BandRecords(factory.create(), it));
    // Each bucket of two or more documents becomes a star of edges around its smallest member:
    // n - 1 edges, not n^2 pairs, and the same components.
    JavaPairRDD<Long, Long> edges = buckets.groupByKey().flatMapToPair(b -> {
      long min = Long.MAX_VALUE;
      int size = 0;
      for (long m : b._2()) {
        min = Math.min(min, m);
        size++;
      }
      List<Tuple2<Long, Long>> out = new ArrayList<>(Math.max(0, size - 1));
      if (size > 1) {
        for (long m : b._2()) {
          if (m != min) {
            out.add(new Tuple2<>(m, min));
          }
        }
      }
      return out.iterator();
    });
    return removeAllButOne(docs, edges, keep, reason);
  }

  /**
   * Every member of a component but the one {@code keep} chooses, with {@code reason} and the kept
   * document's id as {@code duplicate_of}.
   */
  static JavaPairRDD<Long, Removal> removeAllButOne(JavaPairRDD<Long, String> docs, JavaPairRDD<Long, Long> edges,
      KeepRule keep, String reason) {
    JavaPairRDD<Long, Long> byComponent = ConnectedComponents.of(edges).mapToPair(Tuple2::swap); // (component, node)
    JavaPairRDD<Long, Long> keeper = byComponent.reduceByKey(keep::better); // (component, kept node)
    JavaPairRDD<Long, Long> removedBy = byComponent.join(keeper) // (kept node, removed node)
        .filter(c -> !c._2()._1().equals(c._2()._2()))
        .mapToPair(c -> new Tuple2<>(c._2()._2(), c._2()._1()));
    JavaPairRDD<Long, String> keptIds = keeper.mapToPair(k -> new Tuple2<>(k._2(), Boolean.TRUE))
        .join(docs.mapValues(line -> JsonlCodec.decode(line).id())) // ids shuffled, not texts
        .mapValues(Tuple2::_2); // (kept node, its id)
    return removedBy.join(keptIds).mapToPair(r -> new Tuple2<>(r._2()._1(), new Removal(reason, r._2()._2())));
  }

  /** The (band, key) records of a partition's documents, one document's signature in memory at a time. */
  private static final class BandRecords implements Iterator<Tuple2<Tuple2<Integer, Long>, Long>> {
    private final BandKeys bands;
    private final Iterator<Tuple2<Long, String>> docs;
    private long[] current;
    private long doc;
    private int band;

    BandRecords(BandKeys bands, Iterator<Tuple2<Long, String>> docs) {
      this.bands = bands;
      this.docs = docs;
    }

    @Override
    public boolean hasNext() {
      while ((current == null || band == current.length) && docs.hasNext()) {
        Tuple2<Long, String> d = docs.next();
        current = bands.of(JsonlCodec.decode(d._2()));
        doc = d._1();
        band = 0;
      }
      return current != null && band < current.length;
    }

    @Override
    public Tuple2<Tuple2<Integer, Long>, Long> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Tuple2<Tuple2<Integer, Long>, Long> r = new Tuple2<>(new Tuple2<>(band, current[band]), doc);
      band++;
      return r;
    }
  }
}
