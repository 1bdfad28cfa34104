package org.falconet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** Large-star / small-star against a union-find reference on graphs whose components are known by construction. */
class ConnectedComponentsTest {

  /** Union-find with path halving: the reference, labelling each node by the smallest node of its set. */
  static Map<Long, Long> unionFind(List<Tuple2<Long, Long>> edges) {
    Map<Long, Long> parent = new HashMap<>();
    for (Tuple2<Long, Long> e : edges) {
      long a = find(parent, e._1());
      long b = find(parent, e._2());
      if (a != b) {
        parent.put(Math.max(a, b), Math.min(a, b)); // the smaller root wins, so roots are minima
      }
    }
    Map<Long, Long> label = new TreeMap<>();
    for (Long v : new ArrayList<>(parent.keySet())) {
      label.put(v, find(parent, v));
    }
    return label;
  }

  private static long find(Map<Long, Long> parent, long v) {
    parent.putIfAbsent(v, v);
    while (parent.get(v) != v) {
      long p = parent.get(v);
      parent.put(v, parent.get(p));
      v = p;
    }
    return v;
  }

  private static Map<Long, Long> spark(List<Tuple2<Long, Long>> edges) {
    JavaPairRDD<Long, Long> rdd = TestSpark.context().parallelizePairs(edges, 2);
    return new TreeMap<>(ConnectedComponents.of(rdd).collectAsMap());
  }

  @Test
  void pathTreeAndSelfLoopByHand() {
    // 9-3-7-1 is a path (component {1,3,7,9}), 4-8 an edge, 5 alone with a self-loop.
    List<Tuple2<Long, Long>> edges = List.of(new Tuple2<>(9L, 3L), new Tuple2<>(3L, 7L), new Tuple2<>(7L, 1L),
        new Tuple2<>(8L, 4L), new Tuple2<>(5L, 5L));
    Map<Long, Long> expected = new TreeMap<>(Map.of(1L, 1L, 3L, 1L, 7L, 1L, 9L, 1L, 4L, 4L, 8L, 4L, 5L, 5L));
    assertEquals(expected, spark(edges));
  }

  private static void edge(List<Tuple2<Long, Long>> edges, long a, long b) {
    edges.add(new Tuple2<>(a, b));
  }

  @Test
  void chainsStarsAndSingletonsInTwoComponents() {
    List<Tuple2<Long, Long>> edges = new ArrayList<>();
    // Component A: the chain 40-30-20-10, a star around 20 (leaves 21, 22, 23), and a star around 99
    // (leaves 96, 97, 98) hanging from 40 by 99-40; the edge 30-20 given twice, once reversed.
    edge(edges, 40, 30);
    edge(edges, 30, 20);
    edge(edges, 20, 30);
    edge(edges, 20, 10);
    for (long leaf : new long[] {21, 22, 23}) {
      edge(edges, 20, leaf);
    }
    for (long leaf : new long[] {96, 97, 98}) {
      edge(edges, leaf, 99);
    }
    edge(edges, 99, 40);
    // Component B: a star around 5 (leaves 50, 60, 70, 80), the chain 80-81-82-83 from one leaf, and
    // its smallest node 2 at the far end of the chain, four hops from the centre.
    for (long leaf : new long[] {50, 60, 70, 80}) {
      edge(edges, 5, leaf);
    }
    edge(edges, 80, 81);
    edge(edges, 82, 81);
    edge(edges, 82, 83);
    edge(edges, 83, 2);
    // Singletons: a document alone in its cluster appears as a self-loop.
    edge(edges, 7, 7);
    edge(edges, 1000, 1000);
    Map<Long, Long> expected = new TreeMap<>();
    for (long v : new long[] {10, 20, 30, 40, 21, 22, 23, 96, 97, 98, 99}) {
      expected.put(v, 10L);
    }
    for (long v : new long[] {2, 5, 50, 60, 70, 80, 81, 82, 83}) {
      expected.put(v, 2L);
    }
    expected.put(7L, 7L);
    expected.put(1000L, 1000L);
    assertEquals(expected, unionFind(edges), "the hand count agrees with union-find");
    assertEquals(expected, spark(edges));
  }

  @Test
  void longPathNeedsSeveralRounds() {
    // A path over a shuffled order of 2,000 nodes: the worst shape for label propagation.
    List<Long> nodes = new ArrayList<>();
    for (long i = 0; i < 500; i++) {
      nodes.add(i * 7 + 3);
    }
    java.util.Collections.shuffle(nodes, new Random(1));
    List<Tuple2<Long, Long>> edges = new ArrayList<>();
    for (int i = 1; i < nodes.size(); i++) {
      edges.add(new Tuple2<>(nodes.get(i - 1), nodes.get(i)));
    }
    Map<Long, Long> got = spark(edges);
    assertEquals(500, got.size());
    got.values().forEach(v -> assertEquals(3L, v));
  }

  @Test
  void randomGraphsMatchUnionFind() {
    Random rnd = new Random(20141103);
    for (int trial = 0; trial < 2; trial++) {
      int n = 200 + rnd.nextInt(300);
      int m = n / 2 + rnd.nextInt(n); // around the giant-component threshold: many sizes of component
      List<Tuple2<Long, Long>> edges = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        long a = rnd.nextInt(n) * 1_000_003L;
        long b = rnd.nextInt(n) * 1_000_003L;
        edges.add(new Tuple2<>(a, b));
      }
      assertEquals(unionFind(edges), spark(edges), "trial " + trial);
    }
  }
}
