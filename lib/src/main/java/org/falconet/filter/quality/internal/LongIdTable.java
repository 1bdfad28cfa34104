package org.falconet.filter.quality.internal;

/**
 * Gives dense ids 0, 1, 2... to {@code long} keys, first come first served: an open-addressing hash
 * table without boxing, reused across the n-gram levels of one document. Not thread-safe; one per call.
 */
public final class LongIdTable {
  private long[] keys;
  /** id + 1 of the key in each slot; 0 marks an empty slot, so a new table needs no filling. */
  private int[] ids;
  private int mask;
  private int size;
  /** Slots filled since the last clear, so that clearing costs the keys stored, not the capacity. */
  private int[] used;

  /** A table that holds up to {@code expected} keys without growing. */
  public LongIdTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new long[cap];
    ids = new int[cap];
    mask = cap - 1;
    used = new int[cap / 2 + 1];
  }

  /** Forgets every key; ids restart at 0. */
  public void clear() {
    for (int i = 0; i < size; i++) {
      ids[used[i]] = 0;
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
      int id = ids[slot] - 1;
      if (id < 0) {
        if (2 * (size + 1) > keys.length) {
          grow();
          return id(key);
        }
        keys[slot] = key;
        ids[slot] = size + 1;
        used[size] = slot;
        return size++;
      }
      if (keys[slot] == key) {
        return id;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldIds = ids;
    keys = new long[oldKeys.length * 2];
    ids = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    used = new int[keys.length / 2 + 1];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldIds[i] > 0) {
        int slot = (int) mix(oldKeys[i]) & mask;
        while (ids[slot] > 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        ids[slot] = oldIds[i];
        used[oldIds[i] - 1] = slot;
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
