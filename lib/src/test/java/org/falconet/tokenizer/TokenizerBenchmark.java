package org.falconet.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Encode speed, ours beside Hugging Face's Rust tokenizer (DJL) in the same run, one thread each, on
 * the same documents: the random-text generator's edge cases, or a text file given as the first
 * argument (documents split at blank lines). Prints MB/s of UTF-8 input per core (thread CPU time, as
 * the machine is shared) and per wall-clock second.
 *
 * <p>{@code java -cp ... org.falconet.tokenizer.TokenizerBenchmark [TEXT_FILE] [MB]}
 */
public final class TokenizerBenchmark {
  private TokenizerBenchmark() {}

  public static void main(String[] args) throws Exception {
    double mb = args.length > 1 ? Double.parseDouble(args[1]) : 8;
    List<String> docs = new ArrayList<>();
    long bytes = 0;
    if (args.length > 0 && !args[0].equals("-")) {
      String all = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
      for (String d : all.split("\n\n")) {
        if (bytes > mb * 1e6) {
          break;
        }
        docs.add(d);
        bytes += d.getBytes(StandardCharsets.UTF_8).length;
      }
    } else {
      RandomText gen = new RandomText(1);
      while (bytes < mb * 1e6) {
        StringBuilder doc = new StringBuilder();
        while (doc.length() < 4000) {
          doc.append(gen.next(12)).append(' ');
        }
        docs.add(doc.toString());
        bytes += doc.toString().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    Path json = FalconTokenizerTest.shippedJson();
    Tokenizer ours = Tokenizer.load(json);
    HuggingFaceTokenizer hf = HuggingFaceCrossCheckTest.huggingFace(json);
    System.out.printf("%d documents, %.1f MB of UTF-8%n", docs.size(), bytes / 1e6);
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 5; round++) {
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long n1 = 0;
      for (String d : docs) {
        n1 += ours.encode(d).length;
      }
      long t1 = System.nanoTime();
      long c1 = cpu.getCurrentThreadCpuTime();
      long n2 = 0;
      for (String d : docs) {
        n2 += hf.encode(d, false, false).getIds().length;
      }
      long t2 = System.nanoTime();
      long c2 = cpu.getCurrentThreadCpuTime();
      double mbytes = bytes / 1e6;
      System.out.printf("round %d: falconet %6.2f MB/s per core (%5.2f wall), %d tokens | "
              + "huggingface/djl %6.2f MB/s per core (%5.2f wall), %d tokens%n", round,
          mbytes / ((c1 - c0) / 1e9), mbytes / ((t1 - t0) / 1e9), n1,
          mbytes / ((c2 - c1) / 1e9), mbytes / ((t2 - t1) / 1e9), n2);
    }
    hf.close();
  }
}
