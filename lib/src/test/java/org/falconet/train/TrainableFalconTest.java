package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.falconet.model.Falcon;
import org.falconet.model.FalconConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The hand-written backward pass against PyTorch autograd through the reference forward pass
 * (scripts/train/make_gradient_fixtures.py): loss and every parameter's gradient to 1e-4.
 */
public class TrainableFalconTest {
  @TempDir
  Path tmp;

  /** A training fixture's folder (config, weights, batch, PyTorch's loss and gradients); also used by the ND4J tests. */
  public static Path fixture(String name) throws Exception {
    return Path.of(TrainableFalconTest.class.getResource("/train-fixtures/" + name + "/config.json").toURI()).getParent();
  }

  /** A fixture's {@code batch.json} as a batch. */
  public static PackedSequences.Batch batch(JsonNode j) {
    int[] x = new int[j.get("inputs").size()];
    int[] y = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = j.get("inputs").get(i).asInt();
      y[i] = j.get("targets").get(i).asInt();
    }
    return new PackedSequences.Batch(x, y, j.get("batch").asInt(), j.get("seq_len").asInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"train-7b-style", "train-40b-style", "train-sequential-bias"})
  void lossAndEveryGradientMatchPyTorch(String variant) throws Exception {
    Path dir = fixture(variant);
    JsonNode j = new ObjectMapper().readTree(dir.resolve("batch.json").toFile());
    TrainableFalcon model = new TrainableFalcon(Falcon.load(dir));
    double loss = model.loss(batch(j), true, 1.0);
    assertEquals(j.get("loss").asDouble(), loss, 1e-4);
    Map<String, float[]> expected = TrainingCheckpoint.readF32(dir.resolve("grads.safetensors"));
    Set<String> seen = new HashSet<>();
    for (Parameter p : model.parameters()) {
      float[] e = expected.get(p.name());
      assertTrue(e != null, "PyTorch has no gradient named " + p.name());
      seen.add(p.name());
      double scale = 0;
      for (float x : e) {
        scale = Math.max(scale, Math.abs(x));
      }
      for (int i = 0; i < e.length; i++) {
        assertEquals(e[i], p.grad()[i], 1e-4 * Math.max(1, scale), p.name() + "[" + i + "]");
      }
    }
    assertEquals(expected.keySet(), seen, "every parameter PyTorch trains is trained here");
  }

  @Test
  void gradientsMatchFiniteDifferencesForEveryParameterKind() throws Exception {
    Path dir = fixture("train-sequential-bias");
    JsonNode j = new ObjectMapper().readTree(dir.resolve("batch.json").toFile());
    TrainableFalcon model = new TrainableFalcon(Falcon.load(dir));
    PackedSequences.Batch b = batch(j);
    model.loss(b, true, 1.0);
    Set<String> kinds = new HashSet<>();
    for (Parameter p : model.parameters()) {
      String kind = p.name().replaceAll("\\.\\d+\\.", ".N.");
      if (!kinds.add(kind)) {
        continue;
      }
      for (int idx : new int[] {0, p.size() / 2, p.size() - 1}) {
        float keep = p.value()[idx];
        double h = 1e-2;
        p.value()[idx] = (float) (keep + h);
        double up = model.loss(b, false, 1);
        p.value()[idx] = (float) (keep - h);
        double down = model.loss(b, false, 1);
        p.value()[idx] = keep;
        assertEquals((up - down) / (2 * h), p.grad()[idx], 2e-3, p.name() + "[" + idx + "]");
      }
    }
    assertTrue(kinds.size() >= 14, "checked " + kinds);
  }

  @ParameterizedTest
  @ValueSource(strings = {"F16", "BF16", "Q8_0"})
  void aCheckpointStoredInHalvesOrQ8TrainsOnItsWidenedWeights(String type) throws Exception {
    FalconConfig c = FalconConfig.tiny(40, 32, 2, 4);
    Path file = tmp.resolve("tiny-" + type + ".gguf");
    org.falconet.model.GgufExport.write(TrainableFalcon.initialize(c, 9), org.falconet.gguf.GgmlType.valueOf(type), null, file);
    Falcon stored = Falcon.load(file);
    assertTrue(stored.blocks().get(0).mlp().up().weight().data() == null, "the loaded model keeps " + type);
    TrainableFalcon t = new TrainableFalcon(stored);
    assertTrue(t.model().blocks().get(0).mlp().up().weight().data() != null, "training runs on float32");
    // Independent truth: the mean next-token cross-entropy of the inference forward on the stored weights.
    int[] in = {1, 2, 3, 4, 5, 6};
    int[] target = {2, 3, 4, 5, 6, 7};
    float[] logits = stored.forward(in, stored.newCache());
    int V = c.vocabSize();
    double expected = 0;
    for (int i = 0; i < in.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < V; v++) max = Math.max(max, logits[i * V + v]);
      double z = 0;
      for (int v = 0; v < V; v++) z += Math.exp(logits[i * V + v] - max);
      expected += Math.log(z) + max - logits[i * V + target[i]];
    }
    expected /= in.length;
    double loss = t.loss(new PackedSequences.Batch(in, target, 1, 6), true, 1);
    assertEquals(expected, loss, 1e-5 * expected, type);
  }

  @Test
  void aTrainedCheckpointLoadsAsAnyFalconAndGivesTheSameLogits() throws Exception {
    FalconConfig c = FalconConfig.tiny(40, 32, 2, 4);
    TrainableFalcon t = new TrainableFalcon(TrainableFalcon.initialize(c, 5));
    PackedSequences.Batch b = new PackedSequences.Batch(new int[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3, 4, 5, 6, 7}, 1, 6);
    AdamW opt = new AdamW(t.parameters(), AdamW.Params.LLM_PRETRAINING);
    for (int s = 0; s < 3; s++) {
      t.parameters().forEach(Parameter::zeroGrad);
      t.loss(b, true, 1);
      opt.step(1e-2);
    }
    t.save(tmp.resolve("ckpt"));
    Falcon loaded = Falcon.load(tmp.resolve("ckpt"));
    float[] expected = t.model().forward(b.inputs(), t.model().newCache());
    assertArrayEquals(expected, loaded.forward(b.inputs(), loaded.newCache()), 0f);
  }

  @Test
  void trainingTheTinyFalconLearnsAPattern() throws Exception {
    FalconConfig c = FalconConfig.tiny(24, 32, 2, 4);
    TrainableFalcon t = new TrainableFalcon(TrainableFalcon.initialize(c, 1));
    List<int[]> docs = new java.util.ArrayList<>();
    for (int d = 0; d < 60; d++) {
      int[] doc = new int[24];
      for (int i = 0; i < doc.length; i++) {
        doc[i] = (d + 3 * i) % 23;                 // a counting pattern the model can learn
      }
      docs.add(doc);
    }
    PackedSequences data = PackedSequences.pack(docs, 23, 0.1, 2);
    Trainer trainer = new Trainer(t, data, new Trainer.Config(40, 4, 16, 1,
        new LearningRateSchedule(3e-3, 3e-4, 5, 40), AdamW.Params.LLM_PRETRAINING, 1.0, 0, 0, 3));
    double before = trainer.validationLoss();
    List<Trainer.LogLine> log = trainer.train(null, null);
    double after = log.get(log.size() - 1).validationLoss();
    assertTrue(before > 2.9 && after < 0.5 * before, "validation loss " + before + " -> " + after);
  }
}
