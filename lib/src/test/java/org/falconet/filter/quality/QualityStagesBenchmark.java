package org.falconet.filter.quality;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.filter.pii.PiiRedactor;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Outcome;

/**
 * Prints the single-thread throughput (MB of UTF-8 text per CPU second of the thread, i.e. per core) of each quality stage and
 * of all four applied to every document in turn, on the golden documents repeated to about 64 MB.
 * Not a test: run it by hand.
 *
 * <pre>
 * mvn -q -o -pl lib test-compile
 * java -cp lib/target/classes:lib/target/test-classes org.falconet.filter.quality.QualityStagesBenchmark [MB]
 * </pre>
 */
public final class QualityStagesBenchmark {
  private static final String[] FILES = {"apache-2.0.txt", "artistic.txt", "base-passwd-readme.txt", "bsd.txt",
      "cc0-1.0.txt", "debian-reference-ch01-de.txt", "debian-reference-ch01-fr.txt", "git-changelog-debian.txt",
      "git-readme.md.txt", "gpl-3.txt", "man-db-faq.txt", "mpl-2.0.txt", "w3m-readme-func.txt", "wget-readme.txt"};

  private static final int ROUNDS = 5;

  private QualityStagesBenchmark() {}

  public static void main(String[] args) throws IOException {
    long targetBytes = (args.length > 0 ? Long.parseLong(args[0]) : 64) << 20;
    List<Document> docs = new ArrayList<>();
    long bytes = 0;
    for (int copy = 0; bytes < targetBytes; copy++) {
      for (String f : FILES) {
        // A line that differs per copy, so no two documents are identical.
        String text = "Copy " + copy + " of " + f + ".\n" + read(f);
        docs.add(Document.ofText(f + "-" + copy, null, text));
        bytes += text.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    List<DocumentStage> stages = List.of(GopherRepetitionFilter.paper(), GopherQualityFilter.paper(),
        LineWiseCorrections.paper(), PiiRedactor.fineweb());
    System.out.printf("%d documents, %.1f MB of text, 1 thread; best of %d rounds after one warm-up%n",
        docs.size(), bytes / 1e6, ROUNDS);
    long[] best = new long[stages.size() + 1];
    int[] removed = new int[stages.size() + 1];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    for (int round = 0; round <= ROUNDS; round++) {
      for (int i = 0; i < stages.size(); i++) {
        DocumentStage s = stages.get(i);
        long t = cpu();
        int r = 0;
        for (Document d : docs) {
          r += s.apply(d) instanceof Outcome.Removed ? 1 : 0;
        }
        long spent = cpu() - t;
        if (round > 0) {
          best[i] = Math.min(best[i], spent);
        }
        removed[i] = r;
      }
      long t = cpu();
      int r = 0;
      for (Document d : docs) {
        Document cur = d;
        boolean gone = false;
        for (DocumentStage s : stages) {
          Outcome o = s.apply(cur);
          gone |= o instanceof Outcome.Removed;
          cur = o.document();
        }
        r += gone ? 1 : 0;
      }
      long spent = cpu() - t;
      if (round > 0) {
        best[stages.size()] = Math.min(best[stages.size()], spent);
      }
      removed[stages.size()] = r;
    }
    // Reference: one pass over every character, counting whitespace, to show what the machine gives now.
    long baseline = Long.MAX_VALUE;
    long spaces = 0;
    for (int round = 0; round <= ROUNDS; round++) {
      long t = cpu();
      for (Document d : docs) {
        String text = d.text();
        for (int i = 0; i < text.length(); i++) {
          spaces += org.falconet.filter.quality.internal.Chars.isSpace(text.charAt(i)) ? 1 : 0;
        }
      }
      baseline = Math.min(baseline, cpu() - t);
    }
    System.out.printf("%-26s %7.1f MB/s per core  (%d spaces)%n", "reference: one char scan", bytes / 1e6 / (baseline / 1e9),
        spaces);
    for (int i = 0; i <= stages.size(); i++) {
      report(i < stages.size() ? stages.get(i).name() : "all four, every document", bytes, best[i], removed[i],
          docs.size());
    }
  }

  /** CPU time of this thread: on a shared machine it, unlike wall time, ignores the time other processes hold the core. */
  private static long cpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static void report(String what, long bytes, long nanos, int removed, int docs) {
    System.out.printf("%-26s %7.1f MB/s per core  (%.2f CPU s; removed %d of %d)%n", what,
        bytes / 1e6 / (nanos / 1e9), nanos / 1e9, removed, docs);
  }

  private static String read(String name) throws IOException {
    try (InputStream in = QualityStagesBenchmark.class.getResourceAsStream("/org/falconet/filter/quality/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
