package org.falconet.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.falconet.model.Attention;
import org.falconet.model.Block;
import org.falconet.model.Falcon;
import org.falconet.model.FalconConfig;
import org.falconet.model.LayerNorm;
import org.falconet.model.Linear;
import org.falconet.model.Matrix;
import org.falconet.model.Mlp;

/**
 * A {@link Falcon} made trainable: the forward pass runs the inference model's own weights, layer
 * norms and rotary tables over a whole batch, its matrix products (linears and attention's Q·Kᵀ and
 * P·V) on the packed {@link Gemm} kernel, keeping the activations the backward pass needs;
 * {@link Backprop} supplies each layer's derivative. The parameters are the model's own weight arrays, so the optimiser's updates are seen
 * by inference at once, and a checkpoint is an ordinary Hugging Face Falcon directory.
 *
 * <p>Supports the rotary variants (7B-style multi-query, 40B-style grouped-query with one or two
 * layer norms, classic multi-head; parallel or sequential blocks; biases; tied or stored head) in
 * float32. ALiBi models are refused.
 */
public final class TrainableFalcon implements TrainableModel {
  private final Falcon model;
  private final FalconConfig c;
  private final List<Parameter> params = new ArrayList<>();
  private final float[] gEmb;
  private final float[] gHead;
  private final float[] gLnFw;
  private final float[] gLnFb;
  private final List<Layer> layers = new ArrayList<>();
  private final boolean frozen;

  /** One block's trainable view: layer-norm gradients (null when frozen) and its four linears. */
  private record Layer(String prefix, float[] ln1w, float[] ln1b, float[] ln2w, float[] ln2b, TrainableLinear qkv,
                       TrainableLinear dense, TrainableLinear up, TrainableLinear down) {}

  /**
   * Every weight of {@code loaded} trainable (pretraining); matrices stored as bf16, f16 or Q8_0 are first widened to
   * float32 ({@link Falcon#toFloat32}).
   */
  public TrainableFalcon(Falcon loaded) {
    this.model = loaded.toFloat32();
    this.c = model.config();
    this.frozen = false;
    if (c.alibi()) {
      throw new IllegalArgumentException("training supports rotary Falcons only; this config uses ALiBi");
    }
    gEmb = matrixParam("transformer.word_embeddings.weight", model.embeddings());
    gHead = model.lmHead() == model.embeddings() ? gEmb : matrixParam("lm_head.weight", model.lmHead());
    for (int l = 0; l < model.blocks().size(); l++) {
      Block b = model.blocks().get(l);
      String p = "transformer.h." + l + ".";
      String ln1 = c.twoLayerNorms() ? "ln_attn" : "input_layernorm";
      String ln2 = c.twoLayerNorms() ? "ln_mlp" : "post_attention_layernorm";
      float[] ln1w = vectorParam(p + ln1 + ".weight", b.lnAttn().weight());
      float[] ln1b = vectorParam(p + ln1 + ".bias", b.lnAttn().bias());
      float[] ln2w = b.lnMlp() == null ? null : vectorParam(p + ln2 + ".weight", b.lnMlp().weight());
      float[] ln2b = b.lnMlp() == null ? null : vectorParam(p + ln2 + ".bias", b.lnMlp().bias());
      layers.add(new Layer(p, ln1w, ln1b, ln2w, ln2b, linear(p + "self_attention.query_key_value", b.attn().qkv()),
          linear(p + "self_attention.dense", b.attn().dense()), linear(p + "mlp.dense_h_to_4h", b.mlp().up()),
          linear(p + "mlp.dense_4h_to_h", b.mlp().down())));
    }
    gLnFw = vectorParam("transformer.ln_f.weight", model.lnF().weight());
    gLnFb = vectorParam("transformer.ln_f.bias", model.lnF().bias());
  }

