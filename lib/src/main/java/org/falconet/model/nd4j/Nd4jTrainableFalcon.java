package org.falconet.model.nd4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.falconet.model.FalconConfig;
import org.falconet.model.Rope;
import org.falconet.train.PackedSequences;
import org.falconet.train.Parameter;
import org.falconet.train.TrainableFalcon;
import org.falconet.train.TrainableModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training on ND4J: the forward pass of {@link Nd4jFalcon} over a batch, keeping its activations, and the
 * hand-written backward pass of each layer as array operations (the same derivatives as
 * {@link org.falconet.train.Backprop}). The parameters are those of a {@link TrainableFalcon}, the Java arrays the
 * {@link org.falconet.train.Trainer}'s AdamW, clipping and schedule update and its checkpoints write, so a run
 * writes the same Hugging Face checkpoints on either backend. Each call copies the weights to the device and the
 * gradients back, which costs 2 × the parameter bytes per micro-batch.
 *
 * <pre>{@code
 * TrainableModel model = new Nd4jTrainableFalcon(new TrainableFalcon(TrainableFalcon.initialize(config, seed)));
 * new Trainer(model, data, trainerConfig).train(out, null);
 * }</pre>
 *
 * <p>Trains every weight of the rotary variants (as {@link TrainableFalcon}); LoRA adapters train on the Java backend.
 */
public final class Nd4jTrainableFalcon implements TrainableModel {
  private final TrainableFalcon base;
  private final FalconConfig c;
  private final Map<String, Parameter> byName = new HashMap<>();
  private final int[] qkvOrder;
  private final Rope rope;

  /** Trains {@code base}'s parameters (every weight) with ND4J arithmetic. */
  public Nd4jTrainableFalcon(TrainableFalcon base) {
    Nd4jDevice.require();
    this.base = base;
    this.c = base.model().config();
    for (Parameter p : base.parameters()) byName.put(p.name(), p);
    if (!byName.containsKey("transformer.word_embeddings.weight")) {
      throw new IllegalArgumentException("ND4J training trains every weight; LoRA adapters train on the Java backend");
    }
    this.qkvOrder = QkvRows.order(c);
    this.rope = new Rope(c.headDim(), c.ropeTheta());
  }

  @Override
  public List<Parameter> parameters() {
    return base.parameters();
  }

  /** The Java-backend model sharing these weights (for generation after training). */
  public TrainableFalcon base() {
    return base;
  }

  /** Writes the model as a Hugging Face Falcon directory, as {@link TrainableFalcon#save} does. */
  public void save(Path dir) throws IOException {
    base.save(dir);
  }

  /** A parameter's values on the device, and its gradient there (zero), rows reordered when {@code order} is given. */
  private final class Weight {
    final String name;
    final INDArray value;
    final INDArray grad;
    final int[] order;

    Weight(String name, int[] order) {
      Parameter p = byName.get(name);
      if (p == null) throw new IllegalStateException("no parameter " + name);
      this.name = name;
      this.order = order;
      long[] shape = new long[p.shape().length];
      for (int i = 0; i < shape.length; i++) shape[i] = p.shape()[i];
      INDArray v = Nd4j.create(p.value(), shape, 'c');
      if (order != null) v = shape.length == 2 ? v.getRows(order) : Nd4j.create(permute(p.value(), order), shape, 'c');
      this.value = v;
      this.grad = Nd4j.zerosLike(v);
    }

    /** Adds the gradient to the parameter's (host) gradient, rows back in checkpoint order. */
    void addTo() {
      Parameter p = byName.get(name);
      float[] g = grad.dup('c').data().asFloat();
      float[] dst = p.grad();
      if (order == null) {
        for (int i = 0; i < g.length; i++) dst[i] += g[i];
        return;
      }
      int cols = g.length / order.length;
      for (int r = 0; r < order.length; r++) {
        for (int j = 0; j < cols; j++) dst[order[r] * cols + j] += g[r * cols + j];
      }
    }
  }

  private static float[] permute(float[] x, int[] order) {
    float[] y = new float[order.length];
    for (int i = 0; i < order.length; i++) y[i] = x[order[i]];
    return y;
  }

