package org.falconet.spark;

import java.io.Serializable;
import org.apache.spark.HashPartitioner;
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
 * ClusterStage<ClusterStage.Removal> s = MinHashClusterStage.of(StageCatalog.refinedWeb(), "minhash_dedup");  // the local stage's parameters
 * }</pre>
 */
public final class MinHashClusterStage implements ClusterStage<ClusterStage.Removal> {
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
  public JavaPairRDD<Long, Removal> decisions(JavaPairRDD<Long, String> docs) {
    BandKeysFactory factory = keys;
    // Bucket records (band, band key, document key), one per band per document, computed as the
    // partition streams by and shuffled as primitive blocks routed by bucket: 24 bytes a record,
    // where a Java-serialised tuple of boxed numbers takes several times that.
    int reducers = Math.max(docs.context().defaultParallelism(), 2 * docs.getNumPartitions());
    JavaPairRDD<Long, Long> edges = docs
        .mapPartitionsToPair(it -> new BucketBlocks(factory.create(), it, reducers))
        .partitionBy(new HashPartitioner(reducers))
        .mapPartitionsToPair(BucketBlocks::stars);
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
}
