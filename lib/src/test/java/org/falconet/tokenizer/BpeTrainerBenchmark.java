package org.falconet.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times BPE training on a text file (documents split at blank lines) and checks the written
 * {@code tokenizer.json} with Hugging Face (DJL) on the last tenth of the documents.
 *
 * <p>{@code java -cp ... org.falconet.tokenizer.BpeTrainerBenchmark TEXT_FILE [VOCAB_SIZE] [OUT_JSON]}
 */
public final class BpeTrainerBenchmark {
  private BpeTrainerBenchmark() {}

  public static void main(String[] args) throws Exception {
    String all = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    int vocab = args.length > 1 ? Integer.parseInt(args[1]) : 12 + 256 + 8000;
    Path out = Path.of(args.length > 2 ? args[2] : "/tmp/trained-tokenizer.json");
    List<String> docs = new ArrayList<>(Arrays.asList(all.split("\n\n")));
    List<String> held = new ArrayList<>(docs.subList(docs.size() * 9 / 10, docs.size()));
    long bytes = docs.stream().mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length).sum();
    long t0 = System.nanoTime();
    Tokenizer t = new BpeTrainer(BpeTrainer.Params.falcon(vocab)).train(docs);
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("trained %d merges (vocabulary %d) on %.1f MB in %.1f s wall, %d cores%n",
        t.model().merges().size(), t.vocabSize(), bytes / 1e6, secs, Runtime.getRuntime().availableProcessors());
    t.save(out);
    try (HuggingFaceTokenizer hf = HuggingFaceCrossCheckTest.huggingFace(out)) {
      long tokens = 0;
      long heldBytes = 0;
      for (String d : held) {
        int[] ours = t.encode(d);
        long[] want = hf.encode(d, false, false).getIds();
        if (!Arrays.equals(Arrays.stream(ours).asLongStream().toArray(), want)) {
          throw new AssertionError("Hugging Face disagrees on a document");
        }
        tokens += ours.length;
        heldBytes += d.getBytes(StandardCharsets.UTF_8).length;
      }
      System.out.printf("Hugging Face agrees on %d documents: %.2f bytes per token%n", held.size(), (double) heldBytes / tokens);
    }
  }
}
