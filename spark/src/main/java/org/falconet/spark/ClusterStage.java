package org.falconet.spark;

import java.io.IOException;
import java.io.Serializable;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * The cluster form of a whole-corpus stage (a deduplicator): it sees every document that reached
 * it as an RDD and names the ones to remove; the runner writes the outcome with the same accounting
 * as a local {@link org.falconet.pipeline.CorpusStage}. Kept documents pass through unchanged.
 *
 * <p>Documents are keyed by {@link DocKeys}: keys sort in corpus order, so "the first of a cluster"
 * is "the smallest key", as the local stages see it.
 */
public interface ClusterStage extends Serializable {

  /** The stage's name, the same as its local {@code CorpusStage}'s. */
  String name();

  /**
   * The documents to remove, as {@code (key, removal)}, at most one per document.
   *
   * @param docs every document that reached the stage, as {@code (key, JSONL line)}
   */
  JavaPairRDD<Long, Removal> removals(JavaPairRDD<Long, String> docs);

  /**
   * Called on the driver once the whole run has committed its output, to save what must outlive
   * the run (a URL set shared by the runs of a crawl); nothing by default.
   */
  default void runCommitted() throws IOException {}

  /**
   * Why a document goes: the drop reason, verbatim as the local stage's, and the id of the document
   * kept in its place when the local stage records one (its {@code duplicate_of} metadata), else null.
   */
  record Removal(String reason, String duplicateOf) implements Serializable {
    public Removal {
      java.util.Objects.requireNonNull(reason, "reason");
    }
  }
}
