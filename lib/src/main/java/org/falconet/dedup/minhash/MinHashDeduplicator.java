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
import org.falconet.dedup.minhash.internal.BandFiles;
import org.falconet.dedup.minhash.internal.Clusterer;
import org.falconet.dedup.minhash.internal.RecordFile;
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
 * <p><b>Steps</b> (each resumable inside the runner's work directory): (1) signatures, reduced at
 * once to one 64-bit key per band, written band-major: one file per band holding each document's key
 * at the document's position ({@code 8 * b} bytes per document on disk, 36 GB for 10 million
 * documents at 450 bands; the 36 KB signature itself is never stored), redone unless complete;
 * (2) per band, a sort by key (in memory, or externally beyond {@link Params#memoryRecords}) whose
 * buckets' edges go straight into (3) a union-find over the documents; the edges that joined two
 * clusters are logged before the band's file is deleted, so an interrupted run resumes at the bands
 * whose files remain, and the cluster root of every document is saved ({@code 4} bytes per document,
 * in memory and on disk); (4) the filter. 64-bit keys make a false bucket (two band keys equal
 * while the 20 minima differ) negligible: among n documents a band has n²/2 pairs, each colliding with
 * probability 2⁻⁶⁴, so b bands give b·n²/2⁶⁵ expected false pairs: 0.001 at 10 million documents
 * and 450 bands (0.3 with 56-bit keys, 80 with 48-bit ones, which is why the keys keep 64 bits). A
 * false pair joins two clusters, so it would wrongly remove at most one document.
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
   * @param memoryRecords documents of one band sorted in memory at once, 24 bytes each per thread;
   *                      larger bands are sorted externally in runs of this size (not a paper value)
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
    Path bandsDir = signatures(corpus, workDir);
    return rootsFromBands(workDir, bandsDir, (int) corpus.size());
  }

  /** Step 1, unless done for this corpus size and these parameters: the band files' directory. */
  Path signatures(Corpus corpus, Path workDir) throws IOException {
    long size = corpus.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("minhash_dedup: corpus of " + size + " documents exceeds 2^31");
    }
    int n = (int) size;
    Files.createDirectories(workDir);
    Path done = workDir.resolve("signatures.done");
    Path bandsDir = workDir.resolve("bands");
    String fingerprint = "band-keys-v2 " + n + " " + params.bands() + "x" + params.rows() + " " + params.ngram()
        + " " + params.seed();
    if (!Files.exists(done) || !Files.readString(done).equals(fingerprint)) {
      clear(workDir);
      Files.createDirectories(bandsDir);
      writeSignatures(corpus, n, bandsDir);
      writeAtomically(done, fingerprint);
    }
    return bandsDir;
  }

  /** Steps 2-3 from band files already written (also what the bucket benchmark times). */
  int[] rootsFromBands(Path workDir, Path bandsDir, int n) throws IOException {
    Path rootsFile = workDir.resolve("roots.bin");
    if (!Files.exists(rootsFile)) {
      int[] roots = Clusterer.roots(bandsDir, params.bands(), n, params.threads(), params.memoryRecords());
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
    ExecutorService pool = Executors.newFixedThreadPool(params.threads(), r -> {
      Thread t = new Thread(r, "minhash-signatures");
      t.setDaemon(true);
      return t;
    });
    try (BandFiles.Writer out = new BandFiles.Writer(bandsDir, params.bands())) {
      Deque<Future<long[][]>> pending = new ArrayDeque<>();
      List<String> batch = new ArrayList<>();
      int seen = 0;
      for (Document doc : corpus) {
        batch.add(doc.content());
        seen++;
        if (batch.size() == 64) {
          pending.add(submit(pool, batch));
          batch = new ArrayList<>();
          while (pending.size() > 2 * params.threads()) {
            write(out, pending.removeFirst());
          }
        }
      }
      if (!batch.isEmpty()) {
        pending.add(submit(pool, batch));
      }
      while (!pending.isEmpty()) {
        write(out, pending.removeFirst());
      }
      if (seen != n) {
        throw new IllegalStateException("minhash_dedup: corpus yielded " + seen + " documents, size says " + n);
      }
    } finally {
      pool.shutdownNow();
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

  private static void write(BandFiles.Writer out, Future<long[][]> f) throws IOException {
    for (long[] k : get(f)) {
      out.add(k);
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
