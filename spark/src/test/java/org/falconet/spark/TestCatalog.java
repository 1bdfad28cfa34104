package org.falconet.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.CorpusStage;
import org.falconet.pipeline.DocumentSource;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Filter;
import org.falconet.pipeline.JsonlSource;
import org.falconet.pipeline.Outcome;
import org.falconet.pipeline.Stage;
import org.falconet.refinedweb.RefinedWeb;

/**
 * Stages with known behaviour for comparing the engines (test scope, not the pipeline): a source
 * that drops damaged records, per-document filters and a transformation, a whole-corpus stage with
 * no cluster form ({@code exact_text_dedup}), and the library's MinHash and URL deduplicators, whose
 * cluster forms are {@link #clusterStages()}.
 */
final class TestCatalog implements StageCatalog {
  private static final long serialVersionUID = 1L;

  /** SHA-256 rounds per document in {@code spam_and_digest}: CPU work of the order of a real filter. */
  private final int rounds;

  TestCatalog(int rounds) {
    this.rounds = rounds;
  }

  TestCatalog() {
    this(20);
  }

  @Override
  public String cacheKey() {
    return "test-catalog-" + rounds;
  }

  @Override
  public DocumentSource source() {
    JsonlSource jsonl = new JsonlSource();
    return new DocumentSource() {
      @Override
      public String name() {
        return "test_reader";
      }

      @Override
      public boolean accepts(Path file) {
        return jsonl.accepts(file);
      }

      @Override
      public void read(Path file, Consumer<Outcome> sink) throws IOException {
        jsonl.read(file, o -> sink.accept(Boolean.TRUE.equals(o.document().meta("damaged"))
            ? Outcome.removed(o.document(), "damaged_record") : o));
      }
    };
  }

  @Override
  public Stage stage(String name) {
    return switch (name) {
      case "spam_and_digest" -> spamAndDigest(rounds);
      case "line_trim" -> lineTrim();
      case "min_words" -> Filter.of("min_words", d -> d.text().isBlank() || d.text().trim().split("\\s+").length < 4
          ? Filter.Verdict.drop("too_few_words") : Filter.Verdict.keep());
      case "exact_text_dedup" -> firstOfEachKey("exact_text_dedup", "exact_duplicate", Document::text);
      case "minhash_dedup", "url_dedup" -> RefinedWeb.stage(name);
      case "boom" -> Filter.of("boom", d -> {
        if (d.text().contains("boom")) {
          throw new IllegalArgumentException("cannot handle boom");
        }
        return Filter.Verdict.keep();
      });
      default -> throw new IllegalArgumentException("unknown test stage " + name);
    };
  }

  /** The cluster forms of the library's deduplicators, as {@code ./falconet curate --engine spark} runs them. */
  static List<ClusterStage<?>> clusterStages() {
    return SparkCurate.clusterForms();
  }

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
        return Outcome.kept(doc.withMeta("digest", HexFormat.of().formatHex(h, 0, 8)).withMeta("score", h[0] / 128.0));
      }
    };
  }

  /** Drops lines of fewer than 3 characters; a document left empty is removed. */
  static DocumentStage lineTrim() {
    return new DocumentStage() {
      @Override
      public String name() {
        return "line_trim";
      }

      @Override
      public Outcome apply(Document doc) {
        List<String> keep = new ArrayList<>();
        int dropped = 0;
        for (String line : doc.text().split("\n", -1)) {
          if (line.strip().length() >= 3) {
            keep.add(line);
          } else {
            dropped++;
          }
        }
        if (keep.isEmpty()) {
          return Outcome.removed(doc, "empty_after_trim");
        }
        return Outcome.kept(doc.withText(String.join("\n", keep)).withMeta("short_lines_removed", dropped));
      }
    };
  }

  /** Keeps the first document of each key, in corpus order (documents without a key are kept). */
  static CorpusStage firstOfEachKey(String name, String reason, java.util.function.Function<Document, String> key) {
    return new CorpusStage() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void process(Corpus corpus, Path workDir, Consumer<Outcome> sink) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Document d : corpus) {
          String k = key.apply(d);
          sink.accept(k == null || seen.add(k) ? Outcome.kept(d) : Outcome.removed(d, reason));
        }
      }
    };
  }
}
