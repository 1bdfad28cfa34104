package org.falconet.dedup.exact;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Speed and memory of suffix array construction (a program, not a test).
 *
 * <pre>java -Xmx4g -cp ... org.falconet.dedup.exact.SuffixArrayBenchmark [FILE | MB=50 | --write FILE MB]</pre>
 *
 * <p>Reads FILE (the first 1.5 GB at most), or makes MB megabytes of synthetic English-like text
 * (Zipf-distributed words of a 50,000-word vocabulary, with 5% of sentences repeated verbatim).
 * Prints SA-IS throughput (per CPU second and wall) and LCP throughput (wall) in MB/s on one thread, and peak heap per input byte (from
 * the JVM's memory pools; the heap before building is subtracted).
 */
public final class SuffixArrayBenchmark {
  public static void main(String[] args) throws IOException {
    byte[] text;
    String what;
    if (args.length > 2 && args[0].equals("--write")) {
      // The synthetic text saved, to time a peer (e.g. libdivsufsort) on the same bytes.
      Files.write(Path.of(args[1]), synthetic(Integer.parseInt(args[2]) * 1_000_000));
      return;
    }
    if (args.length > 0 && Files.isRegularFile(Path.of(args[0]))) {
      byte[] all = Files.readAllBytes(Path.of(args[0]));
      text = java.util.Arrays.copyOf(all, Math.min(all.length, 1_500_000_000));
      what = args[0];
    } else {
      int mb = args.length > 0 ? Integer.parseInt(args[0]) : 50;
      text = synthetic(mb * 1_000_000);
      what = "synthetic text";
    }
    System.out.printf("%s: %.1f MB%n", what, text.length / 1e6);
    for (int rep = 0; rep < 3; rep++) {
      System.gc();
      resetPeaks();
      long before = heapPeak();
      java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      int[] sa = SuffixArray.build(text);
      double saSec = (System.nanoTime() - t0) / 1e9;
      double saCpu = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
      long saPeak = heapPeak() - before;
      long t1 = System.nanoTime();
      int[] lcp = SuffixArray.lcp(text, sa);
      double lcpSec = (System.nanoTime() - t1) / 1e9;
      long peak = heapPeak() - before;
      lcp = null;
      System.gc();
      resetPeaks();
      long t2 = System.nanoTime();
      int[] plcp = SuffixArray.plcp(text, sa);
      double plcpSec = (System.nanoTime() - t2) / 1e9;
      long plcpPeak = heapPeak() - before;
      System.out.printf("  SA-IS %.1f MB/s of CPU time (%.1f MB/s wall, %.2f s), peak %.1f bytes/input byte; LCP %.1f MB/s wall; "
              + "SA+LCP peak %.1f bytes/input byte; PLCP (phi) %.1f MB/s, SA+PLCP peak %.1f bytes/input byte "
              + "(text itself not counted) [%d]%n",
          text.length / 1e6 / saCpu, text.length / 1e6 / saSec, saSec, (double) saPeak / text.length, text.length / 1e6 / lcpSec,
          (double) peak / text.length, text.length / 1e6 / plcpSec, (double) plcpPeak / text.length,
          plcp[plcp.length / 2] & 1);
    }
  }

  static byte[] synthetic(int bytes) {
    SplittableRandom r = new SplittableRandom(4);
    String[] vocab = new String[50_000];
    for (int i = 0; i < vocab.length; i++) {
      StringBuilder w = new StringBuilder();
      for (int c = 0, len = 1 + r.nextInt(10); c < len; c++) {
        w.append((char) ('a' + r.nextInt(26)));
      }
      vocab[i] = w.toString();
    }
    StringBuilder sb = new StringBuilder(bytes + 1000);
    java.util.List<String> sentences = new java.util.ArrayList<>();
    while (sb.length() < bytes) {
      if (!sentences.isEmpty() && r.nextInt(20) == 0) {
        sb.append(sentences.get(r.nextInt(sentences.size())));
        continue;
      }
      StringBuilder s = new StringBuilder();
      for (int w = 0, len = 5 + r.nextInt(25); w < len; w++) {
        // Zipf-like: rank ~ 1/u
        int rank = (int) Math.min(vocab.length - 1, 1 / Math.max(1e-9, r.nextDouble()) - 1);
        s.append(w == 0 ? "" : " ").append(vocab[rank]);
      }
      s.append(". ");
      sentences.add(s.toString());
      sb.append(s);
    }
    return sb.substring(0, bytes).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  private static long heapPeak() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
