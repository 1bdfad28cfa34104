package org.falconet.tokenizer.internal;

import java.util.Arrays;

/** A growable list of ints without boxing. */
public final class IntList {
  private int[] a;
  private int size;

  public IntList() {
    this(16);
  }

  public IntList(int capacity) {
    a = new int[Math.max(4, capacity)];
  }

  public void add(int v) {
    if (size == a.length) {
      a = Arrays.copyOf(a, a.length * 2);
    }
    a[size++] = v;
  }

  public void add(int v, int w) {
    if (size + 2 > a.length) {
      a = Arrays.copyOf(a, Math.max(a.length * 2, size + 2));
    }
    a[size++] = v;
    a[size++] = w;
  }

  public void addAll(int[] vs) {
    if (size + vs.length > a.length) {
      a = Arrays.copyOf(a, Math.max(a.length * 2, size + vs.length));
    }
    System.arraycopy(vs, 0, a, size, vs.length);
    size += vs.length;
  }

  public int get(int i) {
    return a[i];
  }

  public void set(int i, int v) {
    a[i] = v;
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  public int[] toArray() {
    return Arrays.copyOf(a, size);
  }
}
