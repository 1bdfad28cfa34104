package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our forward pass against the PyTorch reference of modeling_falcon.py on tiny random checkpoints of every
 * variant (fixtures from scripts/model/make_parity_fixtures.py): logits to 1e-4, the same greedy ids.
 */
class ParityTest {
  static final float TOLERANCE = 1e-4f;

  @ParameterizedTest
  @ValueSource(strings = {"falcon-7b-style", "falcon-40b-style", "falcon-rw-style", "falcon-rw-parallel", "falcon-newarch-1ln"})
  void logitsMatchPyTorch(String variant) throws Exception {
    Fixtures.Expected ex = Fixtures.expected(variant);
    Falcon model = Falcon.load(Fixtures.dir(variant));
    float[] fast = model.forward(ex.inputIds(), model.newCache());
    float diff = Fixtures.maxAbsDiff(fast, ex.logits());
    assertTrue(diff <= TOLERANCE, variant + ": optimised logits differ from PyTorch by " + diff);
    float[] ref = model.reference(true).forward(ex.inputIds(), model.newCache());
    float refDiff = Fixtures.maxAbsDiff(ref, ex.logits());
    assertTrue(refDiff <= TOLERANCE, variant + ": reference logits differ from PyTorch by " + refDiff);
  }

  @ParameterizedTest
  @ValueSource(strings = {"falcon-7b-style", "falcon-40b-style", "falcon-rw-style", "falcon-rw-parallel", "falcon-newarch-1ln"})
  void greedyIdsMatchPyTorch(String variant) throws Exception {
    Fixtures.Expected ex = Fixtures.expected(variant);
    Falcon model = Falcon.load(Fixtures.dir(variant));
    KvCache cache = model.newCache();
    int[] got = Fixtures.greedy(model, cache, ex.inputIds(), ex.greedyNewIds().length);
    assertArrayEquals(ex.greedyNewIds(), got, variant);
    assertEquals(ex.inputIds().length + got.length, cache.length());
  }
}
