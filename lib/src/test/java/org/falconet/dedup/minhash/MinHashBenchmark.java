package org.falconet.dedup.minhash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.falconet.dedup.minhash.internal.BandFiles;

/**
 * Speed of MinHash deduplication (a program, not a test).
 *
 * <pre>
 * java -cp ... org.falconet.dedup.minhash.MinHashBenchmark signatures [words=500] [docs=3000]
 * java -cp ... org.falconet.dedup.minhash.MinHashBenchmark buckets [docs=10000000] [bands=14] [threads=2] [dir]
 * </pre>
 *
 * <p>{@code signatures}: one thread computes RefinedWeb's 9,000-hash signatures and 450 band keys of
 * synthetic documents of {@code words} words (500 words, about 3,000 characters, is the size of an
 * average RefinedWeb document: about 600 tokens per document, Penedo et al. 2023, table 2 / section
 * 4), normalisation and shingling included. {@code buckets}: synthetic band keys for {@code docs}
 * documents (1% planted duplicates of an earlier document) written as band files in {@code dir}
 * (refused without room for them), then the bucket sort and union-find steps timed (wall and process
 * CPU), with the peak resident memory of each part and the disk used per document-band; the
 * clusters found are checked against the planted ones, and {@code dir} is deleted at the end.
 */
public final class MinHashBenchmark {
  public static void main(String[] args) throws IOException {
    String mode = args.length > 0 ? args[0] : "signatures";
    if (mode.equals("signatures")) {
      signatures(arg(args, 1, 500), arg(args, 2, 3000));
    } else {
      buckets(arg(args, 1, 10_000_000), arg(args, 2, 14), arg(args, 3, 2),
          args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("minhash-bench"));
    }
  }

  private static int arg(String[] a, int i, int dflt) {
    return a.length > i ? Integer.parseInt(a[i]) : dflt;
  }

