package org.falconet.dedup.minhash.internal;

/**
 * Disjoint sets over document indexes {@code 0..n-1} in one {@code int} array (4 bytes per
 * document). The root of every set is the {@link org.falconet.dedup.minhash.MinHashDeduplicator#survivor
 * survivor} of its members (the smallest index), so "keep the root" keeps each cluster's first
 * document in corpus order whatever order the unions came in.
 */
public final class UnionFind {
  private final int[] parent;

  public UnionFind(int n) {
    parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
  }

  /** The root (smallest member) of {@code x}'s set, halving the path on the way. */
  public int find(int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** Joins the sets of {@code a} and {@code b}; false when they were one set already. */
  public boolean union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return false;
    }
    int root = (int) org.falconet.dedup.minhash.MinHashDeduplicator.survivor(ra, rb);
    parent[root == ra ? rb : ra] = root;
    return true;
  }

  /** Every element's root, as a fresh array. */
  public int[] roots() {
    int[] out = new int[parent.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = find(i);
    }
    return out;
  }
}
