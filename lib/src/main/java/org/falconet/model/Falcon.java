package org.falconet.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.falconet.model.internal.HeapWeights;

/**
 * The Falcon causal language model (transformers' {@code FalconForCausalLM}): token embeddings, a stack of
 * {@link Block}s, a final layer norm and the lm_head (tied to the embeddings or stored).
 *
 * <pre>{@code
 * Falcon model = Falcon.load(Path.of("models/falcon-tiny"));
 * KvCache cache = model.newCache();
 * float[] logits = model.forward(new int[] {1, 2, 3}, cache);   // [3, vocab]
 * float[] next = model.forwardLast(new int[] {4}, cache);        // [vocab], one more token
 * }</pre>
 */
public final class Falcon implements CausalLanguageModel {
  private final FalconConfig config;
  private final Matrix embeddings;   // word_embeddings [vocab, d]
  private final List<Block> blocks;
  private final LayerNorm lnF;
  private final Matrix lmHead;       // [vocab, d], the embeddings when tied
  private boolean reference;

  public Falcon(FalconConfig config, Matrix embeddings, List<Block> blocks, LayerNorm lnF, Matrix lmHead) {
    this.config = config;
    this.embeddings = embeddings;
    this.blocks = List.copyOf(blocks);
    this.lnF = lnF;
    this.lmHead = lmHead;
  }

  @Override
  public FalconConfig config() {
    return config;
  }

  public List<Block> blocks() {
    return blocks;
  }

  public Matrix embeddings() {
    return embeddings;
  }

  public Matrix lmHead() {
    return lmHead;
  }

  public LayerNorm lnF() {
    return lnF;
  }

  /** Selects the scalar single-threaded reference kernels (true) or the optimised ones (false, the default). */
  public Falcon reference(boolean on) {
    this.reference = on;
    return this;
  }

  /** An empty KV cache for this model. */
  @Override
  public KvCache newCache() {
    return new KvCache(config);
  }

  /** Bytes of weights read to decode one token (every matrix once, embeddings row aside). */
  @Override
  public long decodeWeightBytes() {
    long b = lmHead.bytes();
    for (Block blk : blocks) {
      b += blk.attn().qkv().weight().bytes() + blk.attn().dense().weight().bytes()
          + blk.mlp().up().weight().bytes() + blk.mlp().down().weight().bytes();
    }
    return b;
  }

  @Override
  public String device() {
    return "java (CPU, Vector API" + (reference ? ", scalar reference kernels)" : ")");
  }

  /** Logits [T, vocab] for {@code tokens} appended after what {@code cache} (a {@link KvCache}) holds. */
  @Override
  public float[] forward(int[] tokens, Cache cache) {
    float[] h = hidden(tokens, KvCache.of(cache));
    int T = tokens.length;
    float[] logits = new float[T * config.vocabSize()];
    head(h, T, logits);
    return logits;
  }

  /** Logits [vocab] of the last of {@code tokens} only (what generation needs). */
  @Override
  public float[] forwardLast(int[] tokens, Cache cache) {
    float[] h = hidden(tokens, KvCache.of(cache));
    int d = config.hiddenSize();
    float[] last = new float[d];
    System.arraycopy(h, (tokens.length - 1) * d, last, 0, d);
    float[] logits = new float[config.vocabSize()];
    head(last, 1, logits);
    return logits;
  }

  private void head(float[] h, int T, float[] logits) {
    if (reference) lmHead.matmulScalar(h, T, logits);
    else lmHead.matmul(h, T, logits);                 // [T, vocab]
  }

  /** Final hidden states [T, d] after ln_f. */
  private float[] hidden(int[] tokens, KvCache cache) {
    int T = tokens.length;
    if (T == 0) throw new IllegalArgumentException("no tokens to run");
    int past = cache.length();
    float[] h = embed(tokens);                         // [T, d]
    float[][] ropeTable = config.alibi() ? null : blocks.get(0).attn().rope().table(past, T);
    cache.ensure(T);
    for (int l = 0; l < blocks.size(); l++) {
      blocks.get(l).forward(h, T, past, ropeTable, cache.keys(l), cache.values(l), reference);
    }
    cache.advance(T);
    lnF.forward(h, T, h);
    return h;
  }

