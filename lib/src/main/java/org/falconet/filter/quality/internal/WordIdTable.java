package org.falconet.filter.quality.internal;

/**
 * Gives dense ids to the words of one text, a word being a range {@code [start, end)} of it:
 * equal ranges get equal ids, without cutting substrings. Open addressing over the position of each
 * word's first occurrence; a slot's four ints (start, end, hash, id + 1) sit side by side so that a
 * probe touches one cache line. Not thread-safe; one per call.
 */
public final class WordIdTable {
  private static final int STRIDE = 4;
  private final char[] text;
  /** Per slot: start, end, hash, id + 1 (0 marks an empty slot, so a new table needs no filling). */
  private int[] slots;
  private int mask;
  private int size;

  public WordIdTable(char[] text, int expected) {
    this.text = text;
    allocate(Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1);
  }

  private void allocate(int cap) {
    slots = new int[cap * STRIDE];
    mask = cap - 1;
  }

  /** Number of distinct words seen. */
  public int size() {
    return size;
  }

  /** The id of the word {@code text[start, end)} whose {@code 31 * h + c} hash over its characters is {@code hash}. */
  public int id(int start, int end, int hash) {
    int h = hash ^ (hash >>> 16);
    int len = end - start;
    int slot = (h * 0x9E3779B9) >>> 1 & mask;
    while (true) {
      int base = slot * STRIDE;
      int id = slots[base + 3] - 1;
      if (id < 0) {
        if (2 * (size + 1) > slots.length / STRIDE) {
          grow();
          return id(start, end, hash);
        }
        slots[base] = start;
        slots[base + 1] = end;
        slots[base + 2] = h;
        slots[base + 3] = size + 1;
        return size++;
      }
      if (slots[base + 2] == h && slots[base + 1] - slots[base] == len && same(slots[base], start, len)) {
        return id;
      }
      slot = (slot + 1) & mask;
    }
  }

  private boolean same(int a, int b, int len) {
    for (int k = 0; k < len; k++) {
      if (text[a + k] != text[b + k]) {
        return false;
      }
    }
    return true;
  }

  private void grow() {
    int[] old = slots;
    allocate(old.length / STRIDE * 2);
    for (int base = 0; base < old.length; base += STRIDE) {
      if (old[base + 3] > 0) {
        int slot = (old[base + 2] * 0x9E3779B9) >>> 1 & mask;
        while (slots[slot * STRIDE + 3] > 0) {
          slot = (slot + 1) & mask;
        }
        System.arraycopy(old, base, slots, slot * STRIDE, STRIDE);
      }
    }
  }
}
