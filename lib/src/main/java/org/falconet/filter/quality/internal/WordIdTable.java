package org.falconet.filter.quality.internal;

/**
 * Gives dense ids to the words of one text, a word being a range {@code [start, end)} of it:
 * equal ranges get equal ids, without cutting substrings. Open addressing over the position of each
 * word's first occurrence. Not thread-safe; one per call.
 */
public final class WordIdTable {
  private final char[] text;
  private int[] starts;
  private int[] ends;
  private int[] hashes;
  private int[] ids;
  private int mask;
  private int size;

  public WordIdTable(char[] text, int expected) {
    this.text = text;
    allocate(Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1);
  }

  private void allocate(int cap) {
    starts = new int[cap];
    ends = new int[cap];
    hashes = new int[cap];
    ids = new int[cap]; // id + 1; 0 marks an empty slot
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
      int id = ids[slot] - 1;
      if (id < 0) {
        if (2 * (size + 1) > ids.length) {
          grow();
          return id(start, end, hash);
        }
        starts[slot] = start;
        ends[slot] = end;
        hashes[slot] = h;
        ids[slot] = size + 1;
        return size++;
      }
      if (hashes[slot] == h && ends[slot] - starts[slot] == len && same(starts[slot], start, len)) {
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
    int[] s = starts, e = ends, hs = hashes, is = ids;
    allocate(s.length * 2);
    for (int i = 0; i < s.length; i++) {
      if (is[i] > 0) {
        int slot = (hs[i] * 0x9E3779B9) >>> 1 & mask;
        while (ids[slot] > 0) {
          slot = (slot + 1) & mask;
        }
        starts[slot] = s[i];
        ends[slot] = e[i];
        hashes[slot] = hs[i];
        ids[slot] = is[i];
      }
    }
  }
}
