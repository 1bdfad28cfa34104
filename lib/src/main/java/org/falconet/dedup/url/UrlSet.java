package org.falconet.dedup.url;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * A set of URLs kept as 64-bit hashes of their normalised form, in memory as an open-addressing
 * table of primitive longs (16 bytes per URL at most) and on disk as a sorted list (8 bytes per
 * URL). Two different URLs share a hash with probability 2^-64 per pair: among a billion URLs the
 * chance of even one false duplicate is about 1 in 37 (n^2 / 2^65).
 *
 * <p>File format: the magic {@code FNUS}, a version int (1), the count, then the hashes ascending,
 * big-endian.
 */
public final class UrlSet {
  private static final int MAGIC = 0x464E5553; // "FNUS"
  private long[] table = new long[1 << 10];
  private int size;
  private boolean hasZero;

  /** The hash of a normalised URL (FNV-1a over its UTF-8 bytes, then the MurmurHash3 mixer). */
  public static long hash(String normalizedUrl) {
    long h = 0xcbf29ce484222325L;
    for (byte b : normalizedUrl.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  public int size() {
    return size;
  }

  public boolean contains(long h) {
    if (h == 0) {
      return hasZero;
    }
    int mask = table.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (table[i] == h) {
        return true;
      }
      if (table[i] == 0) {
        return false;
      }
    }
  }

  /** Adds {@code h}; false if it was already there. */
  public boolean add(long h) {
    if (h == 0) {
      boolean was = hasZero;
      hasZero = true;
      size += was ? 0 : 1;
      return !was;
    }
    if (2 * (size + 1) > table.length) {
      grow();
    }
    int mask = table.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (table[i] == h) {
        return false;
      }
      if (table[i] == 0) {
        table[i] = h;
        size++;
        return true;
      }
    }
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int s = size;
    boolean z = hasZero;
    size = 0;
    for (long h : old) {
      if (h != 0) {
        add(h);
      }
    }
    size = s;
    hasZero = z;
  }

  /** The set stored in {@code file}; a one-line error naming the file if it is not a URL set. */
  public static UrlSet read(Path file) throws IOException {
    UrlSet set = new UrlSet();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != MAGIC || in.readInt() != 1) {
        throw new IOException(file + ": not a Falconet URL set (bad magic or version)");
      }
      long n = in.readLong();
      for (long i = 0; i < n; i++) {
        set.add(in.readLong());
      }
    } catch (java.io.EOFException e) {
      throw new IOException(file + ": URL set is truncated", e);
    }
    return set;
  }

  /** Every hash in the set, ascending (signed order, as the file stores them). */
  public long[] toSortedArray() {
    long[] all = new long[size];
    int j = 0;
    if (hasZero) {
      all[j++] = 0;
    }
    for (long h : table) {
      if (h != 0) {
        all[j++] = h;
      }
    }
    Arrays.sort(all);
    return all;
  }

  /** Writes the set to {@code file} atomically (a temporary file beside it, then a rename). */
  public void write(Path file) throws IOException {
    long[] all = toSortedArray();
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(".tmp-" + file.getFileName());
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(1);
      out.writeLong(all.length);
      for (long h : all) {
        out.writeLong(h);
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
