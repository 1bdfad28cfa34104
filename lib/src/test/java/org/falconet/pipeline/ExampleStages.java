package org.falconet.pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.falconet.corpus.Document;

/** Small stages with known behaviour, for testing the runner (not part of the pipeline). */
final class ExampleStages {
  private ExampleStages() {}

  /** Drops documents whose text contains "spam"; otherwise annotates a digest iterated {@code rounds} times (CPU work). */
  static DocumentStage spamAndDigest(int rounds) {
    return new DocumentStage() {
      @Override
      public String name() {
        return "spam_and_digest";
      }

      @Override
      public Outcome apply(Document doc) {
        if (doc.text().contains("spam")) {
          return Outcome.removed(doc, "contains_spam");
        }
        byte[] h = doc.text().getBytes(StandardCharsets.UTF_8);
        try {
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          for (int i = 0; i < rounds; i++) {
            h = md.digest(h);
          }
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
        return Outcome.kept(doc.withMeta("digest", HexFormat.of().formatHex(h, 0, 8)));
      }
    };
  }

  /** Keeps the first of documents with equal text, in corpus order (two passes over the corpus). */
  static CorpusStage exactDuplicates() {
    return new CorpusStage() {
      @Override
      public String name() {
        return "exact_duplicates";
      }

      @Override
      public void process(Corpus corpus, Path workDir, Consumer<Outcome> sink) {
        Map<String, Integer> count = new HashMap<>();
        for (Document d : corpus) {
          count.merge(d.text(), 1, Integer::sum);
        }
        Map<String, Boolean> seen = new HashMap<>();
        for (Document d : corpus) {
          boolean first = seen.putIfAbsent(d.text(), true) == null;
          sink.accept(first ? Outcome.kept(d.withMeta("copies", count.get(d.text()))) : Outcome.removed(d, "exact_duplicate"));
        }
      }
    };
  }

  static Filter minWords(int n) {
    return Filter.of("min_words", d -> d.text().split("\\s+").length < n ? Filter.Verdict.drop("too_few_words")
        : Filter.Verdict.keep());
  }

  /** A deterministic corpus: some spam, some duplicates, some short documents. */
  static List<Document> corpus(int n) {
    List<Document> docs = new ArrayList<>();
    java.util.Random rnd = new java.util.Random(42);
    String[] words = {"falcon", "web", "crawl", "text", "model", "token", "refined", "data", "the", "of"};
    for (int i = 0; i < n; i++) {
      String text;
      if (i % 17 == 0) {
        text = "buy cheap spam now " + i;
      } else if (i % 11 == 0) {
        text = "this exact text appears many times in the corpus";
      } else {
        int len = 1 + rnd.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < len; w++) {
          sb.append(words[rnd.nextInt(words.length)]).append(w + 1 < len ? " " : "");
        }
        text = sb + " " + i;
      }
      docs.add(Document.ofText("doc-" + i, "https://example.org/" + i, text));
    }
    return docs;
  }

  static List<Stage> pipeline(int rounds) {
    return List.of(spamAndDigest(rounds), exactDuplicates(), minWords(4));
  }

  /** For the kill-and-resume test: runs the example pipeline in its own JVM. */
  public static void main(String[] args) throws Exception {
    List<Path> inputs = List.of(Path.of(args[0]));
    Path out = Path.of(args[1]);
    int threads = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    new PipelineRunner(new JsonlSource(), pipeline(rounds), new PipelineRunner.Options(threads, 50)).run(inputs, out);
  }
}
