package org.falconet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.falconet.corpus.JsonlCodec;
import org.falconet.pipeline.Reasons;
import scala.Tuple2;

/**
 * MinHash near-duplicate removal at cluster scale (Penedo et al. 2023, section 3.3 and appendix
 * G): band keys computed per partition, shuffled so that documents sharing a band meet, the
 * resulting pairs turned into clusters by {@link ConnectedComponents}, one document kept per cluster
 * by a {@link KeepRule}. The same clusters as a union-find over all band collisions on one machine.
 *
 * <p>The signature itself is not here: {@link BandKeys} is the seam where the local deduplicator's
 * signature code plugs in, so both engines hash identically.
 */
public final class MinHashClusterStage implements ClusterStage {
  private static final long serialVersionUID = 1L;

  /**
   * One key per band of a document's MinHash signature. Keys of different bands must differ (mix
   * the band index into the key), so that only equal bands collide.
   */
  public interface BandKeys {
    long[] of(org.falconet.corpus.Document doc);
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

  @Override
  public String name() {
    return name;
  }

  @Override
  public JavaPairRDD<Long, String> removals(JavaPairRDD<Long, String> docs) {
    BandKeysFactory factory = keys;
    // (band key, document key), one per band per document; the signature code built once per partition.
    JavaPairRDD<Long, Long> buckets = docs.mapPartitionsToPair(it -> {
      BandKeys bands = factory.create();
      List<Tuple2<Long, Long>> out = new ArrayList<>();
      while (it.hasNext()) {
        Tuple2<Long, String> d = it.next();
        for (long k : bands.of(JsonlCodec.decode(d._2()))) {
          out.add(new Tuple2<>(k, d._1()));
        }
      }
      return out.iterator();
    });
    // Each bucket of two or more documents becomes a star of edges around its smallest member:
    // n - 1 edges, not n^2 pairs, and the same components.
    JavaPairRDD<Long, Long> edges = buckets.groupByKey().flatMapToPair(b -> {
      Iterator<Long> it = b._2().iterator();
      long min = Long.MAX_VALUE;
      int size = 0;
      for (long m : b._2()) {
        min = Math.min(min, m);
        size++;
      }
      List<Tuple2<Long, Long>> out = new ArrayList<>(Math.max(0, size - 1));
      if (size > 1) {
        while (it.hasNext()) {
          long m = it.next();
          if (m != min) {
            out.add(new Tuple2<>(m, min));
          }
        }
      }
      return out.iterator();
    });
    return removeAllButOne(edges, keep, reason);
  }

  /** Every member of a component but the one {@code keep} chooses, with {@code reason}. */
  static JavaPairRDD<Long, String> removeAllButOne(JavaPairRDD<Long, Long> edges, KeepRule keep, String reason) {
    JavaPairRDD<Long, Long> byComponent = ConnectedComponents.of(edges).mapToPair(Tuple2::swap); // (component, node)
    JavaPairRDD<Long, Long> keeper = byComponent.reduceByKey(keep::better);
    return byComponent.join(keeper)
        .filter(c -> !c._2()._1().equals(c._2()._2()))
        .mapToPair(c -> new Tuple2<>(c._2()._1(), reason));
  }
}
