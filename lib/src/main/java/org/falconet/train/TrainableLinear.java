package org.falconet.train;

import java.util.SplittableRandom;
import org.falconet.model.Linear;

/**
 * One of the model's {@link Linear} layers during training: the same weights, the gradient arrays
 * they accumulate into (none when frozen), and an optional LoRA adapter whose low-rank update is
 * added to the layer's output.
 */
final class TrainableLinear {
  final Linear base;
  final float[] gradW;       // null when the base weights are frozen
  final float[] gradB;
  Parameter loraA;           // [r, in], or null
  Parameter loraB;           // [out, r]
  double scale;

  TrainableLinear(Linear base, float[] gradW, float[] gradB) {
    this.base = base;
    this.gradW = gradW;
    this.gradB = gradB;
  }

  /** A copy with frozen base weights and a fresh adapter of rank {@code r}. */
  TrainableLinear withAdapter(String name, LoraParams lora, SplittableRandom rnd) {
    TrainableLinear t = new TrainableLinear(base, null, null);
    int r = lora.rank();
    float[] a = new float[r * base.in()];
    double bound = 1 / Math.sqrt(base.in());
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    }
    t.loraA = Parameter.of(name + ".lora_A.weight", a, r, base.in());
    t.loraB = Parameter.of(name + ".lora_B.weight", new float[base.out() * r], base.out(), r);
    t.scale = lora.scale();
    return t;
  }

  boolean hasAdapter() {
    return loraA != null && loraA.shape()[0] > 0;
  }

  /** y [N, out] = x·Wᵀ + b + scale·(x·Aᵀ)·Bᵀ; returns x·Aᵀ [N, r] for the backward pass (null without adapter). */
  float[] forward(float[] x, int n, float[] y) {
    Backprop.linearForward(base, x, n, y);
    if (!hasAdapter()) {
      return null;
    }
    int r = loraA.shape()[0];
    int out = base.out();
    float[] xa = new float[n * r];
    int in = base.in();
    Gemm.gemm(false, true, n, r, in, x, 0, in, loraA.value(), 0, in, xa, 0, r, false, true);      // [N, r] = x·Aᵀ
    float[] delta = new float[n * out];
    Gemm.gemm(false, true, n, out, r, xa, 0, r, loraB.value(), 0, r, delta, 0, out, false, true); // [N, out] = xa·Bᵀ
    float s = (float) scale;
    for (int i = 0; i < delta.length; i++) {
      y[i] += s * delta[i];
    }
    return xa;
  }

  /** Backwards through the layer: gradients of trained weights accumulate; dx (if not null) is overwritten. */
  void backward(float[] x, float[] xa, float[] dy, int n, float[] dx) {
    if (gradW != null) {
      Backprop.linear(base, x, dy, n, dx, gradW, gradB);
    } else if (dx != null) {
      Gemm.multiply(dy, base.weight().data(), dx, n, base.out(), base.in());                   // frozen: only dx
    }
    if (!hasAdapter()) {
      return;
    }
    int r = loraA.shape()[0];
    int out = base.out();
    int in = base.in();
    float s = (float) scale;
    // dB [out, r] += s·dyᵀ·xa
    float[] dB = new float[out * r];
    Gemm.gemm(true, false, out, r, n, dy, 0, out, xa, 0, r, dB, 0, r, false, true);              // [out, r] = dyᵀ·xa
    for (int i = 0; i < dB.length; i++) {
      loraB.grad()[i] += s * dB[i];
    }
    // dxa [N, r] = s·dy·B
    float[] dxa = new float[n * r];
    Gemm.multiply(dy, loraB.value(), dxa, n, out, r);
    for (int i = 0; i < dxa.length; i++) {
      dxa[i] *= s;
    }
    // dA [r, in] += dxaᵀ·x
    float[] dA = new float[r * in];
    Gemm.gemm(true, false, r, in, n, dxa, 0, r, x, 0, in, dA, 0, in, false, true);                // [r, in] = dxaᵀ·x
    for (int i = 0; i < dA.length; i++) {
      loraA.grad()[i] += dA[i];
    }
    if (dx != null) {
      float[] dxLora = new float[n * in];
      Gemm.multiply(dxa, loraA.value(), dxLora, n, r, in);                                    // [N, in]
      for (int i = 0; i < dxLora.length; i++) {
        dx[i] += dxLora[i];
      }
    }
  }

  /** W + scale·B·A as a fresh array: the adapter merged into the weights. */
  float[] mergedWeights() {
    float[] w = base.weight().data().clone();
    if (!hasAdapter()) {
      return w;
    }
    int r = loraA.shape()[0];
    float[] ba = new float[base.out() * base.in()];
    Gemm.multiply(loraB.value(), loraA.value(), ba, base.out(), r, base.in());
    float s = (float) scale;
    for (int i = 0; i < w.length; i++) {
      w[i] += s * ba[i];
    }
    return w;
  }
}
