package org.falconet.extract.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The attribute-kind memo: classifies a value once, answers as the classifier would, stays bounded. */
class AttributeKindsTest {
  @Test
  void classifiesEachValueOnceAndAnswersAsTheClassifier() {
    AtomicInteger calls = new AtomicInteger();
    AttributeKinds kinds = new AttributeKinds(v -> {
      calls.incrementAndGet();
      return v.length();
    });
    assertEquals(7, kinds.of("sidebar"));
    assertEquals(7, kinds.of("sidebar"));
    assertEquals(3, kinds.of("nav"));
    assertEquals(2, calls.get());
  }

  @Test
  void staysBoundedAndStillRight() {
    AttributeKinds kinds = new AttributeKinds(v -> v.hashCode() & 3);
    for (int i = 0; i < 3 * AttributeKinds.LIMIT; i++) {
      String v = "c" + i;
      assertEquals(v.hashCode() & 3, kinds.of(v));
      assertTrue(kinds.size() <= AttributeKinds.LIMIT);
    }
  }
}
