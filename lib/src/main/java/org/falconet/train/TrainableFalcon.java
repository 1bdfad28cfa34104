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
import org.falconet.model.Gelu;
import org.falconet.model.LayerNorm;
import org.falconet.model.Linear;
import org.falconet.model.Matrix;
import org.falconet.model.Mlp;

/**
 * A {@link Falcon} made trainable: the forward pass is the inference model's own layers (its
 * linears, layer norms, rotary tables, GELU and flash attention kernel), run over a batch while
 * keeping the activations the backward pass needs; {@link Backprop} supplies each layer's
 * derivative. The parameters are the model's own weight arrays, so the optimiser's updates are seen
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
  private final List<LayerGrads> layerGrads = new ArrayList<>();

  /** Gradient arrays of one block, named after the checkpoint keys they belong to. */
  private record LayerGrads(float[] ln1w, float[] ln1b, float[] ln2w, float[] ln2b, float[] qkvW, float[] qkvB,
                            float[] denseW, float[] denseB, float[] upW, float[] upB, float[] downW, float[] downB) {}

  public TrainableFalcon(Falcon model) {
    this.model = model;
    this.c = model.config();
    if (c.alibi()) {
      throw new IllegalArgumentException("training supports rotary Falcons only; this config uses ALiBi");
    }
    int d = c.hiddenSize();
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
      Attention a = b.attn();
      layerGrads.add(new LayerGrads(ln1w, ln1b, ln2w, ln2b,
          matrixParam(p + "self_attention.query_key_value.weight", a.qkv().weight()), biasParam(p + "self_attention.query_key_value.bias", a.qkv()),
          matrixParam(p + "self_attention.dense.weight", a.dense().weight()), biasParam(p + "self_attention.dense.bias", a.dense()),
          matrixParam(p + "mlp.dense_h_to_4h.weight", b.mlp().up().weight()), biasParam(p + "mlp.dense_h_to_4h.bias", b.mlp().up()),
          matrixParam(p + "mlp.dense_4h_to_h.weight", b.mlp().down().weight()), biasParam(p + "mlp.dense_4h_to_h.bias", b.mlp().down())));
    }
    gLnFw = vectorParam("transformer.ln_f.weight", model.lnF().weight());
    gLnFb = vectorParam("transformer.ln_f.bias", model.lnF().bias());
    if (d != model.lnF().weight().length) {
      throw new IllegalStateException("ln_f does not match hidden size");
    }
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
    if (m.isBf16()) {
      throw new IllegalArgumentException(name + " is bfloat16; training needs float32 weights");
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

  private float[] biasParam(String name, Linear l) {
    return l.bias() == null ? null : vectorParam(name, l.bias());
  }

  public Falcon model() {
    return model;
  }

  @Override
  public List<Parameter> parameters() {
    return params;
  }

  /** Activations of one block kept for its backward pass. */
  private record Saved(float[] in, float[] attnIn, float[] mlpIn, float[] mid, float[] q, float[] k, float[] v,
                       float[] context, float[] hidden, float[] hiddenGelu) {}

  @Override
  public double loss(PackedSequences.Batch batch, boolean backward, double gradScale) {
    int B = batch.batchSize();
    int T = batch.seqLen();
    int n = B * T;
    int d = c.hiddenSize();
    int V = c.vocabSize();
    float[] h = new float[n * d];                                   // [B·T, d]
    for (int i = 0; i < n; i++) {
      int id = batch.inputs()[i];
      if (id < 0 || id >= V) {
        throw new IllegalArgumentException("token id " + id + " outside the vocabulary");
      }
      model.embeddings().rowTo(id, h, i * d);
    }
    float[][] rope = model.blocks().get(0).attn().rope().table(0, T);
    List<Saved> saved = new ArrayList<>();
    for (Block b : model.blocks()) {
      saved.add(blockForward(b, h, B, T, rope));
    }
    float[] beforeLnF = h.clone();
    float[] hf = new float[n * d];
    model.lnF().forward(h, n, hf);                                  // [B·T, d]
    float[] logits = new float[n * V];
    Backprop.linearForward(new Linear(model.lmHead(), null), hf, n, logits);   // [B·T, V]

    // Cross-entropy, mean over tokens; dlogits = (softmax − onehot)·scale/N, in place.
    double loss = 0;
    for (int i = 0; i < n; i++) {
      int o = i * V;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < V; j++) {
        max = Math.max(max, logits[o + j]);
      }
      double z = 0;
      for (int j = 0; j < V; j++) {
        z += Math.exp(logits[o + j] - max);
      }
      int y = batch.targets()[i];
      loss += Math.log(z) + max - logits[o + y];
      if (backward) {
        for (int j = 0; j < V; j++) {
          double pj = Math.exp(logits[o + j] - max) / z;
          logits[o + j] = (float) ((pj - (j == y ? 1 : 0)) * gradScale / n);
        }
      }
    }
    loss /= n;
    if (!backward) {
      return loss;
    }
    float[] dlogits = logits;
    float[] dhf = new float[n * d];
    Backprop.linear(new Linear(model.lmHead(), null), hf, dlogits, n, dhf, gHead, null);
    float[] dh = new float[n * d];
    Backprop.layerNorm(model.lnF(), beforeLnF, dhf, n, dh, gLnFw, gLnFb);
    for (int l = model.blocks().size() - 1; l >= 0; l--) {
      blockBackward(model.blocks().get(l), layerGrads.get(l), saved.get(l), dh, B, T, rope);
    }
    for (int i = 0; i < n; i++) {
      int row = batch.inputs()[i] * d;
      for (int j = 0; j < d; j++) {
        gEmb[row + j] += dh[i * d + j];
      }
    }
    return loss;
  }

  private boolean parallelBlock() {
    return c.newDecoderArchitecture() || c.parallelAttn();
  }

  /** The block's forward (as {@link Block#forward}), h updated in place, activations returned. */
  private Saved blockForward(Block b, float[] h, int B, int T, float[][] rope) {
    int n = B * T;
    int d = c.hiddenSize();
    int H = c.numHeads();
    int kv = c.numKvHeads();
    int hd = c.headDim();
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
    Backprop.linearForward(a.qkv(), attnIn, n, fused);
    float[] q = new float[n * H * hd];
    float[] k = new float[n * kv * hd];
    float[] v = new float[n * kv * hd];
    for (int i = 0; i < n; i++) {
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
    float[] context = new float[n * H * hd];
    for (int s = 0; s < B; s++) {
      float[] cs = new float[T * H * hd];
      a.kernel().flash(java.util.Arrays.copyOfRange(q, s * T * H * hd, (s + 1) * T * H * hd),
          java.util.Arrays.copyOfRange(k, s * T * kv * hd, (s + 1) * T * kv * hd),
          java.util.Arrays.copyOfRange(v, s * T * kv * hd, (s + 1) * T * kv * hd), T, 0, cs);
      System.arraycopy(cs, 0, context, s * T * H * hd, cs.length);
    }
    float[] attnOut = new float[n * d];
    Backprop.linearForward(a.dense(), context, n, attnOut);
    float[] mid = null;
    if (!parallelBlock()) {
      for (int i = 0; i < n * d; i++) {
        h[i] += attnOut[i];
      }
      mid = h.clone();
      mlpIn = new float[n * d];
      b.lnMlp().forward(h, n, mlpIn);
    }
    Mlp m = b.mlp();
    float[] hidden = new float[n * m.up().out()];
    Backprop.linearForward(m.up(), mlpIn, n, hidden);
    float[] hiddenGelu = new float[hidden.length];
    for (int i = 0; i < hidden.length; i++) {
      hiddenGelu[i] = Gelu.apply(hidden[i]);
    }
    float[] mlpOut = new float[n * d];
    Backprop.linearForward(m.down(), hiddenGelu, n, mlpOut);
    for (int i = 0; i < n * d; i++) {
      h[i] += mlpOut[i] + (parallelBlock() ? attnOut[i] : 0f);
    }
    return new Saved(in, attnIn, mlpIn, mid, q, k, v, context, hidden, hiddenGelu);
  }

  /** dh [B·T, d] enters as the gradient of the block's output and leaves as that of its input. */
  private void blockBackward(Block b, LayerGrads g, Saved s, float[] dh, int B, int T, float[][] rope) {
    int n = B * T;
    int d = c.hiddenSize();
    int H = c.numHeads();
    int kv = c.numKvHeads();
    int hd = c.headDim();
    Mlp m = b.mlp();
    // MLP: out = down(gelu(up(mlpIn)))
    float[] dGelu = new float[n * m.up().out()];
    Backprop.linear(m.down(), s.hiddenGelu(), dh, n, dGelu, g.downW(), g.downB());
    float[] dHidden = new float[dGelu.length];
    Backprop.gelu(s.hidden(), dGelu, dGelu.length, dHidden);
    float[] dMlpIn = new float[n * d];
    Backprop.linear(m.up(), s.mlpIn(), dHidden, n, dMlpIn, g.upW(), g.upB());

    float[] dAttnOut = dh;                        // parallel: the output gradient reaches attention directly
    float[] dIn = dh.clone();                     // residual path
    if (!parallelBlock()) {
      // h_out = mid + mlp(ln2(mid)); mid = in + attn(ln1(in))
      float[] dMid = dh.clone();
      Backprop.layerNorm(b.lnMlp(), s.mid(), dMlpIn, n, dMid, g.ln2w(), g.ln2b());
      dAttnOut = dMid;
      dIn = dMid.clone();
    }
    // Attention: out = dense(attention(rope(q), rope(k), v)); q, k, v from qkv(attnIn)
    Attention a = b.attn();
    float[] dContext = new float[n * H * hd];
    Backprop.linear(a.dense(), s.context(), dAttnOut, n, dContext, g.denseW(), g.denseB());
    float[] dq = new float[n * H * hd];
    float[] dk = new float[n * kv * hd];
    float[] dv = new float[n * kv * hd];
    Backprop.parallel(B, seq -> {
      int qo = seq * T * H * hd;
      int ko = seq * T * kv * hd;
      float[] dqs = new float[T * H * hd];
      float[] dks = new float[T * kv * hd];
      float[] dvs = new float[T * kv * hd];
      Backprop.attention(java.util.Arrays.copyOfRange(s.q(), qo, qo + T * H * hd),
          java.util.Arrays.copyOfRange(s.k(), ko, ko + T * kv * hd), java.util.Arrays.copyOfRange(s.v(), ko, ko + T * kv * hd),
          java.util.Arrays.copyOfRange(dContext, qo, qo + T * H * hd), T, H, kv, hd, dqs, dks, dvs);
      System.arraycopy(dqs, 0, dq, qo, dqs.length);
      System.arraycopy(dks, 0, dk, ko, dks.length);
      System.arraycopy(dvs, 0, dv, ko, dvs.length);
    });
    int w = a.qkv().out();
    float[] dFused = new float[n * w];
    for (int i = 0; i < n; i++) {
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
    float[] dAttnIn = new float[n * d];
    Backprop.linear(a.qkv(), s.attnIn(), dFused, n, dAttnIn, g.qkvW(), g.qkvB());
    if (parallelBlock()) {
      if (c.twoLayerNorms()) {
        Backprop.layerNorm(b.lnMlp(), s.in(), dMlpIn, n, dIn, g.ln2w(), g.ln2b());
      } else {
        for (int i = 0; i < n * d; i++) {
          dAttnIn[i] += dMlpIn[i];               // one norm feeds both branches
        }
      }
    }
    Backprop.layerNorm(b.lnAttn(), s.in(), dAttnIn, n, dIn, g.ln1w(), g.ln1b());
    System.arraycopy(dIn, 0, dh, 0, dh.length);
  }

  /** Writes the model as a Hugging Face Falcon directory: config.json and model.safetensors. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), c.toJson());
    java.util.Map<String, SafetensorsWriter.Tensor> tensors = new java.util.LinkedHashMap<>();
    for (Parameter p : params) {
      tensors.put(p.name(), new SafetensorsWriter.Tensor(p.shape(), p.value()));
    }
    SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, java.util.Map.of("format", "pt"));
  }
}
