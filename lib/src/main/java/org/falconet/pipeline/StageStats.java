package org.falconet.pipeline;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one stage did to the documents that reached it: counts, bytes, removals by reason and time.
 * Mutable while a shard is processed, merged across shards; {@code docsIn == kept + removed} always.
 */
public final class StageStats {
  public String stage;
  public long docsIn;
  public long bytesIn;
  public long kept;
  public long bytesKept;
  public TreeMap<String, Long> removedByReason = new TreeMap<>();
  public long nanos;

  public StageStats() {}

  public StageStats(String stage) {
    this.stage = stage;
  }

  /** Documents this stage removed, all reasons together. */
  public long removed() {
    return removedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Counts one decision of this stage on a document that had {@code bytesBefore} bytes when it arrived. */
  public void record(Outcome outcome, long bytesBefore) {
    docsIn++;
    bytesIn += bytesBefore;
    if (outcome instanceof Outcome.Removed r) {
      removedByReason.merge(r.reason(), 1L, Long::sum);
    } else {
      kept++;
      bytesKept += outcome.document().contentBytes();
    }
  }

  /** Adds another shard's (or part's) counts and time to these. */
  public void add(StageStats other) {
    docsIn += other.docsIn;
    bytesIn += other.bytesIn;
    kept += other.kept;
    bytesKept += other.bytesKept;
    other.removedByReason.forEach((k, v) -> removedByReason.merge(k, v, Long::sum));
    nanos += other.nanos;
  }

  StageStats copy() {
    StageStats c = new StageStats(stage);
    c.add(this);
    return c;
  }

  /** Removals by reason, read-only. */
  public Map<String, Long> removals() {
    return java.util.Collections.unmodifiableMap(removedByReason);
  }

  /**
   * Runs {@code stage} on {@code doc}, timing it and recording its decision here. A stage that throws
   * or returns no outcome fails the run with a message naming the stage and the document.
   */
  public Outcome apply(DocumentStage stage, org.falconet.corpus.Document doc) {
    long bytes = doc.contentBytes();
    long t0 = System.nanoTime();
    Outcome out;
    try {
      out = stage.apply(doc);
    } catch (RuntimeException e) {
      throw new IllegalStateException("stage " + stage.name() + " failed on document " + doc.id() + ": " + e, e);
    }
    nanos += System.nanoTime() - t0;
    if (out == null) {
      throw new IllegalStateException("stage " + stage.name() + " returned no outcome for document " + doc.id());
    }
    record(out, bytes);
    return out;
  }
}
