package org.falconet.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Connected components of an undirected graph given as an RDD of edges, by the alternating
 * large-star / small-star algorithm (Kiveris, Lattanzi, Mirrokni, Rastogi and Vassilvitskii 2014,
 * "Connected Components in MapReduce and Beyond", SoCC'14, algorithms 1 and 2). It needs
 * {@code O(log^2 n)} rounds in the worst case, a handful in practice, and never holds a component
 * in one place: every round is two shuffles of the edge list.
 *
 * <p>Each node is labelled with the smallest node of its component, so "keep the lowest index per
 * cluster" needs no further step.
 *
 * <pre>{@code
 * JavaPairRDD<Long, Long> label = ConnectedComponents.of(edges);   // (node, min node of its component)
 * }</pre>
 */
public final class ConnectedComponents {

  /** Rounds after which the algorithm is surely broken (the paper bounds rounds by O(log^2 n)). */
  static final int MAX_ROUNDS = 200;

  /** A count unit far above any node degree, to pack two counts in one long. */
  private static final long PARENT = 1L << 40;

  private ConnectedComponents() {}

  /**
   * Every node that appears in an edge, paired with the smallest node of its component. Self-loops
   * are allowed (they make a single-node component); duplicate edges and both orientations are fine.
   */
  public static JavaPairRDD<Long, Long> of(JavaPairRDD<Long, Long> edges) {
    // Orient every edge child -> parent with parent < child; a self-loop (v, v) keeps v alive.
    JavaPairRDD<Long, Long> current = edges
        .mapToPair(e -> e._1() >= e._2() ? e : new Tuple2<>(e._2(), e._1()))
        .distinct()
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<JavaPairRDD<Long, Long>> old = new ArrayList<>();
    for (int round = 0; ; round++) {
      if (round == MAX_ROUNDS) {
        throw new IllegalStateException("connected components did not converge in " + MAX_ROUNDS + " rounds");
      }
      JavaPairRDD<Long, Long> next = smallStar(largeStar(current)).persist(StorageLevel.MEMORY_AND_DISK());
      old.add(current);
      current = next;
      // Converged when the edges form disjoint stars: no node is both a child and a parent, and no
      // child has two parents. Every round keeps components connected, so each star is then a whole
      // component around its smallest node.
      // One pass: per node, how many parents it has (low bits) and whether it is a parent (high bits).
      long unsettled = current.filter(e -> !e._1().equals(e._2()))
          .flatMapToPair(e -> List.of(new Tuple2<>(e._1(), 1L), new Tuple2<>(e._2(), PARENT)).iterator())
          .reduceByKey(Long::sum)
          .filter(c -> (c._2() & (PARENT - 1)) > 1 || ((c._2() & (PARENT - 1)) == 1 && c._2() >= PARENT))
          .count();
      for (JavaPairRDD<Long, Long> o : old) {
        o.unpersist(false);
      }
      old.clear();
      if (unsettled == 0) {
        break;
      }
    }
    // Stars: every child labelled by its centre; every centre (and self-loop node) by itself.
    return current.flatMapToPair(e -> List.of(new Tuple2<>(e._1(), e._2()), new Tuple2<>(e._2(), e._2())).iterator())
        .reduceByKey(Math::min);
  }

  /**
   * Large-star (the paper's algorithm 1): each node {@code u} connects every larger neighbour to
   * the smallest node of its closed neighbourhood. Input and output edges are (child, parent)
   * with parent &lt;= child; output is symmetric-free and loop-free except for isolated self-loops.
   */
  static JavaPairRDD<Long, Long> largeStar(JavaPairRDD<Long, Long> edges) {
    JavaPairRDD<Long, Long> both = edges.flatMapToPair(e -> List.of(e, new Tuple2<>(e._2(), e._1())).iterator());
    return both.groupByKey().flatMapToPair(g -> {
      long u = g._1();
      long m = u;
      for (long v : g._2()) {
        m = Math.min(m, v);
      }
      List<Tuple2<Long, Long>> out = new ArrayList<>();
      boolean any = false;
      for (long v : g._2()) {
        if (v > u) {
          out.add(new Tuple2<>(v, m));
          any = true;
        }
      }
      if (!any && m == u) {
        out.add(new Tuple2<>(u, u)); // a local minimum with no larger neighbour: keep the node in view
      }
      return out.iterator();
    }); // duplicates are harmless here: small-star groups them and ends with distinct()
  }

  /**
   * Small-star (the paper's algorithm 2): each node {@code u} connects itself and every smaller
   * neighbour to the smallest of them.
   */
  static JavaPairRDD<Long, Long> smallStar(JavaPairRDD<Long, Long> edges) {
    return edges.groupByKey().flatMapToPair(g -> {
      long u = g._1();
      long m = u;
      for (long v : g._2()) {
        m = Math.min(m, v);
      }
      List<Tuple2<Long, Long>> out = new ArrayList<>();
      for (long v : g._2()) {
        if (v != m) {
          out.add(new Tuple2<>(v, m));
        }
      }
      out.add(new Tuple2<>(u, m));
      return out.iterator();
    }).distinct();
  }
}
