package org.falconet.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;

/** Reads a curated corpus (a run's {@code kept/} shards, or any JSONL documents) and tokenizes it for training. */
public final class TrainingData {
  private TrainingData() {}

  /** Every document's text from JSONL files, or from all JSONL files under a directory (a curation run's {@code kept/} first). */
  public static List<String> texts(Path path) throws IOException {
    List<Path> files = files(path);
    List<String> texts = new ArrayList<>();
    for (Path f : files) {
      JsonlFiles.read(f, (Document d) -> {
        if (d.text() != null && !d.text().isBlank()) {
          texts.add(d.text());
        }
      });
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException(path + ": no documents with text found");
    }
    return texts;
  }

  /** The JSONL files {@link #texts} reads for {@code path}, in the order it reads them. */
  public static List<Path> files(Path path) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      Path kept = path.resolve("kept");
      Path root = Files.isDirectory(kept) ? kept : path;
      try (Stream<Path> s = Files.walk(root)) {
        files.addAll(s.filter(Files::isRegularFile).filter(JsonlFiles::isJsonl).sorted().toList());
      }
    } else if (Files.isRegularFile(path)) {
      files.add(path);
    } else {
      throw new java.nio.file.NoSuchFileException(path.toString(), null, "no training data here");
    }
    return files;
  }

  /** Tokenizes every text. */
  public static List<int[]> tokenize(List<String> texts, Function<String, int[]> encoder) {
    return texts.parallelStream().map(encoder).toList();
  }
}
