package org.falconet.dedup.minhash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.falconet.corpus.Document;
import org.falconet.dedup.DuplicateCluster;
import org.falconet.dedup.minhash.internal.BucketSorter;
import org.falconet.dedup.minhash.internal.RecordFile;
import org.falconet.dedup.minhash.internal.UnionFind;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.CorpusStage;
import org.falconet.pipeline.Outcome;

/**
 * Removes fuzzy duplicates with MinHash LSH, as RefinedWeb did (Penedo et al. 2023, section 3.3 and
 * appendix G.3): each document's {@link MinHasher signature} over {@link TextNormalizer normalised}
 * word 5-grams is cut into {@code b} bands of {@code r} rows; two documents whose signatures agree on
 * a whole band share that band's bucket and are paired; pairs are joined into clusters, and each
 * cluster keeps one document.
 *
 * <p><b>The S-curve.</b> Two documents of Jaccard similarity {@code s} agree on one band with
 * probability {@code s^r}, so they are paired with probability {@code P(s) = 1 - (1 - s^r)^b}, a
 * step at about {@code (1/b)^(1/r)} ({@link Params#pairProbability}).
 *
 * <p><b>450 x 20 or 20 x 450?</b> The paper's text says 9,000 hashes "divided into 20 buckets of 450
 * hashes". Read literally as b = 20 bands of r = 450 rows, the step sits at (1/20)^(1/450) = 0.9934:
 * <pre>
 *   s        0.50    0.60    0.70    0.75    0.80    0.85    0.90    0.95    0.99    0.995
 *   b=20,r=450   0.0000  0.0000  0.0000  0.0000  0.0000  0.0000  0.0000  0.0000  0.1962  0.8908
 *   b=450,r=20   0.0004  0.0163  0.3018  0.7605  0.9946  1.0000  1.0000  1.0000  1.0000  1.0000
 *   b=14,r=8     0.0533  0.2111  0.5645  0.7716  0.9235  0.9884  0.9996  1.0000  1.0000  1.0000
 * </pre>
 * so that reading would pair only documents more than 99% alike: near-exact, not fuzzy,
 * deduplication. The appendix's formula {@code 1 - (1 - s^r)^b} gives the usual fuzzy regime with
 * b = 450 bands of r = 20 rows: a step at (1/450)^(1/20) = 0.737 and P(0.8) = 0.995, close to
 * FineWeb's 0.72. "20 buckets of 450" thus swaps the two numbers: 20 hashes make one bucket key,
 * and each document has 450 of them. {@link Params#PAPER} is 450 x 20; {@link Params#FINEWEB} is
 * FineWeb's cheaper 14 bands of 8 (Penedo et al. 2024; step at 0.719).
 *
 * <p><b>Steps</b> (each resumable inside the runner's work directory; a step whose output exists is
 * skipped): (1) signatures, reduced at once to one 64-bit key per band, written as
 * {@code (key, doc)} records to one file per band ({@code 12 * b} bytes per document on disk; the
 * 36 KB signature itself is never stored); (2) per band, an external sort by key and the buckets'
 * pairs as edge files (the band file is deleted once its edges exist); (3) union-find over all
 * edges, the cluster root of every document saved ({@code 4} bytes per document, in memory and on
 * disk); (4) the filter.
 *
 * <p><b>Which document stays.</b> Each cluster keeps its first document in corpus order (the
 * smallest index: a deterministic choice, independent of thread count and bucket order); the others
 * are removed as {@value #REASON} with metadata {@code duplicate_of} = the kept document's id. A
 * document whose normalised text has no word has no signature and is always kept.
 */
public final class MinHashDeduplicator implements CorpusStage {
  /** The drop reason of a document whose cluster kept another one. */
  public static final String REASON = "minhash_duplicate";

  /** The metadata field of a removed document naming the id of the document its cluster kept. */
  public static final String DUPLICATE_OF = "duplicate_of";

  /**
   * MinHash LSH parameters.
   *
   * @param bands         b, bucket keys per document
   * @param rows          r, signature values per band; b * r hashes in all
   * @param ngram         words per shingle
   * @param seed          seed of the hash functions (any fixed value; a run must keep one)
   * @param threads       threads computing signatures and sorting bands (not a paper value)
   * @param memoryRecords bucket records sorted in memory at once, 24 bytes each; larger bands are
   *                      sorted externally in runs of this size (not a paper value)
   */
  public record Params(int bands, int rows, int ngram, long seed, int threads, int memoryRecords) {
    /** RefinedWeb (Penedo et al. 2023, appendix G.3): 9,000 hashes over 5-grams, 450 bands of 20. */
    public static final Params PAPER = new Params(450, 20, 5, 0x5EED, Runtime.getRuntime().availableProcessors(),
        1 << 24);
    /** FineWeb (Penedo et al. 2024, section 3.3): 112 hashes over 5-grams, 14 bands of 8. */
    public static final Params FINEWEB = new Params(14, 8, 5, 0x5EED, Runtime.getRuntime().availableProcessors(),
        1 << 24);

