package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.falconet.model.nd4j.Nd4jFalcon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ND4J backend against the PyTorch fixtures of every Falcon variant and against the Java backend: logits to
 * 1e-4, the same greedy ids, incremental decoding equal to a full recompute, and a bfloat16 checkpoint giving the
 * same answer on both backends.
 */
class BackendParityTest {
  static final float TOLERANCE = 1e-4f;

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"falcon-7b-style", "falcon-40b-style", "falcon-rw-style", "falcon-rw-parallel", "falcon-newarch-1ln"})
  void nd4jLogitsMatchPyTorchAndTheJavaBackend(String variant) throws Exception {
    Fixtures.Expected ex = Fixtures.expected(variant);
    CausalLanguageModel nd4j = Backend.ND4J.load(Fixtures.dir(variant));
    CausalLanguageModel java = Backend.JAVA.load(Fixtures.dir(variant));
    float[] got = nd4j.forward(ex.inputIds(), nd4j.newCache());
    float diff = Fixtures.maxAbsDiff(got, ex.logits());
    assertTrue(diff <= TOLERANCE, variant + ": ND4J logits differ from PyTorch by " + diff);
    float javaDiff = Fixtures.maxAbsDiff(got, java.forward(ex.inputIds(), java.newCache()));
    assertTrue(javaDiff <= TOLERANCE, variant + ": ND4J logits differ from the Java backend's by " + javaDiff);
  }

  @ParameterizedTest
  @ValueSource(strings = {"falcon-7b-style", "falcon-40b-style", "falcon-rw-style", "falcon-rw-parallel", "falcon-newarch-1ln"})
  void nd4jGreedyIdsMatchPyTorch(String variant) throws Exception {
    Fixtures.Expected ex = Fixtures.expected(variant);
    CausalLanguageModel model = Backend.ND4J.load(Fixtures.dir(variant));
    CausalLanguageModel.Cache cache = model.newCache();
    int[] got = Fixtures.greedy(model, cache, ex.inputIds(), ex.greedyNewIds().length);
    assertArrayEquals(ex.greedyNewIds(), got, variant);
    assertEquals(ex.inputIds().length + got.length, cache.length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"falcon-7b-style", "falcon-rw-style"})
  void incrementalDecodingEqualsFullRecompute(String variant) throws Exception {
    Fixtures.Expected ex = Fixtures.expected(variant);
    CausalLanguageModel model = Backend.ND4J.load(Fixtures.dir(variant));
    int[] ids = ex.inputIds();
    int V = model.config().vocabSize();
    float[] full = model.forward(ids, model.newCache());                 // [T, V] in one pass
    CausalLanguageModel.Cache cache = model.newCache();
    int split = ids.length / 2;
    float[] first = model.forward(java.util.Arrays.copyOf(ids, split), cache);
    float[] stepwise = new float[full.length];
    System.arraycopy(first, 0, stepwise, 0, first.length);
    for (int t = split; t < ids.length; t++) {                          // then one token at a time
      float[] one = model.forward(new int[] {ids[t]}, cache);
      System.arraycopy(one, 0, stepwise, t * V, V);
    }
    assertTrue(Fixtures.maxAbsDiff(full, stepwise) <= 1e-5f, variant + ": " + Fixtures.maxAbsDiff(full, stepwise));
    cache.truncate(split);                                               // rewinding gives the same again
    float[] again = model.forward(new int[] {ids[split]}, cache);
    float[] expected = java.util.Arrays.copyOfRange(full, split * V, (split + 1) * V);
    assertTrue(Fixtures.maxAbsDiff(expected, again) <= 1e-5f);
  }

  @Test
  void aBf16CheckpointGivesTheSameAnswerOnBothBackends() throws Exception {
    FalconConfig c = FalconConfig.tiny(300, 64, 2, 4);
    ModelBenchmark.writeRandomCheckpoint(c, DType.BF16, tmp, 3);
    int[] ids = {5, 17, 230, 9, 42, 101, 7, 64};
    Falcon java = Falcon.load(tmp);
    assertTrue(java.blocks().get(0).mlp().up().weight().isBf16(), "the Java backend keeps bf16 weights");
    float[] expected = java.forward(ids, java.newCache());
    // float32 on ND4J: the same bf16 values widened, so the same answer up to summation order
    Nd4jFalcon f32 = Nd4jFalcon.load(tmp);
    assertTrue(Fixtures.maxAbsDiff(expected, f32.forward(ids, f32.newCache())) <= TOLERANCE);
    // bfloat16 matrix products (what a GPU runs): activations rounded to bf16 too, 8 bits of mantissa
    Nd4jFalcon bf16 = Nd4jFalcon.load(tmp, DataType.BFLOAT16);
    assertEquals(DataType.BFLOAT16, bf16.weightType());
    float[] got = bf16.forward(ids, bf16.newCache());
    float scale = 0;
    for (float x : expected) scale = Math.max(scale, Math.abs(x));
    float diff = Fixtures.maxAbsDiff(expected, got);
    assertTrue(diff <= 0.02f * scale, "bf16 logits differ by " + diff + " (largest logit " + scale + ")");
    for (int t = 0; t < ids.length; t++) {
      int V = c.vocabSize();
      float top = expected[t * V + Fixtures.argmax(expected, t * V, V)];
      assertTrue(top - expected[t * V + Fixtures.argmax(got, t * V, V)] <= 0.02f * scale, "position " + t);
    }
  }

  @Test
  void theJavaModelsWeightsGiveTheSameLogitsOnNd4j() throws Exception {
    Falcon java = Falcon.load(Fixtures.dir("falcon-40b-style"));
    CausalLanguageModel nd4j = Backend.ND4J.of(java);
    int[] ids = Fixtures.expected("falcon-40b-style").inputIds();
    assertTrue(Fixtures.maxAbsDiff(java.forward(ids, java.newCache()), nd4j.forward(ids, nd4j.newCache())) <= TOLERANCE);
    assertTrue(nd4j.device().startsWith(Backend.cudaBuild() ? "nd4j (GPU" : "nd4j (CPU"), nd4j.device());
    // ND4J holds float32 where the Java backend may keep the fixture's bfloat16 mapped
    assertEquals(java.decodeWeightBytes() * (java.lmHead().isBf16() ? 2 : 1), nd4j.decodeWeightBytes());
  }

  @Test
  void eachBackendRefusesTheOthersCache() throws Exception {
    Falcon java = Falcon.load(Fixtures.dir("falcon-7b-style"));
    CausalLanguageModel nd4j = Backend.ND4J.of(java);
    var e = assertThrows(IllegalArgumentException.class, () -> java.forward(new int[] {1}, nd4j.newCache()));
    assertTrue(e.getMessage().contains("KvCache"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> nd4j.forward(new int[] {1}, java.newCache()));
    assertThrows(IllegalArgumentException.class, () -> nd4j.forward(new int[] {java.config().vocabSize()}, nd4j.newCache()));
  }

  @Test
  void theBackendSwitchParsesAndDefaultsToNd4jOnlyInACudaBuild() {
    assertEquals(Backend.JAVA, Backend.parse("java"));
    assertEquals(Backend.ND4J, Backend.parse("ND4J"));
    assertEquals(Backend.cudaBuild() ? Backend.ND4J : Backend.JAVA, Backend.parse(null), "the build's default");
    var e = assertThrows(IllegalArgumentException.class, () -> Backend.parse("cuda"));
    assertTrue(e.getMessage().contains("java or nd4j"));
    assertEquals(List.of("java", "nd4j"), List.of(Backend.JAVA.toString(), Backend.ND4J.toString()));
  }
}
