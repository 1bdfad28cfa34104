package org.falconet.model.nd4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.falconet.model.Alibi;
import org.falconet.model.Block;
import org.falconet.model.CausalLanguageModel;
import org.falconet.model.Checkpoint;
import org.falconet.model.Falcon;
import org.falconet.model.FalconConfig;
import org.falconet.model.LayerNorm;
import org.falconet.model.Linear;
import org.falconet.model.Matrix;
import org.falconet.model.Rope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Falcon causal language model as ND4J array code: the equations of {@link Falcon}, each a few whole-array
 * operations, run by whichever ND4J backend the build carries (nd4j-native on the CPU; CUDA with {@code -Pcuda}),
 * the KV cache kept on that device. Weights are float32, or float16/bfloat16 for the matrix products
 * ({@link #load(Path, DataType)}); everything else computes in float32.
 *
 * <pre>{@code
 * Nd4jFalcon model = Nd4jFalcon.load(Path.of("models/falcon-tiny"));
 * CausalLanguageModel.Cache cache = model.newCache();
 * float[] logits = model.forwardLast(new int[] {1, 2, 3}, cache);   // [vocab]
 * }</pre>
 */
public final class Nd4jFalcon implements CausalLanguageModel {
  private final FalconConfig config;
  private final INDArray embeddings;   // word_embeddings [vocab, d], float32
  private final List<Nd4jBlock> blocks;
  private final Nd4jLayerNorm lnF;
  private final Nd4jLinear lmHead;     // [vocab, d] in the weights' type
  private final Rope rope;             // null with ALiBi
  private final Alibi alibi;           // null with rotary

  private Nd4jFalcon(FalconConfig config, INDArray embeddings, List<Nd4jBlock> blocks, Nd4jLayerNorm lnF,
                     Nd4jLinear lmHead) {
    this.config = config;
    this.embeddings = embeddings;
    this.blocks = List.copyOf(blocks);
    this.lnF = lnF;
    this.lmHead = lmHead;
    this.rope = config.alibi() ? null : new Rope(config.headDim(), config.ropeTheta());
    this.alibi = config.alibi() ? new Alibi(config.numHeads()) : null;
  }

  @Override
  public FalconConfig config() {
    return config;
  }

  /** The decoder blocks. */
  public List<Nd4jBlock> blocks() {
    return blocks;
  }

  /** The element type of the matrix weights (FLOAT, HALF or BFLOAT16). */
  public DataType weightType() {
    return lmHead.weight().dataType();
  }

  @Override
  public Nd4jKvCache newCache() {
    return new Nd4jKvCache(config);
  }

  @Override
  public long decodeWeightBytes() {
    long b = lmHead.bytes();
    for (Nd4jBlock blk : blocks) b += blk.bytes();
    return b;
  }

  @Override
  public String device() {
    return "nd4j (" + Nd4jDevice.describe() + ", " + weightType().name().toLowerCase(java.util.Locale.ROOT) + " weights)";
  }

  @Override
  public float[] forward(int[] tokens, Cache cache) {
    INDArray h = hidden(tokens, Nd4jKvCache.of(cache));                      // [T, d]
    return toFloats(lmHead.forward(h));                                      // [T, vocab]
  }

  @Override
  public float[] forwardLast(int[] tokens, Cache cache) {
    INDArray h = hidden(tokens, Nd4jKvCache.of(cache));                      // [T, d]
    INDArray last = h.get(interval(tokens.length - 1, tokens.length), all());  // [1, d]
    return toFloats(lmHead.forward(last));                                   // [1, vocab]
  }

  /** Final hidden states [T, d] after ln_f; mutates the cache. */
  private INDArray hidden(int[] tokens, Nd4jKvCache cache) {
    int T = tokens.length;
    if (T == 0) throw new IllegalArgumentException("no tokens to run");
    for (int id : tokens) {
      if (id < 0 || id >= config.vocabSize()) {
        throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + config.vocabSize() + ")");
      }
    }
    int past = cache.length();
    INDArray h = embeddings.getRows(tokens);                                 // [T, d]
    Nd4jAttention.Step step = new Nd4jAttention.Step(past, T,
        rope == null ? null : new Nd4jRope(rope, config.headDim(), past, T), CausalAttention.mask(T, past),
        alibi == null ? null : CausalAttention.alibi(alibi, config.numHeads(), config.numKvHeads(), past + T));
    cache.ensure(T);
    for (int l = 0; l < blocks.size(); l++) h = blocks.get(l).forward(h, step, cache, l);
    cache.advance(T);
    return lnF.forward(h);
  }

  private static float[] toFloats(INDArray a) {
    return a.dup('c').data().asFloat();
  }

  // ---- loading ----

  /** Loads a Hugging Face model directory with float32 weights. */
  public static Nd4jFalcon load(Path dir) throws IOException {
    return load(dir, DataType.FLOAT);
  }

  /**
   * Loads a Hugging Face model directory through {@link Checkpoint} (shapes checked there), the matrices of the
   * blocks and the head in {@code weights}: FLOAT, HALF (float16) or BFLOAT16. Embeddings, norms and biases stay
   * float32.
   */
  public static Nd4jFalcon load(Path dir, DataType weights) throws IOException {
    checkType(weights);
    Nd4jDevice.require();
    Checkpoint ck = Checkpoint.open(dir);
    FalconConfig c = ck.config();
    String p = ck.has("transformer.word_embeddings.weight") || !ck.has("word_embeddings.weight") ? "transformer." : "";
    long d = c.hiddenSize();
    INDArray emb = Nd4j.create(ck.tensor(p + "word_embeddings.weight", c.vocabSize(), d).toFloats(),
        new long[] {c.vocabSize(), d}, 'c');
    int[] qkvOrder = QkvRows.order(c);
    List<Nd4jBlock> blocks = new ArrayList<>();
    for (int i = 0; i < c.numLayers(); i++) {
      String b = p + "h." + i + ".";
      Nd4jLinear qkv = linear(ck, c, b + "self_attention.query_key_value", c.qkvOutDim(), d, weights, qkvOrder);
      Nd4jLinear dense = linear(ck, c, b + "self_attention.dense", d, (long) c.numHeads() * c.headDim(), weights, null);
      Nd4jLinear up = linear(ck, c, b + "mlp.dense_h_to_4h", c.ffnHiddenSize(), d, weights, null);
      Nd4jLinear down = linear(ck, c, b + "mlp.dense_4h_to_h", d, c.ffnHiddenSize(), weights, null);
      Nd4jLayerNorm ln1;
      Nd4jLayerNorm ln2 = null;
      if (c.twoLayerNorms()) {
        ln1 = layerNorm(ck, c, b + "ln_attn");
        ln2 = layerNorm(ck, c, b + "ln_mlp");
      } else {
        ln1 = layerNorm(ck, c, b + "input_layernorm");
        if (!c.parallelAttn() && !c.newDecoderArchitecture()) ln2 = layerNorm(ck, c, b + "post_attention_layernorm");
      }
      blocks.add(new Nd4jBlock(c, ln1, ln2, new Nd4jAttention(c, qkv, dense), up, down));
    }
    Nd4jLayerNorm lnF = layerNorm(ck, c, p + "ln_f");
    INDArray head = c.tieWordEmbeddings() ? emb
        : Nd4j.create(ck.tensor("lm_head.weight", c.vocabSize(), d).toFloats(), new long[] {c.vocabSize(), d}, 'c');
    return new Nd4jFalcon(c, emb, blocks, lnF, new Nd4jLinear(cast(head, weights), null));
  }

  private static Nd4jLinear linear(Checkpoint ck, FalconConfig c, String name, long out, long in, DataType t,
                                   int[] rowOrder) throws IOException {
    INDArray w = Nd4j.create(ck.tensor(name + ".weight", out, in).toFloats(), new long[] {out, in}, 'c');
    INDArray bias = c.bias() ? Nd4j.create(ck.tensor(name + ".bias", out).toFloats(), new long[] {out}, 'c') : null;
    return reordered(w, bias, rowOrder, t);
  }

  private static Nd4jLinear reordered(INDArray w, INDArray bias, int[] rowOrder, DataType t) {
    if (rowOrder != null) {
      w = w.getRows(rowOrder);
      if (bias != null) bias = Nd4j.create(permute(bias.toFloatVector(), rowOrder), new long[] {rowOrder.length}, 'c');
    }
    return new Nd4jLinear(cast(w, t), bias);
  }

  private static float[] permute(float[] x, int[] order) {
    float[] y = new float[order.length];
    for (int i = 0; i < order.length; i++) y[i] = x[order[i]];
    return y;
  }

  private static Nd4jLayerNorm layerNorm(Checkpoint ck, FalconConfig c, String name) throws IOException {
    long d = c.hiddenSize();
    return new Nd4jLayerNorm(Nd4j.create(ck.tensor(name + ".weight", d).toFloats(), new long[] {d}, 'c'),
        Nd4j.create(ck.tensor(name + ".bias", d).toFloats(), new long[] {d}, 'c'), c.layerNormEpsilon());
  }

  /** The weights of a Java-backend model copied into ND4J arrays (float32; bfloat16 matrices are widened). */
  public static Nd4jFalcon of(Falcon model) {
    return of(model, DataType.FLOAT);
  }

  /** The weights of a Java-backend model copied into ND4J arrays, matrices in {@code weights}. */
  public static Nd4jFalcon of(Falcon model, DataType weights) {
    checkType(weights);
    Nd4jDevice.require();
    FalconConfig c = model.config();
    int[] qkvOrder = QkvRows.order(c);
    INDArray emb = matrix(model.embeddings());
    List<Nd4jBlock> blocks = new ArrayList<>();
    for (Block b : model.blocks()) {
      blocks.add(new Nd4jBlock(c, layerNorm(b.lnAttn()), b.lnMlp() == null ? null : layerNorm(b.lnMlp()),
          new Nd4jAttention(c, linear(b.attn().qkv(), qkvOrder, weights), linear(b.attn().dense(), null, weights)),
          linear(b.mlp().up(), null, weights), linear(b.mlp().down(), null, weights)));
    }
    INDArray head = model.lmHead() == model.embeddings() ? emb : matrix(model.lmHead());
    return new Nd4jFalcon(c, emb, blocks, layerNorm(model.lnF()), new Nd4jLinear(cast(head, weights), null));
  }

  private static INDArray matrix(Matrix m) {
    float[] w = m.data();
    if (w == null) {                                  // bfloat16 kept mapped: widen row by row
      w = new float[m.rows() * m.cols()];
      for (int r = 0; r < m.rows(); r++) m.rowTo(r, w, r * m.cols());
    }
    return Nd4j.create(w, new long[] {m.rows(), m.cols()}, 'c');
  }

  private static Nd4jLinear linear(Linear l, int[] rowOrder, DataType t) {
    INDArray bias = l.bias() == null ? null : Nd4j.create(l.bias(), new long[] {l.bias().length}, 'c');
    return reordered(matrix(l.weight()), bias, rowOrder, t);
  }

  private static Nd4jLayerNorm layerNorm(LayerNorm ln) {
    return new Nd4jLayerNorm(Nd4j.create(ln.weight(), new long[] {ln.weight().length}, 'c'),
        Nd4j.create(ln.bias(), new long[] {ln.bias().length}, 'c'), ln.eps());
  }

  private static INDArray cast(INDArray a, DataType t) {
    return a.dataType() == t ? a : a.castTo(t);
  }

  private static void checkType(DataType t) {
    if (t != DataType.FLOAT && t != DataType.HALF && t != DataType.BFLOAT16) {
      throw new IllegalArgumentException("weights must be FLOAT, HALF or BFLOAT16, not " + t);
    }
  }
}
