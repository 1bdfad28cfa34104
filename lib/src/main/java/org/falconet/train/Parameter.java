package org.falconet.train;

import java.util.Arrays;

/**
 * One trainable tensor: its checkpoint name (e.g. {@code transformer.h.0.mlp.dense_h_to_4h.weight}),
 * shape, values and the gradient accumulated by the backward pass, both row-major float arrays.
 *
 * @param name  the Hugging Face checkpoint key
 * @param shape dimensions, outermost first
 * @param value the parameter's values (mutated by the optimizer)
 * @param grad  the accumulated gradient, same length (mutated by backward passes, zeroed per step)
 */
public record Parameter(String name, int[] shape, float[] value, float[] grad) {
  public Parameter {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != value.length || value.length != grad.length) {
      throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
          + " values, got " + value.length + " values and " + grad.length + " gradients");
    }
  }

  /** A parameter with a zero gradient. */
  public static Parameter of(String name, float[] value, int... shape) {
    return new Parameter(name, shape.clone(), value, new float[value.length]);
  }

  public int size() {
    return value.length;
  }

  /** Matrices decay, vectors (biases, layer-norm gains) do not: the usual choice (nanoGPT, GPT-3). */
  public boolean decays() {
    return shape.length >= 2;
  }

  public void zeroGrad() {
    Arrays.fill(grad, 0f);
  }
}
