package org.falconet.filter.lang.internal;

import java.io.IOException;

/** fastText's {@code DenseMatrix}: {@code int64 m, int64 n, float[m*n]} row-major. */
public record DenseMatrix(long rows, long cols, float[] data) implements Matrix {

  static DenseMatrix read(LittleEndianInput in) throws IOException {
    long m = in.readLong();
    long n = in.readLong();
    if (m < 0 || n < 0) {
      throw new IOException("bad matrix shape " + m + " x " + n);
    }
    return new DenseMatrix(m, n, in.readFloats(m * n));
  }

  @Override
  public void addRowTo(float[] x, int i) {
    int n = (int) cols;
    int off = i * n;
    for (int j = 0; j < n; j++) {
      x[j] += data[off + j];
    }
  }

  @Override
  public float dotRow(float[] v, int i) {
    int n = (int) cols;
    int off = i * n;
    float d = 0;
    for (int j = 0; j < n; j++) {
      d += data[off + j] * v[j];
    }
    return d;
  }
}
