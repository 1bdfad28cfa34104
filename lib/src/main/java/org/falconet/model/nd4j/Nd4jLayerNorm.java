package org.falconet.model.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Layer normalisation y = (x − μ) / √(σ² + ε) · γ + β over the last dimension, with the biased variance, written
 * from ND4J operations because ND4J's own {@code layer_norm} op has no ε.
 *
 * @param gamma γ [d]
 * @param beta  β [d]
 * @param eps   ε (the config's layer_norm_epsilon)
 */
public record Nd4jLayerNorm(INDArray gamma, INDArray beta, double eps) {

  /** The normalised rows and what the backward pass needs from the forward. */
  public record Normalized(INDArray out, INDArray xhat, INDArray inverseStd) {}

  /** x [n, d] → LN(x) [n, d]; x is not modified. */
  public INDArray forward(INDArray x) {
    return normalize(x).out();
  }

  /** The forward pass keeping x̂ = (x − μ)/√(σ² + ε) [n, d] and 1/√(σ² + ε) [n, 1] for {@link #backward}. */
  public Normalized normalize(INDArray x) {
    INDArray mean = x.mean(true, 1);                      // [n, 1]
    INDArray centred = x.sub(mean);                       // [n, d]
    INDArray variance = centred.mul(centred).mean(true, 1);
    INDArray inv = Transforms.pow(variance.addi(eps), -0.5, false);   // [n, 1]
    INDArray xhat = centred.muli(inv);
    return new Normalized(xhat.mulRowVector(gamma).addiRowVector(beta), xhat, inv);
  }

  /**
   * The gradient of the input from that of the output dy [n, d]; adds dγ = Σ dy·x̂ and dβ = Σ dy into
   * {@code dGamma}/{@code dBeta} [d] unless they are null. dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) / √(σ² + ε).
   */
  public INDArray backward(Normalized saved, INDArray dy, INDArray dGamma, INDArray dBeta) {
    if (dGamma != null) dGamma.addi(dy.mul(saved.xhat()).sum(0));
    if (dBeta != null) dBeta.addi(dy.sum(0));
    INDArray dxhat = dy.mulRowVector(gamma);                                     // [n, d]
    INDArray m1 = dxhat.mean(true, 1);                                           // [n, 1]
    INDArray m2 = dxhat.mul(saved.xhat()).mean(true, 1);                         // [n, 1]
    return dxhat.subi(m1).subi(saved.xhat().mul(m2)).muli(saved.inverseStd());
  }
}
