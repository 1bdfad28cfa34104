package org.falconet.spark;

import java.io.Serializable;
import org.falconet.dedup.minhash.MinHashDeduplicator;

/**
 * Which document of a duplicate cluster survives, as a choice between two {@link DocKeys} keys;
 * it must be associative and commutative, so that a cluster of any size is decided by a
 * distributed reduce without ever being gathered in one place.
 */
@FunctionalInterface
public interface KeepRule extends Serializable {

  /**
   * The local deduplicators' rule, {@link MinHashDeduplicator#survivor}: the document met first in
   * corpus order survives (the URL deduplicator's seen-set keeps the first too).
   */
  KeepRule FIRST_IN_CORPUS = MinHashDeduplicator::survivor;

  /** The key of the document to keep of {@code a} and {@code b}. */
  long better(long a, long b);
}
