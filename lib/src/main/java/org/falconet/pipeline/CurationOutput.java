package org.falconet.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.corpus.JsonlFiles;

/**
 * A finished run's output directory, read back: the kept documents, the statistics and the
 * explanation of any removal.
 *
 * <pre>{@code
 * CurationOutput out = CurationOutput.open(Path.of("out/demo"));
 * out.why("doc-42");   // Optional[Removal[stage=gopher_quality, reason=gopher_short_doc]]
 * }</pre>
 */
public final class CurationOutput {
  private final Path dir;

  private CurationOutput(Path dir) {
    this.dir = dir;
  }

  /** Opens a finished run; fails if it has no {@code stats.json} (not finished). */
  public static CurationOutput open(Path dir) throws IOException {
    if (!Files.exists(dir.resolve("stats.json"))) {
      throw new java.nio.file.NoSuchFileException(dir.resolve("stats.json").toString(), null,
          "not a finished run (no stats.json)");
    }
    return new CurationOutput(dir);
  }

  public RunStats stats() throws IOException {
    return RunStats.read(dir.resolve("stats.json"));
  }

  /** Why a document was removed: which stage, which reason. */
  public record Removal(String id, String stage, String reason) {}

  /** The removal of {@code docId}, or empty if it was kept (or never seen). */
  public Optional<Removal> why(String docId) throws IOException {
    for (Path f : files("removed")) {
      try (BufferedReader in = JsonlFiles.reader(f)) {
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.contains(docId)) {
            continue;
          }
          String[] r = JsonlCodec.stageAndReason(line);
          if (docId.equals(r[0])) {
            return Optional.of(new Removal(r[0], r[1], r[2]));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Every kept document, in output order. */
  public List<Document> kept() throws IOException {
    List<Document> docs = new ArrayList<>();
    for (Path f : files("kept")) {
      JsonlFiles.read(f, docs::add);
    }
    return docs;
  }

  /** Every removal, in output order. */
  public List<Removal> removals() throws IOException {
    List<Removal> all = new ArrayList<>();
    for (Path f : files("removed")) {
      try (BufferedReader in = JsonlFiles.reader(f)) {
        String line;
        while ((line = in.readLine()) != null) {
          String[] r = JsonlCodec.stageAndReason(line);
          all.add(new Removal(r[0], r[1], r[2]));
        }
      }
    }
    return all;
  }

  private List<Path> files(String sub) throws IOException {
    Path d = dir.resolve(sub);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).sorted().toList();
    }
  }
}