  static void signatures(int words, int docs) {
    SplittableRandom r = new SplittableRandom(1);
    String[] vocab = new String[20000];
    for (int i = 0; i < vocab.length; i++) {
      StringBuilder w = new StringBuilder();
      for (int c = 0, len = 2 + r.nextInt(8); c < len; c++) {
        w.append((char) ('a' + r.nextInt(26)));
      }
      vocab[i] = i % 7 == 0 ? w.substring(0, 1).toUpperCase() + w.substring(1) : w.toString();
    }
    String[] texts = new String[500];
    long chars = 0;
    for (int t = 0; t < texts.length; t++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < words; w++) {
        sb.append(vocab[(int) (vocab.length * Math.pow(r.nextDouble(), 3))]);
        sb.append(r.nextInt(12) == 0 ? ". " : " ");
      }
      texts[t] = sb.toString();
      chars += texts[t].length();
    }
    MinHashDeduplicator.Params p = MinHashDeduplicator.Params.PAPER;
    MinHasher h = new MinHasher(p.hashes(), p.ngram(), p.seed());
    int[] sig = new int[p.hashes()];
    System.out.printf("signatures: %d hashes, %d bands x %d rows, documents of %d words (%d chars on average)%n",
        p.hashes(), p.bands(), p.rows(), words, chars / texts.length);
    for (int rep = 0; rep < 4; rep++) {
      java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long sink = 0;
      for (int d = 0; d < docs; d++) {
        long[] sh = MinHasher.shingleHashes(TextNormalizer.normalize(texts[d % texts.length]), p.ngram());
        h.signatureOf(sh, sh.length, sig);
        for (int b = 0; b < p.bands(); b++) {
          sink += MinHasher.bandKey(sig, b, p.rows());
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double c = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf("  round %d: %.0f docs/s per CPU second (%.0f docs/s wall, %.2f s, check %d)%n", rep,
          docs / c, docs / s, s, sink & 1);
    }
  }

  /**
   * The bucket and cluster steps on synthetic band keys. Document d's key in band b is
   * {@code mix64(d * bands + b)}, distinct for every (d, b) since mix64 is a bijection, except for
   * the plants: 1 % of documents copy one band's key from an earlier document (which may itself be
   * a plant: the copy follows the chain), and 0.1 % have no signature. The clusters found must be
   * exactly the planted ones: the roots are checked against a union-find over the plants.
   */
  static void buckets(int docs, int bands, int threads, Path dir) throws IOException {
    Path bandsDir = dir.resolve("bands");
    long needed = 8L * docs * bands;
    if (Files.isDirectory(dir)) {
      try (var s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new IOException(dir + " is not empty: give a new directory (it is deleted at the end)");
        }
      }
    }
    long usable = Files.getFileStore(Files.createDirectories(dir)).getUsableSpace();
    if (usable < needed + (4L << 30)) {
      throw new IOException(String.format("%s: %.1f GB free, the band files need %.1f GB (+ 4 GB spare)", dir,
          usable / 1e9, needed / 1e9));
    }
    System.out.printf("buckets: %,d documents x %d bands, %d threads, in %s (%.1f GB free); load %s%n", docs, bands,
        threads, dir, usable / 1e9, load());
    try {
      Files.createDirectories(bandsDir);
      run(docs, bands, threads, dir, bandsDir);
    } finally {
      try (var s = Files.walk(dir)) {
        for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
      System.out.printf("  %s deleted%n", dir);
    }
  }

  private static void run(int docs, int bands, int threads, Path dir, Path bandsDir) throws IOException {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    SplittableRandom r = new SplittableRandom(2);
    int[] copyOf = new int[docs];
    short[] copyBand = new short[docs];
    java.util.BitSet noSignature = new java.util.BitSet(docs);
    org.falconet.dedup.minhash.internal.UnionFind truth = new org.falconet.dedup.minhash.internal.UnionFind(docs);
    long planted = 0;
    long[] keys = new long[bands];
    try (BandFiles.Writer w = new BandFiles.Writer(bandsDir, bands)) {
      for (int d = 0; d < docs; d++) {
        copyOf[d] = -1;
        int u = r.nextInt(1000);
        if (d > 0 && u < 10) {
          int of = r.nextInt(d);
          if (!noSignature.get(of)) {
            copyOf[d] = of;
            copyBand[d] = (short) r.nextInt(bands);
            truth.union(of, d);
            planted++;
          }
        } else if (u == 999) {
          noSignature.set(d);
          w.add(null);
          continue;
        }
        for (int b = 0; b < bands; b++) {
          keys[b] = MinHasher.mix64((long) d * bands + b);
        }
        if (copyOf[d] >= 0) {
          int b = copyBand[d];
          int src = copyOf[d];
          while (copyOf[src] >= 0 && copyBand[src] == b) {
            src = copyOf[src];
          }
          keys[b] = MinHasher.mix64((long) src * bands + b);
        }
        w.add(keys);
      }
    }
    double write = (System.nanoTime() - t0) / 1e9;
    double writeCpu = (os.getProcessCpuTime() - c0) / 1e9;
    long bytes = 0;
    try (var s = Files.list(bandsDir)) {
      for (Path f : s.toList()) {
        bytes += Files.size(f);
      }
    }
    String writePeak = peakRss();
    resetPeakRss();
    MinHashDeduplicator.Params p = new MinHashDeduplicator.Params(bands, 8, 5, 1, threads, 1 << 24);
    long c1 = os.getProcessCpuTime();
    long t1 = System.nanoTime();
    int[] roots = new MinHashDeduplicator(p).rootsFromBands(dir, bandsDir, docs);
    double cluster = (System.nanoTime() - t1) / 1e9;
    double clusterCpu = (os.getProcessCpuTime() - c1) / 1e9;
    String clusterPeak = peakRss();
    int[] expected = truth.roots();
    long removed = 0;
    long wrong = 0;
    for (int i = 0; i < roots.length; i++) {
      removed += roots[i] != i ? 1 : 0;
      wrong += roots[i] != expected[i] ? 1 : 0;
    }
    System.out.printf("  write band files: %.1f s wall, %.1f s CPU; %,d bytes = %.2f bytes per document-band;"
        + " peak RSS %s%n", write, writeCpu, bytes, (double) bytes / ((long) docs * bands), writePeak);
    System.out.printf("  bucket sort + union-find: %.1f s wall, %.1f s CPU (%.3f us CPU per document-band);"
        + " peak RSS %s%n", cluster, clusterCpu, clusterCpu * 1e6 / ((double) docs * bands), clusterPeak);
    System.out.printf("  %,d planted duplicates, %,d documents without signature, %,d documents removed;"
        + " clusters %s; load %s%n", planted, noSignature.cardinality(), removed,
        wrong == 0 ? "= the planted ones" : "WRONG for " + wrong + " documents", load());
    if (wrong != 0) {
      throw new IllegalStateException("clusters differ from the planted ones for " + wrong + " documents");
    }
  }

  private static String load() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }

  /** Resets VmHWM to the current RSS (Linux: writing 5 to /proc/self/clear_refs), if allowed. */
  private static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException e) {
      System.out.println("  (peak RSS not reset: " + e.getMessage() + ")");
    }
  }

  static String peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM")) {
        return line.substring(6).trim();
      }
    }
    return "?";
  }
}
