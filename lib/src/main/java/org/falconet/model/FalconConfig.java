package org.falconet.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of a Falcon model, read from a Hugging Face {@code config.json} with the rules of
 * transformers' {@code FalconConfig} and {@code FalconAttention}.
 *
 * @param vocabSize              rows of the embedding table
 * @param hiddenSize             model width d
 * @param numLayers              decoder blocks
 * @param numHeads               query heads
 * @param numKvHeads             key/value heads as used by attention (after HF's rules: 1 for multi-query)
 * @param ffnHiddenSize          MLP inner width (4·d unless the config says otherwise)
 * @param layerNormEpsilon       ε inside every layer norm
 * @param alibi                  ALiBi position bias instead of rotary embeddings
 * @param bias                   linear layers carry biases (rw models)
 * @param parallelAttn           attention and MLP read the same input and are summed (7B, 40B)
 * @param newDecoderArchitecture 40B-style: grouped fused QKV layout, two layer norms by default
 * @param multiQuery             7B-style: one shared key/value head
 * @param numLnInParallelAttn    layer norms per block in the new architecture (1 or 2)
 * @param ropeTheta              rotary base θ (10000 in the paper)
 * @param tieWordEmbeddings      lm_head shares the embedding matrix
 * @param maxPositionEmbeddings  context length the model was trained for (informational)
 * @param bosTokenId             beginning-of-sequence id (11 in Falcon's tokenizer)
 * @param eosTokenId             end-of-sequence id (11 in Falcon's tokenizer)
 */
public record FalconConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int numKvHeads,
                           int ffnHiddenSize, double layerNormEpsilon, boolean alibi, boolean bias,
                           boolean parallelAttn, boolean newDecoderArchitecture, boolean multiQuery,
                           int numLnInParallelAttn, double ropeTheta, boolean tieWordEmbeddings,
                           int maxPositionEmbeddings, int bosTokenId, int eosTokenId) {

  /** How the fused {@code query_key_value} output is laid out, one of three in modeling_falcon.py. */
  public enum QkvLayout {
    /** new_decoder_architecture: per KV group, (heads/kv) queries then one key then one value. */
    GROUPED,
    /** multi_query: all query heads, then the single key, then the single value. */
    MULTI_QUERY,
    /** classic multi-head: per head, query, key, value interleaved. */
    INTERLEAVED
  }

  public FalconConfig {
    if (vocabSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || ffnHiddenSize <= 0) {
      throw new IllegalArgumentException("config: sizes must be positive");
    }
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException("config: hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
    }
    if (numKvHeads <= 0 || numHeads % numKvHeads != 0) {
      throw new IllegalArgumentException("config: num_kv_heads " + numKvHeads + " does not divide num_attention_heads " + numHeads);
    }
    if (!alibi && headDimOf(hiddenSize, numHeads) % 2 != 0) {
      throw new IllegalArgumentException("config: rotary embeddings need an even head dimension");
    }
    if (numLnInParallelAttn != 1 && numLnInParallelAttn != 2) {
      throw new IllegalArgumentException("config: num_ln_in_parallel_attn must be 1 or 2");
    }
    if (newDecoderArchitecture && numLnInParallelAttn == 1 && !parallelAttn) {
      // FalconDecoderLayer has no MLP input in this arrangement.
      throw new IllegalArgumentException("config: new_decoder_architecture with one layer norm needs parallel_attn");
    }
  }

  private static int headDimOf(int hidden, int heads) {
    return hidden / heads;
  }

  /** Width of one attention head, hidden_size / num_attention_heads. */
  public int headDim() {
    return hiddenSize / numHeads;
  }

  /** Rows of {@code query_key_value.weight}: (heads + 2·kv_heads)·head_dim (3·d for classic multi-head). */
  public int qkvOutDim() {
    return (numHeads + 2 * numKvHeads) * headDim();
  }

  /** The fused-QKV layout this config implies. */
  public QkvLayout qkvLayout() {
    if (newDecoderArchitecture) return QkvLayout.GROUPED;
    if (multiQuery) return QkvLayout.MULTI_QUERY;
    return QkvLayout.INTERLEAVED;
  }

  /** Whether each block has two layer norms (ln_attn, ln_mlp) rather than input_layernorm. */
  public boolean twoLayerNorms() {
    return newDecoderArchitecture && numLnInParallelAttn == 2;
  }

  /** Number of weights, embeddings counted once when tied. */
  public long parameterCount() {
    long d = hiddenSize;
    long perBlock = d * qkvOutDim() + d * d + 2 * d * ffnHiddenSize
        + (bias ? qkvOutDim() + d + ffnHiddenSize + d : 0)
        + (twoLayerNorms() || !parallelAttn && !newDecoderArchitecture ? 4 * d : 2 * d);
    return (long) vocabSize * d * (tieWordEmbeddings ? 1 : 2) + numLayers * perBlock + 2 * d;
  }

  /** A copy with another vocabulary size. */
  public FalconConfig withVocabSize(int v) {
    return new FalconConfig(v, hiddenSize, numLayers, numHeads, numKvHeads, ffnHiddenSize, layerNormEpsilon,
        alibi, bias, parallelAttn, newDecoderArchitecture, multiQuery, numLnInParallelAttn, ropeTheta,
        tieWordEmbeddings, maxPositionEmbeddings, bosTokenId, eosTokenId);
  }

  /** A copy with another number of layers (benchmarks cut big shapes down). */
  public FalconConfig withNumLayers(int n) {
    return new FalconConfig(vocabSize, hiddenSize, n, numHeads, numKvHeads, ffnHiddenSize, layerNormEpsilon,
        alibi, bias, parallelAttn, newDecoderArchitecture, multiQuery, numLnInParallelAttn, ropeTheta,
        tieWordEmbeddings, maxPositionEmbeddings, bosTokenId, eosTokenId);
  }

  // ---- factories: the published shapes (tiiuae/falcon-7b, falcon-40b, falcon-rw-1b config.json) ----

  /** tiiuae/falcon-7b: d=4544, 32 layers, 71 heads, multi-query, parallel attention, rotary, no biases. */
  public static FalconConfig falcon7b() {
    return new FalconConfig(65024, 4544, 32, 71, 1, 4 * 4544, 1e-5, false, false, true, false, true, 2,
        10000.0, true, 2048, 11, 11);
  }

  /** tiiuae/falcon-40b: d=8192, 60 layers, 128 heads in 8 KV groups, new decoder architecture. */
  public static FalconConfig falcon40b() {
    return new FalconConfig(65024, 8192, 60, 128, 8, 4 * 8192, 1e-5, false, false, true, true, true, 2,
        10000.0, true, 2048, 11, 11);
  }

  /** tiiuae/falcon-rw-1b: d=2048, 24 layers, 32 heads, ALiBi, biases, sequential blocks. */
  public static FalconConfig falconRw1b() {
    return new FalconConfig(50304, 2048, 24, 32, 32, 4 * 2048, 1e-5, true, true, false, false, false, 2,
        10000.0, true, 2048, 1, 2);
  }

  /**
   * A copy with {@code n} key/value heads and the attention layout that goes with it, the rest of the
   * shape unchanged: 1 is multi-query (7B's fused layout), {@code numHeads} classic multi-head, any
   * other divisor of {@code numHeads} grouped-query (new_decoder_architecture's grouped layout, keeping
   * this block's number of layer norms).
   *
   * <pre>{@code
   * FalconConfig mha = FalconConfig.falcon7b().withNumKvHeads(71);   // Falcon-7B's shape, multi-head
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code n} does not divide the number of query heads, or a
   *     grouped layout is asked of a block without parallel attention and with one layer norm
   */
  public FalconConfig withNumKvHeads(int n) {
    if (n <= 0 || numHeads % n != 0) {
      throw new IllegalArgumentException("num_kv_heads " + n + " does not divide num_attention_heads " + numHeads);
    }
    boolean newArch = newDecoderArchitecture || (n > 1 && n < numHeads);
    boolean mq = newArch || n == 1;
    int lns = newArch && !newDecoderArchitecture ? 1 : numLnInParallelAttn;   // a 7B block keeps one layer norm
    return new FalconConfig(vocabSize, hiddenSize, numLayers, numHeads, n, ffnHiddenSize, layerNormEpsilon, alibi,
        bias, parallelAttn, newArch, mq, lns, ropeTheta, tieWordEmbeddings, maxPositionEmbeddings, bosTokenId,
        eosTokenId);
  }

  /** A small 7B-style (multi-query, rotary, parallel) model for tests and teaching. */
  public static FalconConfig tiny(int vocab, int hidden, int layers, int heads) {
    return new FalconConfig(vocab, hidden, layers, heads, 1, 4 * hidden, 1e-5, false, false, true, false, true, 2,
        10000.0, true, 2048, 11, 11);
  }

  /**
   * A small 40B-style model for tests and teaching: grouped-query attention with {@code kvHeads} key/value
   * heads, two layer norms per block (ln_attn, ln_mlp), rotary, parallel attention and MLP.
   */
  public static FalconConfig tinyGrouped(int vocab, int hidden, int layers, int heads, int kvHeads) {
    return new FalconConfig(vocab, hidden, layers, heads, kvHeads, 4 * hidden, 1e-5, false, false, true, true, true, 2,
        10000.0, true, 2048, 11, 11);
  }

  // ---- config.json ----

  /** Reads {@code dir/config.json} (or the file itself if a file is given). */
  public static FalconConfig load(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
    if (!Files.exists(file)) {
      throw new IOException(file + ": no config.json (a Hugging Face model directory has one)");
    }
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON", e);
    }
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses a config.json tree; accepts both the falcon and the older RefinedWeb names. */
  public static FalconConfig fromJson(JsonNode j) {
    String modelType = j.path("model_type").asText("falcon");
    if (!modelType.equals("falcon") && !modelType.equals("RefinedWeb") && !modelType.equals("RefinedWebModel")) {
      throw new IllegalArgumentException("model_type '" + modelType + "' is not a Falcon (falcon, RefinedWeb, RefinedWebModel)");
    }
    JsonNode rs = j.get("rope_scaling");
    if (rs != null && !rs.isNull()) {
      throw new IllegalArgumentException("rope_scaling is not supported");
    }
    String act = j.path("activation").asText("gelu");
    if (!act.equals("gelu")) {
      throw new IllegalArgumentException("activation '" + act + "' is not supported (only exact gelu)");
    }
    int vocab = intOf(j, 65024, "vocab_size");
    int hidden = intOf(j, 4544, "hidden_size", "n_embed");
    int layers = intOf(j, 32, "num_hidden_layers", "n_layer");
    int heads = intOf(j, 71, "num_attention_heads", "n_head");
    // The original RW code: "RefinedWeb" is the 40B architecture, "RefinedWebModel" the 7B/rw one.
    boolean newArch = j.has("new_decoder_architecture")
        ? j.get("new_decoder_architecture").asBoolean() : modelType.equals("RefinedWeb");
    boolean multiQuery = boolOf(j, true, "multi_query");
    boolean alibi = boolOf(j, false, "alibi");
    boolean bias = boolOf(j, false, "bias");
    boolean parallel = boolOf(j, true, "parallel_attn");
    int kvConfig = intOf(j, heads, "num_kv_heads", "n_head_kv");
    // FalconAttention: num_kv_heads = config.num_kv_heads if (new_decoder_architecture or not multi_query) else 1,
    // and the classic (not multi-query) layout has one key/value per query head.
    int kv = newArch ? kvConfig : multiQuery ? 1 : heads;
    int ffn = j.hasNonNull("ffn_hidden_size") ? j.get("ffn_hidden_size").asInt() : 4 * hidden;
    // FalconDecoderLayer: num_ln_in_parallel_attn defaults to 2 with the new architecture.
    int numLn = j.hasNonNull("num_ln_in_parallel_attn") ? j.get("num_ln_in_parallel_attn").asInt() : 2;
    double eps = j.hasNonNull("layer_norm_epsilon") ? j.get("layer_norm_epsilon").asDouble() : 1e-5;
    double theta = j.hasNonNull("rope_theta") ? j.get("rope_theta").asDouble() : 10000.0;
    boolean tie = boolOf(j, true, "tie_word_embeddings");
    int maxPos = intOf(j, 2048, "max_position_embeddings");
    int bos = intOf(j, 11, "bos_token_id");
    int eos = intOf(j, 11, "eos_token_id");
    return new FalconConfig(vocab, hidden, layers, heads, kv, ffn, eps, alibi, bias, parallel, newArch, multiQuery,
        numLn, theta, tie, maxPos, bos, eos);
  }

  private static int intOf(JsonNode j, int dflt, String... names) {
    for (String n : names) {
      JsonNode v = j.get(n);
      if (v != null && !v.isNull()) {
        if (!v.canConvertToInt()) throw new IllegalArgumentException(n + " is not an integer: " + v);
        return v.asInt();
      }
    }
    return dflt;
  }

  private static boolean boolOf(JsonNode j, boolean dflt, String name) {
    JsonNode v = j.get(name);
    return v == null || v.isNull() ? dflt : v.asBoolean();
  }

  /** The config as Hugging Face {@code config.json} text (current falcon names). */
  public String toJson() {
    var m = new ObjectMapper();
    var o = m.createObjectNode();
    o.putArray("architectures").add("FalconForCausalLM");
    o.put("model_type", "falcon");
    o.put("vocab_size", vocabSize).put("hidden_size", hiddenSize).put("num_hidden_layers", numLayers)
        .put("num_attention_heads", numHeads).put("num_kv_heads", numKvHeads).put("ffn_hidden_size", ffnHiddenSize)
        .put("layer_norm_epsilon", layerNormEpsilon).put("alibi", alibi).put("bias", bias)
        .put("parallel_attn", parallelAttn).put("new_decoder_architecture", newDecoderArchitecture)
        .put("multi_query", multiQuery).put("num_ln_in_parallel_attn", numLnInParallelAttn)
        .put("rope_theta", ropeTheta).put("tie_word_embeddings", tieWordEmbeddings)
        .put("max_position_embeddings", maxPositionEmbeddings).put("bos_token_id", bosTokenId)
        .put("eos_token_id", eosTokenId).put("activation", "gelu");
    try {
      return m.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