  /** A linear's weight and bias (or null). */
  private record Lin(Weight w, Weight b) {
    INDArray forward(INDArray x) {                       // x·Wᵀ + b
      INDArray y = x.mmul(w.value.transpose());
      if (b != null) y.addiRowVector(b.value);
      return y;
    }

    INDArray backward(INDArray x, INDArray dy) {         // dW += dyᵀ·x, db += Σ dy, returns dx = dy·W
      w.grad.addi(dy.transpose().mmul(x));
      if (b != null) b.grad.addi(dy.sum(0));
      return dy.mmul(w.value);
    }
  }

  private record Norm(Weight gamma, Weight beta) {
    Nd4jLayerNorm op(double eps) {
      return new Nd4jLayerNorm(gamma.value, beta.value, eps);
    }
  }

  private record Layer(Norm ln1, Norm ln2, Lin qkv, Lin dense, Lin up, Lin down) {}

  /** One block's activations kept for its backward pass. */
  private record Saved(Nd4jLayerNorm.Normalized n1, Nd4jLayerNorm.Normalized n2, INDArray attnIn, INDArray mlpIn,
                       INDArray q3, INDArray k3, INDArray v3, CausalAttention.Result attention, INDArray context,
                       INDArray hidden, INDArray act, INDArray out) {}

  private Lin lin(String name) {
    boolean qkv = name.endsWith("query_key_value");
    return new Lin(new Weight(name + ".weight", qkv ? qkvOrder : null),
        c.bias() ? new Weight(name + ".bias", qkv ? qkvOrder : null) : null);
  }

  private Norm norm(String name) {
    return new Norm(new Weight(name + ".weight", null), new Weight(name + ".bias", null));
  }

  private boolean parallel() {
    return c.newDecoderArchitecture() || c.parallelAttn();
  }

