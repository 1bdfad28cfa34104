package org.falconet.model.nd4j;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.falconet.model.Rope;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rotary embeddings in the "rotate half" form on ND4J arrays: a head vector x = (x₁, x₂) becomes
 * (x₁·cos − x₂·sin, x₂·cos + x₁·sin). The angles come from {@link Rope#table}, the Java backend's float32 table,
 * so both backends rotate by the same numbers.
 */
public final class Nd4jRope {
  private final INDArray cos;   // [rows, 1, hd/2]
  private final INDArray sin;   // [rows, 1, hd/2]
  private final int half;

  /** The rotation of positions past..past+T−1 for heads of width {@code headDim}. */
  public Nd4jRope(Rope rope, int headDim, int past, int T) {
    this(rope, headDim, past, T, 1);
  }

  /** The rotation of {@code sequences} packed sequences of T positions each (rows [B·T], training's batches). */
  public Nd4jRope(Rope rope, int headDim, int past, int T, int sequences) {
    float[][] table = rope.table(past, T);
    this.half = headDim / 2;
    int n = T * half;
    float[] c = new float[sequences * n];
    float[] s = new float[sequences * n];
    for (int b = 0; b < sequences; b++) {
      System.arraycopy(table[0], 0, c, b * n, n);
      System.arraycopy(table[1], 0, s, b * n, n);
    }
    this.cos = Nd4j.create(c, new long[] {(long) sequences * T, 1, half}, 'c');
    this.sin = Nd4j.create(s, new long[] {(long) sequences * T, 1, half}, 'c');
  }

  /** x [rows, heads, hd] rotated, a new array; with {@code inverse} the transpose (for the backward pass). */
  public INDArray rotate(INDArray x, boolean inverse) {
    INDArray x1 = x.get(all(), all(), interval(0, half));            // [T, heads, hd/2]
    INDArray x2 = x.get(all(), all(), interval(half, 2 * half));
    INDArray s = inverse ? sin.neg() : sin;
    INDArray r1 = x1.mul(cos).subi(x2.mul(s));
    INDArray r2 = x2.mul(cos).addi(x1.mul(s));
    return Nd4j.concat(2, r1, r2);                                     // [T, heads, hd]
  }
}
