package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.falconet.model.Falcon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraTest {
  @TempDir
  Path tmp;

  private static final int[] TOKENS = {3, 14, 15, 9, 26, 5, 35, 8};

  static Path fixture() throws Exception {
    return TrainableFalconTest.fixture("lora-7b-style");
  }

  private static TrainableFalcon withFixtureAdapters(Path dir) throws Exception {
    JsonNode j = new ObjectMapper().readTree(dir.resolve("batch.json").toFile());
    TrainableFalcon lora = new TrainableFalcon(Falcon.load(dir))
        .withLora(new LoraParams(j.get("rank").asInt(), j.get("alpha").asDouble(), LoraParams.ALL_LINEARS), 1);
    lora.loadAdapter(dir.resolve("adapter"));
    return lora;
  }

  @Test
  void adapterGradientsAndMaskedLossMatchPyTorch() throws Exception {
    Path dir = fixture();
    JsonNode j = new ObjectMapper().readTree(dir.resolve("batch.json").toFile());
    TrainableFalcon lora = withFixtureAdapters(dir);
    double loss = lora.loss(TrainableFalconTest.batch(j), true, 1.0);
    assertEquals(j.get("loss").asDouble(), loss, 1e-4);
    Map<String, float[]> expected = TrainingCheckpoint.readF32(dir.resolve("grads.safetensors"));
    assertEquals(expected.keySet(), lora.parameters().stream().map(Parameter::name).collect(java.util.stream.Collectors.toSet()),
        "only the adapters train, under PEFT's names");
    for (Parameter p : lora.parameters()) {
      float[] e = expected.get(p.name());
      for (int i = 0; i < e.length; i++) {
        assertEquals(e[i], p.grad()[i], 1e-4, p.name() + "[" + i + "]");
      }
    }
  }

  @Test
  void mergedWeightsGiveTheUnmergedLogits() throws Exception {
    TrainableFalcon lora = withFixtureAdapters(fixture());
    float[] unmerged = lora.logits(TOKENS);
    lora.save(tmp.resolve("merged"));
    Falcon merged = Falcon.load(tmp.resolve("merged"));
    float[] logits = merged.forward(TOKENS, merged.newCache());
    assertArrayEquals(unmerged, logits, 1e-5f);
    // And the adapters really change the model.
    float[] base = new TrainableFalcon(Falcon.load(fixture())).logits(TOKENS);
    assertTrue(java.util.stream.IntStream.range(0, base.length).anyMatch(i -> Math.abs(base[i] - unmerged[i]) > 1e-3));
  }

  @Test
  void zeroBOrRankZeroIsExactlyTheBaseModel() throws Exception {
    float[] base = new TrainableFalcon(Falcon.load(fixture())).logits(TOKENS);
    TrainableFalcon fresh = new TrainableFalcon(Falcon.load(fixture())).withLora(LoraParams.DEFAULT, 3);  // B starts at 0
    assertArrayEquals(base, fresh.logits(TOKENS), 0f);
    TrainableFalcon rank0 = new TrainableFalcon(Falcon.load(fixture())).withLora(new LoraParams(0, 16, LoraParams.ALL_LINEARS), 3);
    assertEquals(List.of(), rank0.parameters());
    assertArrayEquals(base, rank0.logits(TOKENS), 0f);
  }

  @Test
  void adaptersRoundTripThroughThePeftLayout() throws Exception {
    TrainableFalcon lora = withFixtureAdapters(fixture());
    LoraParams p = new LoraParams(4, 8, LoraParams.ALL_LINEARS);
    lora.saveAdapter(tmp.resolve("peft"), p, "falconet-test");
    JsonNode cfg = new ObjectMapper().readTree(tmp.resolve("peft/adapter_config.json").toFile());
    assertEquals("LORA", cfg.get("peft_type").asText());
    assertEquals(4, cfg.get("r").asInt());
    TrainableFalcon again = new TrainableFalcon(Falcon.load(fixture())).withLora(p, 99);
    again.loadAdapter(tmp.resolve("peft"));
    assertArrayEquals(lora.logits(TOKENS), again.logits(TOKENS), 0f);
  }

  @Test
  void baseWeightsStayFrozenWhileAdaptersLearn() throws Exception {
    Falcon base = Falcon.load(fixture());
    float[] before = base.blocks().get(0).attn().qkv().weight().data().clone();
    TrainableFalcon lora = new TrainableFalcon(base).withLora(LoraParams.DEFAULT, 1);
    PackedSequences.Batch b = new PackedSequences.Batch(TOKENS, new int[] {-1, -1, -1, -1, 5, 35, 8, 9}, 1, 8);
    AdamW opt = new AdamW(lora.parameters(), AdamW.Params.LLM_PRETRAINING);
    double first = lora.loss(b, true, 1);
    for (int s = 0; s < 30; s++) {
      lora.parameters().forEach(Parameter::zeroGrad);
      lora.loss(b, true, 1);
      opt.step(1e-2);
    }
    assertArrayEquals(before, base.blocks().get(0).attn().qkv().weight().data(), 0f);
    assertTrue(lora.loss(b, false, 1) < 0.5 * first, "the adapters fit the response tokens");
  }
}
