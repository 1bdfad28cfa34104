package org.falconet.model.nd4j;

import static org.falconet.train.TrainableFalconTest.batch;
import static org.falconet.train.TrainableFalconTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.falconet.model.Falcon;
import org.falconet.model.FalconConfig;
import org.falconet.train.AdamW;
import org.falconet.train.LearningRateSchedule;
import org.falconet.train.LoraParams;
import org.falconet.train.PackedSequences;
import org.falconet.train.Parameter;
import org.falconet.train.TrainableFalcon;
import org.falconet.train.Trainer;
import org.falconet.model.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training on ND4J against PyTorch autograd (scripts/train/make_gradient_fixtures.py): loss and every parameter's
 * gradient to 1e-4; and a few trainer steps writing the checkpoint the Java backend writes.
 */
class Nd4jTrainableFalconTest {
  @TempDir
  Path tmp;

  /** Every tensor of a safetensors file, widened to float. */
  static Map<String, float[]> readF32(Path file) throws Exception {
    SafetensorsFile f = SafetensorsFile.open(file);
    Map<String, float[]> m = new java.util.TreeMap<>();
    for (String name : f.entries().keySet()) m.put(name, f.map(name).toFloats());
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"train-7b-style", "train-40b-style", "train-sequential-bias"})
  void lossAndEveryGradientMatchPyTorch(String variant) throws Exception {
    Path dir = fixture(variant);
    JsonNode j = new ObjectMapper().readTree(dir.resolve("batch.json").toFile());
    Nd4jTrainableFalcon model = new Nd4jTrainableFalcon(new TrainableFalcon(Falcon.load(dir)));
    double loss = model.loss(batch(j), true, 1.0);
    assertEquals(j.get("loss").asDouble(), loss, 1e-4);
    Map<String, float[]> expected = readF32(dir.resolve("grads.safetensors"));
    Set<String> seen = new HashSet<>();
    for (Parameter p : model.parameters()) {
      float[] e = expected.get(p.name());
      assertTrue(e != null, "PyTorch has no gradient named " + p.name());
      seen.add(p.name());
      double scale = 0;
      for (float x : e) scale = Math.max(scale, Math.abs(x));
      for (int i = 0; i < e.length; i++) {
        assertEquals(e[i], p.grad()[i], 1e-4 * Math.max(1, scale), p.name() + "[" + i + "]");
      }
    }
    assertEquals(expected.keySet(), seen, "every parameter PyTorch trains is trained here");
  }

  @Test
  void trainingStepsWriteTheCheckpointTheJavaBackendWrites() throws Exception {
    FalconConfig c = FalconConfig.tiny(24, 32, 2, 4);
    List<int[]> docs = new java.util.ArrayList<>();
    for (int d = 0; d < 30; d++) {
      int[] doc = new int[24];
      for (int i = 0; i < doc.length; i++) doc[i] = (d + 3 * i) % 23;
      docs.add(doc);
    }
    PackedSequences data = PackedSequences.pack(docs, 23, 0.1, 2);
    Trainer.Config tc = new Trainer.Config(4, 2, 8, 1, new LearningRateSchedule(3e-3, 3e-4, 1, 4),
        AdamW.Params.LLM_PRETRAINING, 1.0, 0, 0, 3);
    TrainableFalcon java = new TrainableFalcon(TrainableFalcon.initialize(c, 1));
    Nd4jTrainableFalcon nd4j = new Nd4jTrainableFalcon(new TrainableFalcon(TrainableFalcon.initialize(c, 1)));
    List<Trainer.LogLine> javaLog = new Trainer(java, data, tc).train(tmp.resolve("java"), null);
    List<Trainer.LogLine> nd4jLog = new Trainer(nd4j, data, tc).train(tmp.resolve("nd4j"), null);
    for (int s = 0; s < javaLog.size(); s++) {
      assertEquals(javaLog.get(s).trainLoss(), nd4jLog.get(s).trainLoss(), 1e-4, "step " + (s + 1));
    }
    Map<String, float[]> a = readF32(tmp.resolve("java/model.safetensors"));
    Map<String, float[]> b = readF32(tmp.resolve("nd4j/model.safetensors"));
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), 1e-4f, k);
    assertTrue(Files.exists(tmp.resolve("nd4j/optimizer.safetensors")));
    nd4j.save(tmp.resolve("hf"));
    Falcon loaded = Falcon.load(tmp.resolve("hf"));
    int[] ids = {1, 2, 3, 4};
    assertArrayEquals(nd4j.base().model().forward(ids, nd4j.base().model().newCache()),
        loaded.forward(ids, loaded.newCache()), 0f);
  }

  @Test
  void loraAdaptersAreRefused() {
    TrainableFalcon base = new TrainableFalcon(TrainableFalcon.initialize(FalconConfig.tiny(24, 32, 1, 4), 1));
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Nd4jTrainableFalcon(base.withLora(new LoraParams(2, 4, List.of("query_key_value")), 1)));
    assertTrue(e.getMessage().contains("Java backend"), e.getMessage());
  }
}
