package org.falconet.dedup.exact.internal;

/**
 * Marks the starts of repeated spans while suffixes stream past in sorted order, as the Lee et al.
 * tool does: suffixes whose first {@code k} bytes are equal (and hold no document separator) form a
 * group; every member of a group of two or more has its span {@code [p, p + k)} marked, except, in
 * keep-first mode, the group's smallest position (the first occurrence in corpus order). Each
 * position belongs to exactly one group, so unmarking the first occurrence never undoes another
 * group's mark. The union of the marked spans is what the deduplicator removes.
 */
public final class DuplicateSpans {
  private final long[] bits;
  private final boolean keepFirst;
  private long first = -1;
  private long min;
  private long size;

  /**
   * @param length    bytes of the corpus text
   * @param keepFirst keep each repeated span's first occurrence (else remove every copy)
   */
  public DuplicateSpans(long length, boolean keepFirst) {
    if ((length >>> 6) + 1 > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("corpus of " + length + " bytes too large for one bitmap");
    }
    this.bits = new long[(int) (length >>> 6) + 1];
    this.keepFirst = keepFirst;
  }

  /**
   * The next suffix in sorted order; {@code sameGroup} says that it shares its first {@code k}
   * bytes (no separator among them) with the previous one.
   */
  public void next(long pos, boolean sameGroup) {
    if (!sameGroup) {
      endGroup();
      first = pos;
      min = pos;
      size = 1;
      return;
    }
    if (size == 1) {
      set(first);
    }
    set(pos);
    size++;
    min = Math.min(min, pos);
  }

  private void endGroup() {
    if (keepFirst && size > 1) {
      bits[(int) (min >>> 6)] &= ~(1L << min);
    }
    size = 0;
  }

  private void set(long p) {
    bits[(int) (p >>> 6)] |= 1L << p;
  }

  /** Closes the last group and returns the bitmap of marked span starts (bit {@code p} of word {@code p/64}). */
  public long[] finish() {
    endGroup();
    return bits;
  }
}
