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

  void record(Outcome outcome, long bytesBefore) {
    docsIn++;
    bytesIn += bytesBefore;
    if (outcome instanceof Outcome.Removed r) {
      removedByReason.merge(r.reason(), 1L, Long::sum);
    } else {
      kept++;
      bytesKept += outcome.document().contentBytes();
    }
  }

  void add(StageStats other) {
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
}
