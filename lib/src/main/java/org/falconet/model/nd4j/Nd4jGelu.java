package org.falconet.model.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The exact GELU, x·Φ(x) = ½·x·(1 + erf(x/√2)), from ND4J's {@code erf}: ND4J's own {@code gelu} op is the
 * sigmoid approximation x·σ(1.702x), which Falcon does not use.
 */
public final class Nd4jGelu {
  private Nd4jGelu() {}

  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  /** Φ(x) = ½·(1 + erf(x/√2)), a new array. */
  private static INDArray cdf(INDArray x) {
    INDArray e = Nd4j.exec(new Erf(x.mul(INV_SQRT2)));       // in place on the scaled copy
    return e.addi(1).muli(0.5);
  }

  /** GELU(x), a new array. */
  public static INDArray forward(INDArray x) {
    return cdf(x).muli(x);
  }

  /** dy·GELU′(x) with GELU′(x) = Φ(x) + x·φ(x), φ the standard normal density. */
  public static INDArray backward(INDArray x, INDArray dy) {
    INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(INV_SQRT_2PI);
    return cdf(x).addi(pdf.muli(x)).muli(dy);
  }
}
