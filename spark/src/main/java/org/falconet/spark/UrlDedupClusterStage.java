package org.falconet.spark;

import java.io.Serializable;
import org.apache.spark.api.java.JavaPairRDD;
import org.falconet.corpus.JsonlCodec;
import org.falconet.pipeline.Reasons;
import scala.Tuple2;

/**
 * URL deduplication at cluster scale: documents keyed by their normalised URL, one kept per URL by
 * a {@link KeepRule}, in one shuffle. The normalisation is the seam where the local URL
 * deduplicator's code plugs in ({@link UrlKey}), so both engines agree on what "the same URL" is.
 */
public final class UrlDedupClusterStage implements ClusterStage {
  private static final long serialVersionUID = 1L;

  /** The normalised URL of a document, or {@code null} when it has none (never a duplicate). */
  @FunctionalInterface
  public interface UrlKey extends Serializable {
    String of(org.falconet.corpus.Document doc);
  }

  private final String name;
  private final String reason;
  private final UrlKey key;
  private final KeepRule keep;

  /**
   * @param name   the stage name, as the local stage's
   * @param reason the drop reason, verbatim as the local stage's
   */
  public UrlDedupClusterStage(String name, String reason, UrlKey key, KeepRule keep) {
    this.name = Reasons.check(name);
    this.reason = Reasons.check(reason);
    this.key = key;
    this.keep = keep;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public JavaPairRDD<Long, String> removals(JavaPairRDD<Long, String> docs) {
    UrlKey urlKey = key;
    KeepRule rule = keep;
    String why = reason;
    JavaPairRDD<String, Long> byUrl = docs
        .mapToPair(d -> new Tuple2<>(urlKey.of(JsonlCodec.decode(d._2())), d._1()))
        .filter(t -> t._1() != null);
    JavaPairRDD<String, Long> keeper = byUrl.reduceByKey(rule::better);
    return byUrl.join(keeper)
        .filter(t -> !t._2()._1().equals(t._2()._2()))
        .mapToPair(t -> new Tuple2<>(t._2()._1(), why));
  }
}
