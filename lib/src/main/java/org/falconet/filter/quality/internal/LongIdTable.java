package org.falconet.filter.quality.internal;

/**
 * Gives dense ids 0, 1, 2... to {@code long} keys, first come first served: an open-addressing hash
 * table without boxing (key and id side by side in one array), reused across the n-gram levels of one document. Not thread-safe; one per call.
 */
public final class LongIdTable {
  /** Per slot: the key, then id + 1 (0 marks an empty slot, so a new table needs no filling). */
  private long[] slots;
  private int mask;
  private int size;
  /** Slots filled since the last clear, so that clearing costs the keys stored, not the capacity. */
  private int[] used;

  /** A table that holds up to {@code expected} keys without growing. */
  public LongIdTable(int expected) {
    allocate(Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1);
  }

  private void allocate(int cap) {
    slots = new long[cap * 2];
    mask = cap - 1;
    used = new int[cap / 2 + 1];
  }

  /** Forgets every key; ids restart at 0. */
  public void clear() {
    for (int i = 0; i < size; i++) {
      slots[used[i] * 2 + 1] = 0;
    }
    size = 0;
  }

  /** Number of distinct keys seen since the last {@link #clear()}. */
  public int size() {
    return size;
  }

  /** The id of {@code key}, a new one ({@code size()} before the call) if unseen. */
  public int id(long key) {
    int slot = (int) mix(key) & mask;
    while (true) {
      int base = slot * 2;
      int id = (int) slots[base + 1] - 1;
      if (id < 0) {
        if (2 * (size + 1) > mask + 1) {
          grow();
          return id(key);
        }
        slots[base] = key;
        slots[base + 1] = size + 1;
        used[size] = slot;
        return size++;
      }
      if (slots[base] == key) {
        return id;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void grow() {
    long[] old = slots;
    allocate((mask + 1) * 2);
    for (int base = 0; base < old.length; base += 2) {
      if (old[base + 1] > 0) {
        int slot = (int) mix(old[base]) & mask;
        while (slots[slot * 2 + 1] > 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot * 2] = old[base];
        slots[slot * 2 + 1] = old[base + 1];
        used[(int) old[base + 1] - 1] = slot;
      }
    }
  }

  /** The 64-bit finaliser of MurmurHash3 (Appleby), so that consecutive ids spread over the table. */
  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
