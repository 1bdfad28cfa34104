package org.falconet.filter.lang.internal;

import java.io.IOException;

/** A fastText weight matrix, dense or product-quantized: the two operations prediction needs. */
public sealed interface Matrix permits DenseMatrix, QuantMatrix {

  long rows();

  long cols();

  /** {@code x += row(i)}. */
  void addRowTo(float[] x, int i);

  /** {@code row(i) · v}. */
  float dotRow(float[] v, int i);

  /** Reads a dense matrix, or a quantized one when {@code quantized}. */
  static Matrix read(LittleEndianInput in, boolean quantized) throws IOException {
    return quantized ? QuantMatrix.read(in) : DenseMatrix.read(in);
  }
}
