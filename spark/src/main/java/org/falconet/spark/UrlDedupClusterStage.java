package org.falconet.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.dedup.url.UrlDeduplicator;
import org.falconet.dedup.url.UrlSet;
import org.falconet.pipeline.Reasons;
import scala.Tuple2;

/**
 * URL deduplication at cluster scale: documents keyed by their URL's key (the local
 * deduplicator's: {@link UrlDeduplicator#key}, the hash of the normalised URL), one kept per key by
 * a {@link KeepRule}, in one shuffle. With a persistent URL set ({@link UrlDeduplicator.Params#store}),
 * every document whose key the set already holds is removed too (an anti-join), and the run's keys
 * are added to the set once the run has committed, byte for byte the file the local stage writes.
 *
 * <pre>{@code
 * ClusterStage<ClusterStage.Removal> s = UrlDedupClusterStage.of(UrlDeduplicator.Params.PAPER.withStore(Path.of("crawl-urls.bin")));
 * }</pre>
 */
public final class UrlDedupClusterStage implements ClusterStage<ClusterStage.Removal> {
  private static final long serialVersionUID = 1L;
  /** Hashes per slice when the URL set is sent to the cluster: 8 MB of longs. */
  private static final int SLICE = 1 << 20;

  /** The key of a document's URL, or {@code null} when it has none (never a duplicate). */
  @FunctionalInterface
  public interface UrlKey extends Serializable {
    Long of(Document doc);
  }

  private final String name;
  private final String reason;
  private final UrlKey key;
  private final KeepRule keep;
  /** The URL set file on the driver's file system, or null for none. */
  private final String store;
  /** The keys this run saw, for {@link #runCommitted()}. */
  private transient JavaRDD<Long> runKeys;

  /**
   * @param name   the stage name, as the local stage's
   * @param reason the drop reason, verbatim as the local stage's
   * @param store  the URL set file shared across runs (on the driver), or {@code null}
   */
  public UrlDedupClusterStage(String name, String reason, UrlKey key, KeepRule keep, Path store) {
    this.name = Reasons.check(name);
    this.reason = Reasons.check(reason);
    this.key = key;
    this.keep = keep;
    this.store = store == null ? null : store.toAbsolutePath().toString();
  }

  /** The cluster form of {@code new UrlDeduplicator(params)}: its key, reason, keep rule and URL set. */
  public static UrlDedupClusterStage of(UrlDeduplicator.Params params) {
    boolean sameHttpHttps = params.sameHttpHttps();
    UrlKey key = doc -> {
      OptionalLong k = new UrlDeduplicator(new UrlDeduplicator.Params(null, sameHttpHttps)).key(doc);
      return k.isPresent() ? k.getAsLong() : null;
    };
    return new UrlDedupClusterStage("url_dedup", UrlDeduplicator.REASON, key, KeepRule.FIRST_IN_CORPUS, params.store());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public JavaPairRDD<Long, Removal> decisions(JavaPairRDD<Long, String> docs) {
    UrlKey urlKey = key;
    KeepRule rule = keep;
    Removal why = new Removal(reason, null);
    JavaPairRDD<Long, Long> byUrl = docs.flatMapToPair(d -> { // (URL key, document key)
      Long k = urlKey.of(JsonlCodec.decode(d._2()));
      return (k == null ? List.<Tuple2<Long, Long>>of() : List.of(new Tuple2<>(k, d._1()))).iterator();
    });
    JavaPairRDD<Long, Long> keeper = byUrl.reduceByKey(rule::better);
    if (store != null && Files.exists(Path.of(store))) {
      keeper = keeper.subtractByKey(earlierRuns(JavaSparkContext.fromSparkContext(docs.context())));
    }
    runKeys = byUrl.keys();
    // Removed: every document that is not its key's keeper, or whose key has none (an earlier run's URL).
    return byUrl.leftOuterJoin(keeper)
        .filter(t -> !t._2()._2().isPresent() || !t._2()._2().get().equals(t._2()._1()))
        .mapToPair(t -> new Tuple2<>(t._2()._1(), why));
  }

  /** The URL set of earlier runs as {@code (key, true)}, read on the driver and sent out in slices. */
  private JavaPairRDD<Long, Boolean> earlierRuns(JavaSparkContext jsc) {
    long[] all;
    try {
      all = UrlSet.read(Path.of(store)).toSortedArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<long[]> slices = new ArrayList<>();
    for (int from = 0; from < all.length; from += SLICE) {
      slices.add(Arrays.copyOfRange(all, from, Math.min(all.length, from + SLICE)));
    }
    return jsc.parallelize(slices, Math.max(1, slices.size())).flatMapToPair(s -> {
      Iterator<Tuple2<Long, Boolean>> it = Arrays.stream(s).mapToObj(h -> new Tuple2<>(h, Boolean.TRUE)).iterator();
      return it;
    });
  }

  /** Adds the run's URL keys to the URL set file, as the local stage does (nothing without a set). */
  @Override
  public void runCommitted() throws IOException {
    if (store == null || runKeys == null) {
      return;
    }
    Path file = Path.of(store);
    UrlSet set = Files.exists(file) ? UrlSet.read(file) : new UrlSet();
    for (Iterator<Long> it = runKeys.distinct().toLocalIterator(); it.hasNext(); ) {
      set.add(it.next());
    }
    set.write(file);
  }
}
