package org.falconet.spark;

import java.io.IOException;
import java.io.Serializable;
import org.apache.spark.api.java.JavaPairRDD;
import org.falconet.corpus.Document;
import org.falconet.dedup.minhash.MinHashDeduplicator;
import org.falconet.pipeline.Outcome;

/**
 * The cluster form of a whole-corpus stage (a deduplicator): it sees every document that reached
 * it as an RDD and decides, for some of them, what happens to them; the runner applies the
 * decisions part by part with the same accounting as a local {@link org.falconet.pipeline.CorpusStage}.
 * Documents without a decision pass through unchanged.
 *
 * <p>Documents are keyed by {@link DocKeys}: keys sort in corpus order, so "the first of a cluster"
 * is "the smallest key", as the local stages see it.
 *
 * @param <D> a decision: a {@link Removal} for the deduplicators that drop whole documents, the
 *     spans to cut for exact-substring deduplication
 */
public interface ClusterStage<D extends Serializable> extends Serializable {

  /** The stage's name, the same as its local {@code CorpusStage}'s. */
  String name();

  /**
   * The decisions, as {@code (key, decision)}, at most one per document.
   *
   * @param docs every document that reached the stage, as {@code (key, JSONL line)}
   */
  JavaPairRDD<Long, D> decisions(JavaPairRDD<Long, String> docs);

  /**
   * What {@code decision} does to {@code doc} (on the executor that writes the document's part). A
   * {@link Removal} removes it for its reason, with the kept document's id as {@code duplicate_of}
   * when it names one; a stage with decisions of another kind says what they do.
   */
  default Outcome outcome(Document doc, D decision) {
    if (decision instanceof Removal r) {
      return Outcome.removed(r.duplicateOf() == null ? doc : doc.withMeta(MinHashDeduplicator.DUPLICATE_OF, r.duplicateOf()),
          r.reason());
    }
    throw new UnsupportedOperationException("stage " + name() + " does not say what a " + decision.getClass().getSimpleName()
        + " does to a document");
  }

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
