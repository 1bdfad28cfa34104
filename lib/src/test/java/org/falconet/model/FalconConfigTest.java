package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** config.json parsing with transformers' rules, and the published shapes. */
class FalconConfigTest {
  static FalconConfig parse(String json) throws Exception {
    return FalconConfig.fromJson(new ObjectMapper().readTree(json));
  }

  @Test
  void falcon7bConfigJsonAsPublished() throws Exception {
    // tiiuae/falcon-7b config.json (current falcon names).
    FalconConfig c = parse("""
        {"alibi": false, "apply_residual_connection_post_layernorm": false, "architectures": ["FalconForCausalLM"],
         "attention_dropout": 0.0, "bias": false, "bos_token_id": 11, "eos_token_id": 11, "hidden_dropout": 0.0,
         "hidden_size": 4544, "initializer_range": 0.02, "layer_norm_epsilon": 1e-05, "model_type": "falcon",
         "multi_query": true, "new_decoder_architecture": false, "num_attention_heads": 71, "num_hidden_layers": 32,
         "parallel_attn": true, "torch_dtype": "bfloat16", "vocab_size": 65024}""");
    assertEquals(FalconConfig.falcon7b(), c);
    assertEquals(1, c.numKvHeads());
    assertEquals(64, c.headDim());
    assertEquals(4544 + 2 * 64, c.qkvOutDim());
    assertEquals(FalconConfig.QkvLayout.MULTI_QUERY, c.qkvLayout());
    // 6,921,720,704 parameters, as the Hugging Face model card's safetensors metadata reports.
    assertEquals(6_921_720_704L, c.parameterCount());
  }

  @Test
  void legacyRefinedWebNamesFor40b() throws Exception {
    // The original tiiuae/falcon-40b config.json: model_type RefinedWeb implies the new decoder architecture.
    FalconConfig c = parse("""
        {"model_type": "RefinedWeb", "n_embed": 8192, "n_head": 128, "n_head_kv": 8, "n_layer": 60,
         "alibi": false, "bias": false, "parallel_attn": true, "vocab_size": 65024, "layer_norm_epsilon": 1e-05}""");
    assertTrue(c.newDecoderArchitecture());
    assertTrue(c.twoLayerNorms());
    assertEquals(8, c.numKvHeads());
    assertEquals((128 + 16) * 64, c.qkvOutDim());
    assertEquals(FalconConfig.QkvLayout.GROUPED, c.qkvLayout());
    assertEquals(FalconConfig.falcon40b(), c);
  }

  @Test
  void multiQueryOverridesKvHeadsWithoutNewArchitecture() throws Exception {
    FalconConfig c = parse("""
        {"hidden_size": 64, "num_attention_heads": 4, "num_kv_heads": 4, "num_hidden_layers": 1, "vocab_size": 10,
         "multi_query": true, "new_decoder_architecture": false}""");
    assertEquals(1, c.numKvHeads());
  }

  @Test
  void classicMultiHeadHasOneKvHeadPerQueryHead() throws Exception {
    FalconConfig c = parse("""
        {"model_type": "RefinedWebModel", "n_embed": 2048, "n_head": 32, "n_layer": 24, "vocab_size": 50304,
         "alibi": true, "bias": true, "multi_query": false, "parallel_attn": false}""");
    assertEquals(32, c.numKvHeads());
    assertEquals(3 * 2048, c.qkvOutDim());
    assertEquals(FalconConfig.QkvLayout.INTERLEAVED, c.qkvLayout());
    assertFalse(c.newDecoderArchitecture());
    assertEquals(FalconConfig.falconRw1b().withVocabSize(50304).hiddenSize(), c.hiddenSize());
    assertTrue(c.alibi() && c.bias() && !c.parallelAttn());
  }

  @Test
  void ropeThetaFfnEpsAndTyingAreRead() throws Exception {
    FalconConfig c = parse("""
        {"hidden_size": 64, "num_attention_heads": 4, "num_hidden_layers": 1, "vocab_size": 10, "rope_theta": 500000.0,
         "ffn_hidden_size": 100, "layer_norm_epsilon": 1e-3, "tie_word_embeddings": false, "num_kv_heads": 2,
         "new_decoder_architecture": true, "num_ln_in_parallel_attn": 1}""");
    assertEquals(500000.0, c.ropeTheta());
    assertEquals(100, c.ffnHiddenSize());
    assertEquals(1e-3, c.layerNormEpsilon());
    assertFalse(c.tieWordEmbeddings());
    assertFalse(c.twoLayerNorms());
  }

  @Test
  void roundTripsThroughOurJson() throws Exception {
    for (FalconConfig c : new FalconConfig[] {FalconConfig.falcon7b(), FalconConfig.falcon40b(), FalconConfig.falconRw1b(),
        FalconConfig.tiny(100, 32, 2, 4)}) {
      assertEquals(c, parse(c.toJson()));
    }
  }

  @Test
  void badConfigsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> parse("{\"model_type\": \"llama\"}"));
    assertThrows(IllegalArgumentException.class, () -> parse(
        "{\"hidden_size\": 65, \"num_attention_heads\": 4, \"num_hidden_layers\": 1, \"vocab_size\": 10}"));
    assertThrows(IllegalArgumentException.class, () -> parse(
        "{\"hidden_size\": 64, \"num_attention_heads\": 4, \"num_kv_heads\": 3, \"new_decoder_architecture\": true,"
            + " \"num_hidden_layers\": 1, \"vocab_size\": 10}"));
    assertThrows(IllegalArgumentException.class, () -> parse(
        "{\"hidden_size\": 64, \"num_attention_heads\": 4, \"num_hidden_layers\": 1, \"vocab_size\": 10,"
            + " \"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}}"));
  }

  @Test
  void namedVariantsOfThePublishedShapes() throws Exception {
    FalconConfig f7 = FalconConfig.falcon7b();
    FalconConfig mha = f7.withNumKvHeads(71);
    assertEquals(FalconConfig.QkvLayout.INTERLEAVED, mha.qkvLayout());
    assertEquals(3 * 4544, mha.qkvOutDim());                         // q, k, v for each of 71 heads of 64
    FalconConfig wide = FalconConfig.tiny(100, 64, 2, 8);                 // 7B style, 8 heads of 8
    FalconConfig gqa = wide.withNumKvHeads(2);
    assertEquals(FalconConfig.QkvLayout.GROUPED, gqa.qkvLayout());
    assertEquals((8 + 2 * 2) * 8, gqa.qkvOutDim());
    assertFalse(gqa.twoLayerNorms(), "the 7B block keeps its one layer norm");
    assertEquals(f7, f7.withNumKvHeads(1));
    FalconConfig f40 = FalconConfig.falcon40b();
    assertEquals(f40, f40.withNumKvHeads(8));
    assertEquals(FalconConfig.QkvLayout.GROUPED, f40.withNumKvHeads(128).qkvLayout());
    assertTrue(f40.withNumKvHeads(1).twoLayerNorms(), "the 40B block keeps its two layer norms");
    assertThrows(IllegalArgumentException.class, () -> f7.withNumKvHeads(2));   // 2 does not divide 71
    FalconConfig t = FalconConfig.tinyGrouped(100, 64, 2, 8, 2);
    assertEquals(FalconConfig.QkvLayout.GROUPED, t.qkvLayout());
    assertTrue(t.twoLayerNorms());
    assertEquals((8 + 2 * 2) * 8, t.qkvOutDim());
    assertEquals(t, parse(t.toJson()));
  }
}