  /**
   * Mean cross-entropy over the targets that are not negative (a negative target is ignored); with
   * {@code backward}, adds d(loss·gradScale)/dθ to every parameter's gradient.
   */
  @Override
  public double loss(PackedSequences.Batch batch, boolean backward, double gradScale) {
    int B = batch.batchSize();
    int T = batch.seqLen();
    int n = B * T;
    int V = c.vocabSize();
    int[] targets = batch.targets();
    for (int id : batch.inputs()) {
      if (id < 0 || id >= V) throw new IllegalArgumentException("token id " + id + " outside the vocabulary");
    }
    // ---- weights onto the device ----
    Weight emb = new Weight("transformer.word_embeddings.weight", null);
    Weight head = byName.containsKey("lm_head.weight") ? new Weight("lm_head.weight", null) : emb;
    List<Layer> layers = new ArrayList<>();
    for (int l = 0; l < c.numLayers(); l++) {
      String p = "transformer.h." + l + ".";
      Norm ln1 = norm(p + (c.twoLayerNorms() ? "ln_attn" : "input_layernorm"));
      Norm ln2 = c.twoLayerNorms() ? norm(p + "ln_mlp") : parallel() ? null : norm(p + "post_attention_layernorm");
      layers.add(new Layer(ln1, ln2, lin(p + "self_attention.query_key_value"), lin(p + "self_attention.dense"),
          lin(p + "mlp.dense_h_to_4h"), lin(p + "mlp.dense_4h_to_h")));
    }
    Norm lnF = norm("transformer.ln_f");

    // ---- forward ----
    Nd4jRope r = new Nd4jRope(rope, c.headDim(), 0, T, B);
    INDArray mask = CausalAttention.mask(T, 0);
    INDArray h = emb.value.getRows(batch.inputs());                               // [B·T, d]
    List<Saved> saved = new ArrayList<>();
    for (Layer layer : layers) {
      Saved s = blockForward(layer, h, B, T, r, mask);
      saved.add(s);
      h = s.out();
    }
    Nd4jLayerNorm.Normalized nf = lnF.op(c.layerNormEpsilon()).normalize(h);
    INDArray logits = nf.out().mmul(head.value.transpose());                      // [B·T, V]
    INDArray logp = Nd4j.exec(new LogSoftMax(logits, 1))[0];                      // [B·T, V]
    float[] onehot = new float[n * V];
    float[] rowMask = new float[n];
    int counted = 0;
    for (int i = 0; i < n; i++) {
      if (targets[i] < 0) continue;
      if (targets[i] >= V) throw new IllegalArgumentException("target id " + targets[i] + " outside the vocabulary");
      onehot[i * V + targets[i]] = 1;
      rowMask[i] = 1;
      counted++;
    }
    if (counted == 0) throw new IllegalArgumentException("the batch has no target tokens");
    INDArray y = Nd4j.create(onehot, new long[] {n, V}, 'c');
    double loss = -logp.mul(y).sumNumber().doubleValue() / counted;
    if (!backward) return loss;

    // ---- backward ----
    INDArray rows = Nd4j.create(rowMask, new long[] {n, 1}, 'c');
    INDArray dlogits = Transforms.exp(logp, false).muli(rows).subi(y).muli(gradScale / counted);   // [B·T, V]
    head.grad.addi(dlogits.transpose().mmul(nf.out()));                                           // [V, d]
    INDArray dh = lnF.op(c.layerNormEpsilon()).backward(nf, dlogits.mmul(head.value), lnF.gamma().grad, lnF.beta().grad);
    for (int l = layers.size() - 1; l >= 0; l--) dh = blockBackward(layers.get(l), saved.get(l), dh, B, T, r);
    float[] dEmbRows = dh.dup('c').data().asFloat();                              // [B·T, d] to the host
    int d = c.hiddenSize();
    float[] gEmb = byName.get("transformer.word_embeddings.weight").grad();
    for (int i = 0; i < n; i++) {
      int row = batch.inputs()[i] * d;
      for (int j = 0; j < d; j++) gEmb[row + j] += dEmbRows[i * d + j];
    }
    // ---- gradients back to the host ----
    head.addTo();                              // the tied head's gradient lands on the embeddings
    for (Layer layer : layers) {
      for (Norm nm : new Norm[] {layer.ln1(), layer.ln2()}) {
        if (nm != null) {
          nm.gamma().addTo();
          nm.beta().addTo();
        }
      }
      for (Lin lin : new Lin[] {layer.qkv(), layer.dense(), layer.up(), layer.down()}) {
        lin.w().addTo();
        if (lin.b() != null) lin.b().addTo();
      }
    }
    lnF.gamma().addTo();
    lnF.beta().addTo();
    return loss;
  }

  /** The block's forward pass over h [B·T, d], its output and activations. */
  private Saved blockForward(Layer g, INDArray h, int B, int T, Nd4jRope r, INDArray mask) {
    int n = B * T;
    int H = c.numHeads();
    int kv = c.numKvHeads();
    int hd = c.headDim();
    int G = H / kv;
    double eps = c.layerNormEpsilon();
    Nd4jLayerNorm.Normalized n1 = g.ln1().op(eps).normalize(h);
    INDArray attnIn = n1.out();                                                         // [B·T, d]
    Nd4jLayerNorm.Normalized n2 = c.twoLayerNorms() ? g.ln2().op(eps).normalize(h) : null;
    INDArray fused = g.qkv().forward(attnIn);                                           // [B·T, (H + 2kv)·hd]
    INDArray q = r.rotate(fused.get(all(), interval(0, H * hd)).dup('c').reshape(n, H, hd), false);
    INDArray k = r.rotate(fused.get(all(), interval(H * hd, (H + kv) * hd)).dup('c').reshape(n, kv, hd), false);
    INDArray v = fused.get(all(), interval((H + kv) * hd, (H + 2 * kv) * hd)).dup('c');
    // one attention problem per (sequence, key/value head): [B·kv, G·T, hd] queries, [B·kv, T, hd] keys and values
    INDArray q3 = q.reshape(B, T, kv, G, hd).permute(0, 2, 3, 1, 4).dup('c').reshape((long) B * kv, (long) G * T, hd);
    INDArray k3 = k.reshape(B, T, kv, hd).permute(0, 2, 1, 3).dup('c').reshape((long) B * kv, T, hd);
    INDArray v3 = v.reshape(B, T, kv, hd).permute(0, 2, 1, 3).dup('c').reshape((long) B * kv, T, hd);
    CausalAttention.Result a = CausalAttention.forward(q3, k3, v3, G, T, mask, null);
    INDArray context = a.out().reshape(B, kv, G, T, hd).permute(0, 3, 1, 2, 4).dup('c').reshape(n, (long) H * hd);
    INDArray attnOut = g.dense().forward(context);                                      // [B·T, d]
    INDArray mlpIn;
    INDArray mid = null;
    if (parallel()) {
      mlpIn = c.twoLayerNorms() ? n2.out() : attnIn;
    } else {
      mid = h.add(attnOut);
      n2 = g.ln2().op(eps).normalize(mid);
      mlpIn = n2.out();
    }
    INDArray hidden = g.up().forward(mlpIn);                                            // [B·T, ffn]
    INDArray act = Nd4jGelu.forward(hidden);
    INDArray mlpOut = g.down().forward(act);                                            // [B·T, d]
    INDArray out = parallel() ? h.add(attnOut).addi(mlpOut) : mid.add(mlpOut);
    return new Saved(n1, n2, attnIn, mlpIn, q3, k3, v3, a, context, hidden, act, out);
  }

