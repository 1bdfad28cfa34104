package org.falconet.filter.lang.internal;

import java.io.IOException;

/**
 * fastText's {@code ProductQuantizer}: a vector of {@code dim} split into {@code nsubq}
 * sub-vectors of {@code dsub} (the last of {@code lastdsub}), each replaced by one of 256
 * centroids. Layout: {@code int32 dim, nsubq, dsub, lastdsub, float centroids[dim*256]}.
 */
public record ProductQuantizer(int dim, int nsubq, int dsub, int lastdsub, float[] centroids) {
  /** fastText's {@code nbits_ = 8}: 256 centroids per sub-quantizer. */
  static final int KSUB = 256;

  static ProductQuantizer read(LittleEndianInput in) throws IOException {
    int dim = in.readInt();
    int nsubq = in.readInt();
    int dsub = in.readInt();
    int lastdsub = in.readInt();
    if (dim <= 0 || nsubq <= 0 || dsub <= 0 || lastdsub <= 0) {
      throw new IOException("bad product quantizer " + dim + "/" + nsubq + "/" + dsub + "/" + lastdsub);
    }
    return new ProductQuantizer(dim, nsubq, dsub, lastdsub, in.readFloats((long) dim * KSUB));
  }

  /** Where centroid {@code code} of sub-quantizer {@code m} starts (fastText's get_centroids). */
  int centroidOffset(int m, int code) {
    return m == nsubq - 1 ? m * KSUB * dsub + code * lastdsub : (m * KSUB + code) * dsub;
  }

  /** {@code x += alpha * decode(row t)}. */
  void addCode(float[] x, byte[] codes, int t, float alpha) {
    int base = nsubq * t;
    for (int m = 0; m < nsubq; m++) {
      int c = centroidOffset(m, codes[base + m] & 0xff);
      int d = m == nsubq - 1 ? lastdsub : dsub;
      for (int n = 0; n < d; n++) {
        x[m * dsub + n] += alpha * centroids[c + n];
      }
    }
  }

  /** {@code alpha * (decode(row t) · x)}. */
  float mulCode(float[] x, byte[] codes, int t, float alpha) {
    float res = 0;
    int base = nsubq * t;
    for (int m = 0; m < nsubq; m++) {
      int c = centroidOffset(m, codes[base + m] & 0xff);
      int d = m == nsubq - 1 ? lastdsub : dsub;
      for (int n = 0; n < d; n++) {
        res += x[m * dsub + n] * centroids[c + n];
      }
    }
    return res * alpha;
  }
}
