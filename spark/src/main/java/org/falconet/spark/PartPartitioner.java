package org.falconet.spark;

import org.apache.spark.Partitioner;

/** Sends a {@link DocKeys} key to the partition of its part, so partition {@code i} holds part {@code i}'s documents. */
final class PartPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int parts;

  PartPartitioner(int parts) {
    this.parts = parts;
  }

  @Override
  public int numPartitions() {
    return parts;
  }

  @Override
  public int getPartition(Object key) {
    return DocKeys.part((Long) key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartPartitioner p && p.parts == parts;
  }

  @Override
  public int hashCode() {
    return parts;
  }
}
