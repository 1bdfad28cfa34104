package org.falconet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.falconet.model.Falcon;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Log-likelihoods from the KV-cache-sharing scorer against ones computed from PyTorch's logits for
 * the model parity fixtures (scripts/model/make_parity_fixtures.py): the same sums to 1e-4.
 */
class FalconLanguageModelTest {

  static Path fixture(String name) throws Exception {
    return Path.of(FalconLanguageModelTest.class.getResource("/model-fixtures/" + name + "/config.json").toURI()).getParent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"falcon-7b-style", "falcon-40b-style", "falcon-rw-style"})
  void continuationLogLikelihoodsEqualPyTorchs(String variant) throws Exception {
    Path dir = fixture(variant);
    JsonNode meta = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    int[] ids = new int[meta.get("input_ids").size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = meta.get("input_ids").get(i).asInt();
    }
    int V = meta.get("logits_shape").get(1).asInt();
    float[] torch = new float[ids.length * V];
    ByteBuffer.wrap(Files.readAllBytes(dir.resolve("expected_logits.f32"))).order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer().get(torch);
    Falcon model = Falcon.load(dir);
    FalconLanguageModel lm = new FalconLanguageModel(model, s -> new int[0], 11, 2048);

    int[] context = java.util.Arrays.copyOf(ids, 5);
    int[] contA = java.util.Arrays.copyOfRange(ids, 5, 9);               // the continuation PyTorch saw
    int[] contB = new int[] {ids[5], (ids[6] + 1) % V};                  // a different one, for the cache reset
    List<LanguageModel.Continuation> got = lm.scoreContinuations(context, List.of(contA, contB, contA));

    double expectedA = 0;
    for (int i = 5; i < 9; i++) {
      expectedA += FalconLanguageModel.logSoftmax(torch, (i - 1) * V, V, ids[i]);   // logits row i-1 predicts ids[i]
    }
    assertEquals(expectedA, got.get(0).logLikelihood(), 1e-4);
    assertEquals(got.get(0).logLikelihood(), got.get(2).logLikelihood(), 1e-9, "the cache is reset between continuations");
    double expectedFirstB = FalconLanguageModel.logSoftmax(torch, 4 * V, V, ids[5]);
    assertTrue(got.get(1).logLikelihood() < expectedFirstB + 1e-6);
    // The shared-context path and the plain full-sequence path agree.
    List<LanguageModel.Continuation> plain = new LanguageModel() {
      public int[] encode(String t) { return new int[0]; }
      public int endOfTextToken() { return 11; }
      public int maxLength() { return 2048; }
      public TokenScores score(int[] tokens) { return lm.score(tokens); }
    }.scoreContinuations(context, List.of(contA, contB));
    assertEquals(plain.get(0).logLikelihood(), got.get(0).logLikelihood(), 1e-4);
    assertEquals(plain.get(1).logLikelihood(), got.get(1).logLikelihood(), 1e-4);
    assertEquals(plain.get(1).greedy(), got.get(1).greedy());
  }
}