  /** The embedding rows [T, d] of {@code tokens}. */
  private float[] embed(int[] tokens) {
    int d = config.hiddenSize();
    float[] h = new float[tokens.length * d];
    for (int t = 0; t < tokens.length; t++) {
      int id = tokens[t];
      if (id < 0 || id >= config.vocabSize()) {
        throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + config.vocabSize() + ")");
      }
      embeddings.rowTo(id, h, t * d);
    }
    return h;
  }

  /**
   * The attention probabilities of layer {@code layer} (0-based) for the prompt {@code tokens}: [H][T][T],
   * row t the softmax(q_t·k_j/√d) over keys j ≤ t (zero beyond), as the layer's attention uses them. Runs the
   * layers below it on a fresh cache; the normal forward pass never materialises these matrices.
   */
  public float[][][] attentionProbabilities(int[] tokens, int layer) {
    int T = tokens.length;
    if (T == 0) throw new IllegalArgumentException("no tokens to run");
    if (layer < 0 || layer >= blocks.size()) {
      throw new IllegalArgumentException("layer " + layer + " is outside [0, " + blocks.size() + ")");
    }
    KvCache cache = newCache();
    cache.ensure(T);
    float[] h = embed(tokens);                                          // [T, d]
    float[][] ropeTable = config.alibi() ? null : blocks.get(0).attn().rope().table(0, T);
    for (int l = 0; l < layer; l++) {
      blocks.get(l).forward(h, T, 0, ropeTable, cache.keys(l), cache.values(l), reference);
    }
    Block b = blocks.get(layer);
    float[] attnIn = new float[h.length];
    b.lnAttn().forward(h, T, attnIn);                                   // [T, d]
    float[] q = b.attn().project(attnIn, T, 0, ropeTable, cache.keys(layer), cache.values(layer), reference);
    return b.attn().kernel().probabilities(q, cache.keys(layer), T, 0); // [H][T][T]
  }

  // ---- loading ----

  /**
   * Loads a Hugging Face model directory (config.json + safetensors) or a Falcon GGUF file (F32, F16, BF16, Q8_0 or
   * Q4_0, as llama.cpp's {@code convert_hf_to_gguf.py} writes it), checking every tensor's shape.
   */
  public static Falcon load(Path path) throws IOException {
    return load(WeightSource.open(path));
  }

  /** Builds the model from {@code ck}'s weights. */
  public static Falcon load(WeightSource ck) throws IOException {
    FalconConfig c = ck.config();
    String p = ck.has("transformer.word_embeddings.weight") || !ck.has("word_embeddings.weight") ? "transformer." : "";
    long d = c.hiddenSize();
    Matrix emb = ck.matrix(p + "word_embeddings.weight", c.vocabSize(), d);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < c.numLayers(); i++) {
      String b = p + "h." + i + ".";
      Linear qkv = linear(ck, c, b + "self_attention.query_key_value", c.qkvOutDim(), d);
      Linear dense = linear(ck, c, b + "self_attention.dense", d, (long) c.numHeads() * c.headDim());
      Linear up = linear(ck, c, b + "mlp.dense_h_to_4h", c.ffnHiddenSize(), d);
      Linear down = linear(ck, c, b + "mlp.dense_4h_to_h", d, c.ffnHiddenSize());
      LayerNorm ln1;
      LayerNorm ln2 = null;
      if (c.twoLayerNorms()) {
        ln1 = layerNorm(ck, c, b + "ln_attn");
        ln2 = layerNorm(ck, c, b + "ln_mlp");
      } else {
        ln1 = layerNorm(ck, c, b + "input_layernorm");
        if (!c.parallelAttn() && !c.newDecoderArchitecture()) ln2 = layerNorm(ck, c, b + "post_attention_layernorm");
      }
      blocks.add(new Block(c, ln1, ln2, Attention.of(c, qkv, dense), new Mlp(up, down)));
    }
    LayerNorm lnF = layerNorm(ck, c, p + "ln_f");
    Matrix head = c.tieWordEmbeddings() ? emb : ck.matrix("lm_head.weight", c.vocabSize(), d);
    Falcon model = new Falcon(c, emb, blocks, lnF, head);
    return HeapWeights.admit(model.decodeWeightBytes()) ? model.onHeap(true) : model;
  }

  /**
   * This model with every matrix that decoding streams (the layers' and the lm_head) copied onto the Java heap
   * ({@link Matrix#onHeap}), where the decode kernels read them faster than from the mapped file; the embeddings,
   * read a row per token, stay mapped unless tied to the lm_head. {@link #load} does this when the whole set fits the
   * heap ({@link HeapWeights}).
   */
  public Falcon onHeap() {
    return onHeap(false);
  }

  /**
   * {@link #onHeap()}, the matrices copied in parallel (each task allocates and fills its own arrays: the page faults
   * and zeroing of fresh heap memory, which dominate, spread over the cores); with {@code release}, each copied
   * matrix's mapped buffers are unmapped as soon as it is copied, so the file pages read do not stay resident
   * ({@link HeapWeights#release}): only for a model that nothing else holds, as in {@link #load(WeightSource)}.
   */
  private Falcon onHeap(boolean release) {
    List<Matrix> from = new ArrayList<>();
    for (Block b : blocks) {
      from.addAll(List.of(b.attn().qkv().weight(), b.attn().dense().weight(), b.mlp().up().weight(), b.mlp().down().weight()));
    }
    from.add(lmHead);
    // A buffer is unmapped only when exactly one matrix here holds it and the embeddings (which stay) do not: a
    // WeightSource may hand out one matrix, or one mapping, under two names.
    Map<ByteBuffer, Integer> holders = new IdentityHashMap<>();
    Set<Matrix> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Matrix m : from) {
      if (distinct.add(m) && m.chunks() != null) for (ByteBuffer c : m.chunks()) holders.merge(c, 1, Integer::sum);
    }
    if (embeddings != lmHead && embeddings.chunks() != null) for (ByteBuffer c : embeddings.chunks()) holders.merge(c, 2, Integer::sum);
    Map<Matrix, Matrix> copies = new ConcurrentHashMap<>();       // Matrix keeps identity equality
    distinct.parallelStream().forEach(m -> {
      Matrix copy = m.onHeap();
      copies.put(m, copy);
      if (release && copy != m) {
        HeapWeights.release(Arrays.stream(m.chunks()).filter(c -> holders.get(c) == 1).toArray(ByteBuffer[]::new));
      }
    });
    Matrix[] to = from.stream().map(copies::get).toArray(Matrix[]::new);
    List<Block> copied = new ArrayList<>();
    for (int l = 0; l < blocks.size(); l++) {
      Block b = blocks.get(l);
      Attention attn = Attention.of(config, new Linear(to[4 * l], b.attn().qkv().bias()), new Linear(to[4 * l + 1], b.attn().dense().bias()));
      Mlp mlp = new Mlp(new Linear(to[4 * l + 2], b.mlp().up().bias()), new Linear(to[4 * l + 3], b.mlp().down().bias()));
      copied.add(new Block(config, b.lnAttn(), b.lnMlp(), attn, mlp));
    }
    Matrix head = to[to.length - 1];
    Falcon model = new Falcon(config, embeddings == lmHead ? head : embeddings, copied, lnF, head);
    model.reference = reference;
    return model;
  }

  /**
   * This model with every matrix in float32 on the heap ({@link Matrix#toFloat32}): what training needs, whatever the
   * checkpoint stored (bf16, f16, Q8_0); this model when it already is.
   */
  public Falcon toFloat32() {
    boolean all = embeddings.data() != null && lmHead.data() != null;
    for (Block b : blocks) {
      all &= b.attn().qkv().weight().data() != null && b.attn().dense().weight().data() != null
          && b.mlp().up().weight().data() != null && b.mlp().down().weight().data() != null;
    }
    if (all) return this;
    List<Block> widened = new ArrayList<>();
    for (Block b : blocks) {
      Attention a = b.attn();
      Attention attn = Attention.of(config, toFloat32(a.qkv()), toFloat32(a.dense()));
      widened.add(new Block(config, b.lnAttn(), b.lnMlp(), attn, new Mlp(toFloat32(b.mlp().up()), toFloat32(b.mlp().down()))));
    }
    Matrix head = lmHead.toFloat32();
    Falcon model = new Falcon(config, embeddings == lmHead ? head : embeddings.toFloat32(), widened, lnF, head);
    model.reference = reference;
    return model;
  }

  private static Linear toFloat32(Linear l) {
    return new Linear(l.weight().toFloat32(), l.bias());
  }

  private static Linear linear(WeightSource ck, FalconConfig c, String name, long out, long in) throws IOException {
    Matrix w = ck.matrix(name + ".weight", out, in);
    float[] bias = c.bias() ? ck.vector(name + ".bias", out) : null;
    return new Linear(w, bias);
  }

  private static LayerNorm layerNorm(WeightSource ck, FalconConfig c, String name) throws IOException {
    long d = c.hiddenSize();
    return new LayerNorm(ck.vector(name + ".weight", d), ck.vector(name + ".bias", d), c.layerNormEpsilon());
  }
}
