package org.falconet.filter.lang.internal;

import java.io.IOException;

/**
 * fastText's {@code QuantMatrix} (the {@code .ftz} format): each row a code of {@code nsubq} bytes
 * into a product quantizer's centroids, optionally scaled by a separately quantized norm.
 * Layout: {@code bool qnorm, int64 m, int64 n, int32 codesize, uint8 codes[codesize], pq,
 * [uint8 normCodes[m], npq]}.
 */
public record QuantMatrix(long rows, long cols, byte[] codes, ProductQuantizer pq, byte[] normCodes,
                          ProductQuantizer npq) implements Matrix {

  static QuantMatrix read(LittleEndianInput in) throws IOException {
    boolean qnorm = in.readBool();
    long m = in.readLong();
    long n = in.readLong();
    int codeSize = in.readInt();
    if (codeSize < 0) {
      throw new IOException("bad quantized code size " + codeSize);
    }
    byte[] codes = in.readBytes(codeSize);
    ProductQuantizer pq = ProductQuantizer.read(in);
    byte[] normCodes = null;
    ProductQuantizer npq = null;
    if (qnorm) {
      normCodes = in.readBytes((int) m);
      npq = ProductQuantizer.read(in);
    }
    return new QuantMatrix(m, n, codes, pq, normCodes, npq);
  }

  private float norm(int i) {
    return normCodes == null ? 1f : npq.centroids()[npq.centroidOffset(0, normCodes[i] & 0xff)];
  }

  @Override
  public void addRowTo(float[] x, int i) {
    pq.addCode(x, codes, i, norm(i));
  }

  @Override
  public float dotRow(float[] v, int i) {
    return pq.mulCode(v, codes, i, norm(i));
  }
}