    public Params {
      if (bands < 1 || rows < 1 || ngram < 1 || threads < 1 || memoryRecords < 2) {
        throw new IllegalArgumentException("MinHash parameters must be positive: bands=" + bands + " rows="
            + rows + " ngram=" + ngram + " threads=" + threads + " memoryRecords=" + memoryRecords);
      }
    }

    /** Total hashes per document, b * r. */
    public int hashes() {
      return bands * rows;
    }

    /** The probability that two documents of Jaccard similarity {@code s} are paired: 1 - (1 - s^r)^b. */
    public double pairProbability(double s) {
      return 1 - Math.pow(1 - Math.pow(s, rows), bands);
    }

    public Params withThreads(int n) {
      return new Params(bands, rows, ngram, seed, n, memoryRecords);
    }

    public Params withMemoryRecords(int n) {
      return new Params(bands, rows, ngram, seed, threads, n);
    }
  }

  private final Params params;
  private final MinHasher hasher;

  public MinHashDeduplicator(Params params) {
    this.params = params;
    this.hasher = new MinHasher(params.hashes(), params.ngram(), params.seed());
  }

  /** RefinedWeb's setting. */
  public MinHashDeduplicator() {
    this(Params.PAPER);
  }

  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return "minhash_dedup";
  }

  @Override
  public void process(Corpus corpus, Path workDir, Consumer<Outcome> sink) throws IOException {
    int[] roots = clusterRoots(corpus, workDir);
    BitSet hasMembers = new BitSet(roots.length);
    for (int i = 0; i < roots.length; i++) {
      if (roots[i] != i) {
        hasMembers.set(roots[i]);
      }
    }
    Map<Integer, String> rootIds = new HashMap<>();
    int i = 0;
    for (Document doc : corpus) {
      if (roots[i] == i) {
        if (hasMembers.get(i)) {
          rootIds.put(i, doc.id());
        }
        sink.accept(Outcome.kept(doc));
      } else {
        sink.accept(Outcome.removed(doc.withMeta(DUPLICATE_OF, rootIds.get(roots[i])), REASON));
      }
      i++;
    }
  }

  /**
   * The clusters of two or more documents, each with its kept document first: for notebooks
   * (documents are held in memory).
   */
  public List<DuplicateCluster> clusters(Corpus corpus, Path workDir) throws IOException {
    int[] roots = clusterRoots(corpus, workDir);
    int[] size = new int[roots.length];
    for (int r : roots) {
      size[r]++;
    }
    Map<Integer, List<Document>> members = new LinkedHashMap<>();
    int i = 0;
    for (Document doc : corpus) {
      if (size[roots[i]] > 1) {
        members.computeIfAbsent(roots[i], k -> new ArrayList<>()).add(doc);
      }
      i++;
    }
    return members.values().stream().map(m -> DuplicateCluster.of(name(), m)).toList();
  }

  /** Steps 1-3: every document's cluster root (its own index when it is unique). */
  int[] clusterRoots(Corpus corpus, Path workDir) throws IOException {
    long size = corpus.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("minhash_dedup: corpus of " + size + " documents exceeds 2^31");
    }
    int n = (int) size;
    Files.createDirectories(workDir);
    Path done = workDir.resolve("signatures.done");
    Path bandsDir = workDir.resolve("bands");
    String fingerprint = n + " " + params.bands() + "x" + params.rows() + " " + params.ngram() + " " + params.seed();
    if (!Files.exists(done) || !Files.readString(done).equals(fingerprint)) {
      clear(workDir);
      Files.createDirectories(bandsDir);
      writeSignatures(corpus, n, bandsDir);
      writeAtomically(done, fingerprint);
    }
    return rootsFromBands(workDir, bandsDir, n);
  }

  /** Steps 2-3 from band files already written (also what the bucket benchmark times). */
  int[] rootsFromBands(Path workDir, Path bandsDir, int n) throws IOException {
    sortBands(bandsDir);
    Path rootsFile = workDir.resolve("roots.bin");
    if (!Files.exists(rootsFile)) {
      UnionFind uf = new UnionFind(n);
      for (int b = 0; b < params.bands(); b++) {
        try (RecordFile.Reader r = new RecordFile.Reader(edgeFile(bandsDir, b), RecordFile.EDGE_BYTES, 1 << 16)) {
          while (r.next()) {
            uf.union(r.getInt(), r.getInt());
          }
        }
      }
      int[] roots = uf.roots();
      Path tmp = workDir.resolve(".tmp-roots.bin");
      try (RecordFile.Writer w = new RecordFile.Writer(tmp, 1 << 16)) {
        for (int i = 0; i + 1 < n; i += 2) {
          w.edge(roots[i], roots[i + 1]);
        }
        if (n % 2 == 1) {
          w.edge(roots[n - 1], -1);
        }
      }
      Files.move(tmp, rootsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return roots;
    }
    int[] roots = new int[n];
    try (RecordFile.Reader r = new RecordFile.Reader(rootsFile, RecordFile.EDGE_BYTES, 1 << 16)) {
      for (int i = 0; i < n; i += 2) {
        r.next();
        roots[i] = r.getInt();
        int second = r.getInt();
        if (i + 1 < n) {
          roots[i + 1] = second;
        }
      }
    }
    return roots;
  }

  /** Step 1: band keys of every document, computed in parallel batches, written in document order. */
  private void writeSignatures(Corpus corpus, int n, Path bandsDir) throws IOException {
    int bands = params.bands();
    RecordFile.Writer[] out = new RecordFile.Writer[bands];
    ExecutorService pool = Executors.newFixedThreadPool(params.threads(), r -> {
      Thread t = new Thread(r, "minhash-signatures");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int b = 0; b < bands; b++) {
        out[b] = new RecordFile.Writer(bandFile(bandsDir, b), 1 << 15);
      }
      Deque<Future<long[][]>> pending = new ArrayDeque<>();
      int[] written = {0};
      List<String> batch = new ArrayList<>();
      int seen = 0;
      for (Document doc : corpus) {
        batch.add(doc.content());
        seen++;
        if (batch.size() == 64) {
          pending.add(submit(pool, batch));
          batch = new ArrayList<>();
          while (pending.size() > 2 * params.threads()) {
            write(out, pending.removeFirst(), written);
          }
        }
      }
      if (!batch.isEmpty()) {
        pending.add(submit(pool, batch));
      }
      while (!pending.isEmpty()) {
        write(out, pending.removeFirst(), written);
      }
      if (seen != n) {
        throw new IllegalStateException("minhash_dedup: corpus yielded " + seen + " documents, size says " + n);
      }
    } finally {
      pool.shutdownNow();
      for (RecordFile.Writer w : out) {
        if (w != null) {
          w.close();
        }
      }
    }
  }

  private Future<long[][]> submit(ExecutorService pool, List<String> texts) {
    return pool.submit(() -> {
      long[][] keys = new long[texts.size()][];
      int[] sig = new int[params.hashes()];
      for (int d = 0; d < texts.size(); d++) {
        keys[d] = bandKeys(texts.get(d), sig);
      }
      return keys;
    });
  }

  /**
   * The bucket keys of a document's content ({@link Document#content()}), band {@code b}'s at index
   * {@code b}; {@code null} when the normalised text has no word (such a document is never a
   * duplicate). Two documents are paired when they have the same key for the same band. This is
   * what any engine running this stage must hash (the Spark module does).
   */
  public long[] bandKeys(String content) {
    return bandKeys(content, new int[params.hashes()]);
  }

  private long[] bandKeys(String content, int[] sig) {
    long[] shingles = MinHasher.shingleHashes(TextNormalizer.normalize(content), params.ngram());
    if (shingles.length == 0) {
      return null;
    }
    hasher.signatureOf(shingles, shingles.length, sig);
    long[] k = new long[params.bands()];
    for (int b = 0; b < k.length; b++) {
      k[b] = MinHasher.bandKey(sig, b, params.rows());
    }
    return k;
  }

  /**
   * Which of two members of a cluster stays, given their positions in corpus order: the first.
   * Associative and commutative and returning one of its arguments, so a cluster of any size is
   * decided by folding its members in any order: the local union-find and a distributed reduce
   * pick the same document.
   */
  public static long survivor(long a, long b) {
    return Math.min(a, b);
  }

  private static void write(RecordFile.Writer[] out, Future<long[][]> f, int[] written) throws IOException {
    long[][] keys = get(f);
    for (long[] k : keys) {
      int doc = written[0]++;
      if (k != null) {
        for (int b = 0; b < k.length; b++) {
          out[b].bucket(k[b], doc);
        }
      }
    }
  }

  /** Step 2: each band sorted into an edge file, in parallel over bands; done bands are skipped. */
  private void sortBands(Path bandsDir) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(params.threads());
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int b = 0; b < params.bands(); b++) {
        Path edges = edgeFile(bandsDir, b);
        if (Files.exists(edges)) {
          continue;
        }
        Path band = bandFile(bandsDir, b);
        futures.add(pool.submit(() -> {
          Path tmp = edges.resolveSibling(".tmp-" + edges.getFileName());
          try (RecordFile.Writer w = new RecordFile.Writer(tmp, 1 << 16)) {
            BucketSorter.buckets(band, params.memoryRecords(), w::edge);
          }
          Files.move(tmp, edges, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          Files.delete(band);
          return null;
        }));
      }
      for (Future<Object> f : futures) {
        get(f);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T get(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Path bandFile(Path dir, int band) {
    return dir.resolve(String.format("band-%05d.bin", band));
  }

  private static Path edgeFile(Path dir, int band) {
    return dir.resolve(String.format("edges-%05d.bin", band));
  }

  private static void clear(Path workDir) throws IOException {
    try (var s = Files.walk(workDir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(workDir)) {
          Files.delete(p);
        }
      }
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(".tmp-" + file.getFileName());
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