  /** dh [B·T, d], the gradient of the block's output → that of its input; adds the weights' gradients. */
  private INDArray blockBackward(Layer g, Saved s, INDArray dh, int B, int T, Nd4jRope r) {
    int n = B * T;
    int H = c.numHeads();
    int kv = c.numKvHeads();
    int hd = c.headDim();
    int G = H / kv;
    double eps = c.layerNormEpsilon();
    INDArray dAct = g.down().backward(s.act(), dh);                                     // [B·T, ffn]
    INDArray dMlpIn = g.up().backward(s.mlpIn(), Nd4jGelu.backward(s.hidden(), dAct));  // [B·T, d]
    INDArray dAttnOut = dh;
    INDArray dIn;
    if (parallel()) {
      dIn = dh.dup();
    } else {                                   // out = mid + mlp(ln2(mid)), mid = in + attn(ln1(in))
      INDArray dMid = dh.add(g.ln2().op(eps).backward(s.n2(), dMlpIn, g.ln2().gamma().grad, g.ln2().beta().grad));
      dAttnOut = dMid;
      dIn = dMid.dup();
    }
    INDArray dContext = g.dense().backward(s.context(), dAttnOut);                      // [B·T, H·hd]
    INDArray dO = dContext.reshape(B, T, kv, G, hd).permute(0, 2, 3, 1, 4).dup('c').reshape((long) B * kv, (long) G * T, hd);
    CausalAttention.Gradients ga = CausalAttention.backward(s.attention(), s.q3(), s.k3(), s.v3(), dO);
    INDArray dq = ga.dq().reshape(B, kv, G, T, hd).permute(0, 3, 1, 2, 4).dup('c').reshape(n, H, hd);
    INDArray dk = ga.dk().reshape(B, kv, T, hd).permute(0, 2, 1, 3).dup('c').reshape(n, kv, hd);
    INDArray dv = ga.dv().reshape(B, kv, T, hd).permute(0, 2, 1, 3).dup('c').reshape(n, (long) kv * hd);
    INDArray dFused = Nd4j.concat(1, r.rotate(dq, true).reshape(n, (long) H * hd),
        r.rotate(dk, true).reshape(n, (long) kv * hd), dv);                              // [B·T, (H + 2kv)·hd]
    INDArray dAttnIn = g.qkv().backward(s.attnIn(), dFused);                            // [B·T, d]
    if (parallel()) {
      if (c.twoLayerNorms()) {
        dIn.addi(g.ln2().op(eps).backward(s.n2(), dMlpIn, g.ln2().gamma().grad, g.ln2().beta().grad));
      } else {
        dAttnIn.addi(dMlpIn);                  // one norm feeds both branches
      }
    }
    return dIn.addi(g.ln1().op(eps).backward(s.n1(), dAttnIn, g.ln1().gamma().grad, g.ln1().beta().grad));
  }
}
