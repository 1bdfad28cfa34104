package org.falconet.extract.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * A memo of a pure classification of class/id attribute values: values repeat across a page and a
 * site, so each is classified once. Bounded: past {@link #LIMIT} entries it starts again empty, which
 * only costs time. Thread-safe, as the pipeline extracts pages on several threads.
 */
final class AttributeKinds {
  static final int LIMIT = 50_000;

  private final ConcurrentHashMap<String, Integer> kinds = new ConcurrentHashMap<>();
  private final ToIntFunction<String> classify;

  AttributeKinds(ToIntFunction<String> classify) {
    this.classify = classify;
  }

  /** The value's kind, classified on first sight. */
  int of(String value) {
    Integer known = kinds.get(value);
    if (known != null) {
      return known;
    }
    int k = classify.applyAsInt(value);
    if (kinds.size() >= LIMIT) {
      kinds.clear();
    }
    kinds.put(value, k);
    return k;
  }

  int size() {
    return kinds.size();
  }
}