  /** The base model frozen, LoRA adapters on the targeted linears the only parameters (fine-tuning). */
  private TrainableFalcon(TrainableFalcon base, LoraParams lora, long seed) {
    this.model = base.model;
    this.c = base.c;
    this.frozen = true;
    this.gEmb = null;
    this.gHead = null;
    this.gLnFw = null;
    this.gLnFb = null;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    for (Layer l : base.layers) {
      TrainableLinear[] lin = {l.qkv(), l.dense(), l.up(), l.down()};
      String[] names = {"self_attention.query_key_value", "self_attention.dense", "mlp.dense_h_to_4h", "mlp.dense_4h_to_h"};
      for (int i = 0; i < 4; i++) {
        String target = names[i].substring(names[i].indexOf('.') + 1);
        if (lora.rank() > 0 && lora.targets().contains(target)) {
          lin[i] = lin[i].withAdapter("base_model.model." + l.prefix() + names[i], lora, rnd);
          params.add(lin[i].loraA);
          params.add(lin[i].loraB);
        } else {
          lin[i] = new TrainableLinear(lin[i].base, null, null);
        }
      }
      layers.add(new Layer(l.prefix(), null, null, null, null, lin[0], lin[1], lin[2], lin[3]));
    }
  }

  /**
   * This model with its weights frozen and LoRA adapters added: {@link #parameters()} are then the
   * adapters alone ({@code lora_A}/{@code lora_B} under PEFT's key names).
   */
  public TrainableFalcon withLora(LoraParams lora, long seed) {
    return new TrainableFalcon(this, lora, seed);
  }

  private TrainableLinear linear(String name, Linear l) {
    return new TrainableLinear(l, matrixParam(name + ".weight", l.weight()),
        l.bias() == null ? null : vectorParam(name + ".bias", l.bias()));
  }

  /**
   * A freshly initialised Falcon as transformers initialises one: weights N(0, 0.02), layer-norm
   * gains 1 and biases 0 (FalconPreTrainedModel._init_weights, initializer_range 0.02).
   */
  public static Falcon initialize(FalconConfig c, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int d = c.hiddenSize();
    Matrix emb = normal(c.vocabSize(), d, rnd);
    List<Block> blocks = new ArrayList<>();
    for (int l = 0; l < c.numLayers(); l++) {
      Linear qkv = linear(c.qkvOutDim(), d, c.bias(), rnd);
      Linear dense = linear(d, c.numHeads() * c.headDim(), c.bias(), rnd);
      Linear up = linear(c.ffnHiddenSize(), d, c.bias(), rnd);
      Linear down = linear(d, c.ffnHiddenSize(), c.bias(), rnd);
      LayerNorm ln2 = c.twoLayerNorms() || (!c.parallelAttn() && !c.newDecoderArchitecture()) ? layerNorm(c) : null;
      blocks.add(new Block(c, layerNorm(c), ln2, Attention.of(c, qkv, dense), new Mlp(up, down)));
    }
    Matrix head = c.tieWordEmbeddings() ? emb : normal(c.vocabSize(), d, rnd);
    return new Falcon(c, emb, blocks, layerNorm(c), head);
  }

