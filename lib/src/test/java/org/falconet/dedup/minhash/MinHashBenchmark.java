package org.falconet.dedup.minhash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.falconet.dedup.minhash.internal.RecordFile;

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
 * documents (1% planted duplicates of an earlier document) written as band files, then the bucket
 * sort and union-find steps timed, with the process's peak resident memory.
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

  static void buckets(int docs, int bands, int threads, Path dir) throws IOException {
    Path bandsDir = dir.resolve("bands");
    Files.createDirectories(bandsDir);
    long t0 = System.nanoTime();
    SplittableRandom r = new SplittableRandom(2);
    RecordFile.Writer[] w = new RecordFile.Writer[bands];
    for (int b = 0; b < bands; b++) {
      w[b] = new RecordFile.Writer(bandsDir.resolve(String.format("band-%05d.bin", b)), 1 << 16);
    }
    long planted = 0;
    for (int d = 0; d < docs; d++) {
      // Planted duplicate: shares band 0's key with an earlier document.
      boolean dup = d > 0 && r.nextInt(100) == 0;
      int of = dup ? r.nextInt(d) : d;
      planted += dup ? 1 : 0;
      for (int b = 0; b < bands; b++) {
        long key = b == 0 && dup ? MinHasher.mix64(of * 31L + 7) : b == 0 ? MinHasher.mix64(d * 31L + 7) : r.nextLong();
        w[b].bucket(key, d);
      }
    }
    for (RecordFile.Writer x : w) {
      x.close();
    }
    double write = (System.nanoTime() - t0) / 1e9;
    MinHashDeduplicator.Params p = new MinHashDeduplicator.Params(bands, 8, 5, 1, threads, 1 << 24);
    long t1 = System.nanoTime();
    int[] roots = new MinHashDeduplicator(p).rootsFromBands(dir, bandsDir, docs);
    double cluster = (System.nanoTime() - t1) / 1e9;
    long removed = 0;
    for (int i = 0; i < roots.length; i++) {
      removed += roots[i] != i ? 1 : 0;
    }
    System.out.printf("buckets: %,d documents x %d bands (%.1f GB of band files), %d threads%n", docs, bands,
        12.0 * docs * bands / 1e9, threads);
    System.out.printf("  write band files %.1f s; sort buckets + union-find %.1f s (%.2f us per document-band)%n",
        write, cluster, cluster * 1e6 / ((double) docs * bands));
    System.out.printf("  %,d planted duplicates, %,d documents removed; peak resident memory %s%n", planted, removed,
        peakRss());
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
