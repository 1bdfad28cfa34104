package org.falconet.gguf;

/**
 * The ggml tensor types Falconet reads and writes, with ggml's numbering ({@code enum ggml_type} in ggml.h) and
 * block geometry: a quantised type stores {@code blockSize} elements in {@code typeSize} bytes.
 *
 * <ul>
 *   <li>Q8_0: blocks of 32 weights, an f16 scale d then 32 int8 q; w = d·q.</li>
 *   <li>Q4_0: blocks of 32 weights, an f16 scale d then 16 bytes of 4-bit q (element j in the low nibble of byte j,
 *       element j + 16 in its high nibble); w = d·(q − 8).</li>
 * </ul>
 */
public enum GgmlType {
  F32(0, 1, 4), F16(1, 1, 2), Q4_0(2, 32, 18), Q8_0(8, 32, 34), BF16(30, 1, 2);

  /** ggml's number for the type, as stored in a GGUF tensor directory. */
  public final int id;
  /** Elements per block (1 for the float types). */
  public final int blockSize;
  /** Bytes per block. */
  public final int typeSize;

  GgmlType(int id, int blockSize, int typeSize) {
    this.id = id;
    this.blockSize = blockSize;
    this.typeSize = typeSize;
  }

  /** The type numbered {@code id}, or null if Falconet does not read it. */
  public static GgmlType of(int id) {
    for (GgmlType t : values()) {
      if (t.id == id) return t;
    }
    return null;
  }

  /** Bytes taken by a row of {@code n} elements; n must be a multiple of the block size. */
  public long rowBytes(long n) {
    if (n % blockSize != 0) {
      throw new IllegalArgumentException(this + " stores rows in blocks of " + blockSize + "; a row of " + n + " is not");
    }
    return n / blockSize * typeSize;
  }

  /** Whether the type is block-quantised. */
  public boolean quantised() {
    return blockSize > 1;
  }
}