  private static Matrix normal(int rows, int cols, SplittableRandom rnd) {
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * 0.02);
    }
    return Matrix.of(rows, cols, w);
  }

  private static Linear linear(int out, int in, boolean bias, SplittableRandom rnd) {
    return new Linear(normal(out, in, rnd), bias ? new float[out] : null);
  }

  private static LayerNorm layerNorm(FalconConfig c) {
    float[] gamma = new float[c.hiddenSize()];
    java.util.Arrays.fill(gamma, 1f);
    return new LayerNorm(gamma, new float[c.hiddenSize()], c.layerNormEpsilon());
  }

  private float[] matrixParam(String name, Matrix m) {
    if (m.data() == null) {
      throw new IllegalArgumentException(name + " is " + (m.isQ8() ? "Q8_0" : m.isF16() ? "f16" : "bfloat16") + "; training needs float32 weights");
    }
    Parameter p = Parameter.of(name, m.data(), m.rows(), m.cols());
    params.add(p);
    return p.grad();
  }

  private float[] vectorParam(String name, float[] v) {
    Parameter p = Parameter.of(name, v, v.length);
    params.add(p);
    return p.grad();
  }

  public Falcon model() {
    return model;
  }

  @Override
  public List<Parameter> parameters() {
    return params;
  }

  /** Activations of one block kept for its backward pass (xa*: inputs times LoRA's A, or null). */
  private record Saved(float[] in, float[] attnIn, float[] mlpIn, float[] mid, float[] q, float[] k, float[] v,
                       float[] context, float[] hidden, float[] hiddenGelu, float[][] xa) {}

  /** The forward pass of a batch with everything the backward pass needs. */
  private record Forward(float[] logits, float[] hf, float[] beforeLnF, List<Saved> saved, float[][] rope) {}

  private Forward forward(int[] inputs, int B, int T) {
    int n = B * T;
    int d = c.hiddenSize();
    int V = c.vocabSize();
    float[] h = new float[n * d];                                   // [B·T, d]
    for (int i = 0; i < n; i++) {
      int id = inputs[i];
      if (id < 0 || id >= V) {
        throw new IllegalArgumentException("token id " + id + " outside the vocabulary");
      }
      model.embeddings().rowTo(id, h, i * d);
    }
    float[][] rope = model.blocks().get(0).attn().rope().table(0, T);
    List<Saved> saved = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      saved.add(blockForward(model.blocks().get(l), layers.get(l), h, B, T, rope));
    }
    float[] beforeLnF = h.clone();
    float[] hf = new float[n * d];
    model.lnF().forward(h, n, hf);                                  // [B·T, d]
    float[] logits = new float[n * V];
    Backprop.linearForward(new Linear(model.lmHead(), null), hf, n, logits);   // [B·T, V]
    return new Forward(logits, hf, beforeLnF, saved, rope);
  }

  /** Logits [T, V] of one sequence through the training forward pass, adapters included (unmerged). */
  public float[] logits(int[] tokens) {
    return forward(tokens, 1, tokens.length).logits();
  }

  /**
   * Mean cross-entropy over the targets that are not negative: a target below 0 is ignored (PyTorch's
   * {@code ignore_index}), which is how fine-tuning trains on response tokens only.
   */
  @Override
  public double loss(PackedSequences.Batch batch, boolean backward, double gradScale) {
    int B = batch.batchSize();
    int T = batch.seqLen();
    int n = B * T;
    int d = c.hiddenSize();
    int V = c.vocabSize();
    Forward f = forward(batch.inputs(), B, T);
    float[] logits = f.logits();
    int counted = 0;
    for (int i = 0; i < n; i++) {
      counted += batch.targets()[i] >= 0 ? 1 : 0;
    }
    if (counted == 0) {
      throw new IllegalArgumentException("the batch has no target tokens");
    }
    // Cross-entropy; dlogits = (softmax − onehot)·scale/count in place, zero at ignored positions.
    // Rows in parallel, each row's loss kept and summed in order afterwards.
    double[] rowLoss = new double[n];
    int count = counted;
    Backprop.parallel(n, 16, (from, to) -> {
      for (int i = from; i < to; i++) {
        int o = i * V;
        int y = batch.targets()[i];
        if (y < 0) {
          java.util.Arrays.fill(logits, o, o + V, 0f);
          continue;
        }
        float max = VectorMath.max(logits, o, V);
        float target = logits[o + y];
        double z = VectorMath.expShifted(logits, o, V, max);      // logits row ← exp(logit − max)
        rowLoss[i] = Math.log(z) + max - target;
        if (backward) {
          VectorMath.crossEntropyGradient(logits, o, V, y, z, gradScale, count);
        }
      }
    });
    double loss = 0;
    for (int i = 0; i < n; i++) {
      loss += rowLoss[i];
    }
    loss /= counted;
    if (!backward) {
      return loss;
    }
    float[] dlogits = logits;
    float[] dhf = new float[n * d];
    Linear head = new Linear(model.lmHead(), null);
    if (frozen) {
      Gemm.multiply(dlogits, model.lmHead().data(), dhf, n, V, d);
    } else {
      Backprop.linear(head, f.hf(), dlogits, n, dhf, gHead, null);
    }
    float[] dh = new float[n * d];
    layerNormBackward(model.lnF(), f.beforeLnF(), dhf, n, dh, gLnFw, gLnFb);
    for (int l = layers.size() - 1; l >= 0; l--) {
      blockBackward(model.blocks().get(l), layers.get(l), f.saved().get(l), dh, B, T, f.rope());
    }
    if (!frozen) {
      for (int i = 0; i < n; i++) {
        int row = batch.inputs()[i] * d;
        for (int j = 0; j < d; j++) {
          gEmb[row + j] += dh[i * d + j];
        }
      }
    }
    return loss;
  }

  /** Layer norm backwards; with frozen weights (null gradients) only dx is computed. */
  private static void layerNormBackward(LayerNorm ln, float[] x, float[] dy, int n, float[] dx, float[] dw, float[] db) {
    int d = ln.weight().length;
    Backprop.layerNorm(ln, x, dy, n, dx, dw == null ? new float[d] : dw, db == null ? new float[d] : db);
  }

  private boolean parallelBlock() {
    return c.newDecoderArchitecture() || c.parallelAttn();
  }

  /** The block's forward (as {@link Block#forward}), h updated in place, activations returned. */
  private Saved blockForward(Block b, Layer layer, float[] h, int B, int T, float[][] rope) {
    int n = B * T;
    int d = c.hiddenSize();
    int H = c.numHeads();
    int kv = c.numKvHeads();
    int hd = c.headDim();
    float[][] xa = new float[4][];
    float[] in = h.clone();
    float[] attnIn = new float[n * d];
    b.lnAttn().forward(h, n, attnIn);
    float[] mlpIn = attnIn;
    if (c.twoLayerNorms()) {
      mlpIn = new float[n * d];
      b.lnMlp().forward(h, n, mlpIn);
    }
    Attention a = b.attn();
    int w = a.qkv().out();
    float[] fused = new float[n * w];
    xa[0] = layer.qkv().forward(attnIn, n, fused);
    float[] q = new float[n * H * hd];
    float[] k = new float[n * kv * hd];
    float[] v = new float[n * kv * hd];
    Backprop.parallel(n, 64, (from, to) -> {
      for (int i = from; i < to; i++) {
        int t = i % T;
        for (int hh = 0; hh < H; hh++) {
          System.arraycopy(fused, i * w + a.queryOffset(hh), q, (i * H + hh) * hd, hd);
          a.rope().rotate(q, (i * H + hh) * hd, rope[0], rope[1], t);
        }
        for (int g = 0; g < kv; g++) {
          System.arraycopy(fused, i * w + a.keyOffset(g), k, (i * kv + g) * hd, hd);
          System.arraycopy(fused, i * w + a.keyOffset(g) + hd, v, (i * kv + g) * hd, hd);
          a.rope().rotate(k, (i * kv + g) * hd, rope[0], rope[1], t);
        }
      }
    });
    float[] context = new float[n * H * hd];
    java.util.stream.IntStream.range(0, B * kv).parallel().forEach(u -> Backprop.attentionForward(q, k, v,
        u / kv * T * H * hd, u / kv * T * kv * hd, T, H, kv, hd, u % kv, context));   // [B·T, H·hd]
    float[] attnOut = new float[n * d];
    xa[1] = layer.dense().forward(context, n, attnOut);
    float[] mid = null;
    if (!parallelBlock()) {
      for (int i = 0; i < n * d; i++) {
        h[i] += attnOut[i];
      }
      mid = h.clone();
      mlpIn = new float[n * d];
      b.lnMlp().forward(h, n, mlpIn);
    }
    float[] hidden = new float[n * layer.up().base.out()];
    xa[2] = layer.up().forward(mlpIn, n, hidden);
    float[] hiddenGelu = new float[hidden.length];
    Backprop.parallel(hidden.length, 1 << 14, (from, to) -> VectorMath.gelu(hidden, hiddenGelu, from, to));
    float[] mlpOut = new float[n * d];
    xa[3] = layer.down().forward(hiddenGelu, n, mlpOut);
    for (int i = 0; i < n * d; i++) {
      h[i] += mlpOut[i] + (parallelBlock() ? attnOut[i] : 0f);
    }
    return new Saved(in, attnIn, mlpIn, mid, q, k, v, context, hidden, hiddenGelu, xa);
  }

  /** dh [B·T, d] enters as the gradient of the block's output and leaves as that of its input. */
  private void blockBackward(Block b, Layer g, Saved s, float[] dh, int B, int T, float[][] rope) {
    int n = B * T;
    int d = c.hiddenSize();
    int H = c.numHeads();
    int kv = c.numKvHeads();
    int hd = c.headDim();
    // MLP: out = down(gelu(up(mlpIn)))
    float[] dGelu = new float[n * g.up().base.out()];
    g.down().backward(s.hiddenGelu(), s.xa()[3], dh, n, dGelu);
    float[] dHidden = new float[dGelu.length];
    Backprop.gelu(s.hidden(), dGelu, dGelu.length, dHidden);
    float[] dMlpIn = new float[n * d];
    g.up().backward(s.mlpIn(), s.xa()[2], dHidden, n, dMlpIn);

    float[] dAttnOut = dh;                        // parallel: the output gradient reaches attention directly
    float[] dIn = dh.clone();                     // residual path
    if (!parallelBlock()) {
      // h_out = mid + mlp(ln2(mid)); mid = in + attn(ln1(in))
      float[] dMid = dh.clone();
      layerNormBackward(b.lnMlp(), s.mid(), dMlpIn, n, dMid, g.ln2w(), g.ln2b());
      dAttnOut = dMid;
      dIn = dMid.clone();
    }
    // Attention: out = dense(attention(rope(q), rope(k), v)); q, k, v from qkv(attnIn)
    Attention a = b.attn();
    float[] dContext = new float[n * H * hd];
    g.dense().backward(s.context(), s.xa()[1], dAttnOut, n, dContext);
    float[] dq = new float[n * H * hd];
    float[] dk = new float[n * kv * hd];
    float[] dv = new float[n * kv * hd];
    // One unit per (sequence, key/value group): units write disjoint slices, each in a fixed order.
    java.util.stream.IntStream.range(0, B * kv).parallel().forEach(u -> Backprop.attention(s.q(), s.k(), s.v(),
        dContext, u / kv * T * H * hd, u / kv * T * kv * hd, T, H, kv, hd, u % kv, dq, dk, dv));
    int w = a.qkv().out();
    float[] dFused = new float[n * w];
    Backprop.parallel(n, 64, (from, to) -> {
      for (int i = from; i < to; i++) {
        int t = i % T;
        for (int hh = 0; hh < H; hh++) {
          a.rope().rotateBack(dq, (i * H + hh) * hd, rope[0], rope[1], t);
          System.arraycopy(dq, (i * H + hh) * hd, dFused, i * w + a.queryOffset(hh), hd);
        }
        for (int gg = 0; gg < kv; gg++) {
          a.rope().rotateBack(dk, (i * kv + gg) * hd, rope[0], rope[1], t);
          System.arraycopy(dk, (i * kv + gg) * hd, dFused, i * w + a.keyOffset(gg), hd);
          System.arraycopy(dv, (i * kv + gg) * hd, dFused, i * w + a.keyOffset(gg) + hd, hd);
        }
      }
    });
    float[] dAttnIn = new float[n * d];
    g.qkv().backward(s.attnIn(), s.xa()[0], dFused, n, dAttnIn);
    if (parallelBlock()) {
      if (c.twoLayerNorms()) {
        layerNormBackward(b.lnMlp(), s.in(), dMlpIn, n, dIn, g.ln2w(), g.ln2b());
      } else {
        for (int i = 0; i < n * d; i++) {
          dAttnIn[i] += dMlpIn[i];               // one norm feeds both branches
        }
      }
    }
    layerNormBackward(b.lnAttn(), s.in(), dAttnIn, n, dIn, g.ln1w(), g.ln1b());
    System.arraycopy(dIn, 0, dh, 0, dh.length);
  }

  /**
   * Writes the model as a Hugging Face Falcon directory (config.json and model.safetensors) that any
   * Falcon loader reads; LoRA adapters, if any, are merged into the weights.
   */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), c.toJson());
    java.util.Map<String, SafetensorsWriter.Tensor> t = new java.util.LinkedHashMap<>();
    Matrix emb = model.embeddings();
    t.put("transformer.word_embeddings.weight", new SafetensorsWriter.Tensor(new int[] {emb.rows(), emb.cols()}, emb.data()));
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      Block b = model.blocks().get(l);
      String ln1 = c.twoLayerNorms() ? "ln_attn" : "input_layernorm";
      String ln2 = c.twoLayerNorms() ? "ln_mlp" : "post_attention_layernorm";
      vector(t, layer.prefix() + ln1 + ".weight", b.lnAttn().weight());
      vector(t, layer.prefix() + ln1 + ".bias", b.lnAttn().bias());
      if (b.lnMlp() != null) {
        vector(t, layer.prefix() + ln2 + ".weight", b.lnMlp().weight());
        vector(t, layer.prefix() + ln2 + ".bias", b.lnMlp().bias());
      }
      linear(t, layer.prefix() + "self_attention.query_key_value", layer.qkv());
      linear(t, layer.prefix() + "self_attention.dense", layer.dense());
      linear(t, layer.prefix() + "mlp.dense_h_to_4h", layer.up());
      linear(t, layer.prefix() + "mlp.dense_4h_to_h", layer.down());
    }
    vector(t, "transformer.ln_f.weight", model.lnF().weight());
    vector(t, "transformer.ln_f.bias", model.lnF().bias());
    if (model.lmHead() != model.embeddings()) {
      Matrix h = model.lmHead();
      t.put("lm_head.weight", new SafetensorsWriter.Tensor(new int[] {h.rows(), h.cols()}, h.data()));
    }
    SafetensorsWriter.write(dir.resolve("model.safetensors"), t);
  }

  private static void vector(java.util.Map<String, SafetensorsWriter.Tensor> t, String name, float[] v) {
    t.put(name, new SafetensorsWriter.Tensor(new int[] {v.length}, v));
  }

  private static void linear(java.util.Map<String, SafetensorsWriter.Tensor> t, String name, TrainableLinear l) {
    t.put(name + ".weight", new SafetensorsWriter.Tensor(new int[] {l.base.out(), l.base.in()}, l.mergedWeights()));
    if (l.base.bias() != null) {
      vector(t, name + ".bias", l.base.bias());
    }
  }

  /** The model with LoRA adapters merged into new weight arrays (the base model is left as it is). */
  public Falcon mergedModel() {
    if (!frozen) {
      return model;
    }
    List<Block> blocks = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      Block b = model.blocks().get(l);
      Attention a = Attention.of(c, merged(layer.qkv()), merged(layer.dense()));
      blocks.add(new Block(c, b.lnAttn(), b.lnMlp(), a, new Mlp(merged(layer.up()), merged(layer.down()))));
    }
    return new Falcon(c, model.embeddings(), blocks, model.lnF(), model.lmHead());
  }

  private static Linear merged(TrainableLinear l) {
    return new Linear(Matrix.of(l.base.out(), l.base.in(), l.mergedWeights()), l.base.bias());
  }

  /** Reads a PEFT adapter directory's rank, alpha and targets. */
  public static LoraParams adapterParams(Path dir) throws IOException {
    com.fasterxml.jackson.databind.JsonNode cfg = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(dir.resolve("adapter_config.json").toFile());
    List<String> targets = new ArrayList<>();
    cfg.path("target_modules").forEach(t -> targets.add(t.asText()));
    if (!"LORA".equals(cfg.path("peft_type").asText()) || cfg.path("r").asInt(-1) < 0) {
      throw new IOException(dir + "/adapter_config.json: not a LoRA adapter (peft_type LORA with r)");
    }
    return new LoraParams(cfg.path("r").asInt(), cfg.path("lora_alpha").asDouble(), targets);
  }

  /**
   * Writes the LoRA adapters in PEFT's layout: {@code adapter_config.json} and
   * {@code adapter_model.safetensors} with keys such as
   * {@code base_model.model.transformer.h.0.self_attention.query_key_value.lora_A.weight}.
   */
  public void saveAdapter(Path dir, LoraParams lora, String baseModel) throws IOException {
    if (!frozen) {
      throw new IllegalStateException("no adapters: this model trains all its weights");
    }
    Files.createDirectories(dir);
    java.util.Map<String, Object> cfg = new java.util.LinkedHashMap<>();
    cfg.put("peft_type", "LORA");
    cfg.put("task_type", "CAUSAL_LM");
    cfg.put("base_model_name_or_path", baseModel);
    cfg.put("r", lora.rank());
    cfg.put("lora_alpha", lora.alpha());
    cfg.put("lora_dropout", 0.0);
    cfg.put("target_modules", lora.targets());
    cfg.put("bias", "none");
    cfg.put("fan_in_fan_out", false);
    cfg.put("inference_mode", true);
    new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("adapter_config.json").toFile(), cfg);
    java.util.Map<String, SafetensorsWriter.Tensor> t = new java.util.LinkedHashMap<>();
    for (Parameter p : params) {
      t.put(p.name(), new SafetensorsWriter.Tensor(p.shape(), p.value()));
    }
    SafetensorsWriter.write(dir.resolve("adapter_model.safetensors"), t);
  }

  /**
   * Loads PEFT adapters saved by {@link #saveAdapter} onto this model's layers (mutating this
   * adapter model's parameters); the model must have been made by {@link #withLora} with the same rank.
   */
  public void loadAdapter(Path dir) throws IOException {
    java.util.Map<String, float[]> t = TrainingCheckpoint.readF32(dir.resolve("adapter_model.safetensors"));
    for (Parameter p : params) {
      float[] v = t.get(p.name());
      if (v == null || v.length != p.size()) {
        throw new IOException(dir + ": adapter_model.safetensors " + (v == null ? "lacks " + p.name()
            : "has the wrong size for " + p.name()));
      }
      System.arraycopy(v, 0, p.value(), 0, v.length);
    }
  }
}
