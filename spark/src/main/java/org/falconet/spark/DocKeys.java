package org.falconet.spark;

/**
 * The key of a document in a Spark run: its part (input file) in the high bits, its position in
 * the part in the low 36 bits. Keys sort in corpus order, as the local runner reads the corpus.
 */
public final class DocKeys {
  /** Positions per part: 2^36, far above the records of one crawl file (tens of thousands). */
  static final int POSITION_BITS = 36;

  private DocKeys() {}

  public static long key(int part, long position) {
    if (position >>> POSITION_BITS != 0) {
      throw new IllegalArgumentException("part " + part + " has more than 2^36 documents");
    }
    return ((long) part << POSITION_BITS) | position;
  }

  public static int part(long key) {
    return (int) (key >>> POSITION_BITS);
  }

  public static long position(long key) {
    return key & ((1L << POSITION_BITS) - 1);
  }
}
