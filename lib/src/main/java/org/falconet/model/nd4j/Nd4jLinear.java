package org.falconet.model.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear layer y = x·Wᵀ + b (torch.nn.Linear) on ND4J arrays. The weights may be float32, float16 or bfloat16;
 * the product is then taken in the weights' type (as PyTorch's {@code model.half()} does) and widened back to
 * float32, which every other operation uses.
 *
 * @param weight W [out, in]
 * @param bias   b [out] float32, or null
 */
public record Nd4jLinear(INDArray weight, INDArray bias) {

  /** x [n, in] float32 → y [n, out] float32. */
  public INDArray forward(INDArray x) {
    DataType t = weight.dataType();
    INDArray in = x.dataType() == t ? x : x.castTo(t);
    INDArray y = in.mmul(weight.transpose());           // [n, out]
    if (y.dataType() != DataType.FLOAT) y = y.castTo(DataType.FLOAT);
    if (bias != null) y.addiRowVector(bias);
    return y;
  }

  /** Bytes of weights one pass reads. */
  public long bytes() {
    return weight.length() * weight.dataType().width();
  }
}
