package org.falconet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.falconet.tokenizer.BpeTrainer;
import org.falconet.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./falconet train-tokenizer}: a byte-level BPE tokenizer with Falcon's pre-tokenizer and
 * special tokens, learned from a corpus (curated JSONL documents or plain text), written as a Hugging
 * Face {@code tokenizer.json}.
 */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
    description = "Train a byte-level BPE tokenizer (Falcon's pre-tokenizer and special tokens) and write tokenizer.json.")
final class TrainTokenizerCommand implements Callable<Integer> {

  @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
      description = "JSONL(.gz) documents (their text), .txt files (documents split at blank lines), or folders of them.")
  List<Path> inputs;

  @Option(names = "--vocab-size", defaultValue = "8192", description = "Vocabulary size, special tokens and 256 bytes included (default ${DEFAULT-VALUE}).")
  int vocabSize;

  @Option(names = "--min-frequency", defaultValue = "2", description = "Fewest occurrences of a pair to merge it (default ${DEFAULT-VALUE}).")
  int minFrequency;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write tokenizer.json.")
  Path out;

  @Override
  public Integer call() throws IOException {
    List<String> docs = new ArrayList<>();
    long bytes = 0;
    for (Path in : inputs) {
      List<Path> files;
      if (Files.isDirectory(in)) {
        try (Stream<Path> walk = Files.walk(in)) {
          files = walk.filter(Files::isRegularFile).filter(f -> JsonlFiles.isJsonl(f) || f.toString().endsWith(".txt"))
              .sorted().toList();
        }
      } else {
        files = List.of(in);
      }
      for (Path f : files) {
        if (JsonlFiles.isJsonl(f)) {
          List<String> texts = new ArrayList<>();
          JsonlFiles.read(f, (Document d) -> {
            if (d.content() != null) {
              texts.add(d.content());
            }
          });
          docs.addAll(texts);
        } else {
          for (String d : Files.readString(f, StandardCharsets.UTF_8).split("\n\n")) {
            docs.add(d);
          }
        }
      }
    }
    for (String d : docs) {
      bytes += d.length();
    }
    if (docs.isEmpty()) {
      throw new IllegalArgumentException("no documents in " + inputs);
    }
    BpeTrainer.Params p = new BpeTrainer.Params(vocabSize, BpeTrainer.Params.FALCON_SPECIAL_TOKENS,
        org.falconet.tokenizer.PreTokenizer.FALCON, minFrequency);
    long t0 = System.nanoTime();
    Tokenizer t = new BpeTrainer(p).train(docs);
    t.save(out);
    System.out.printf("%s: %d tokens, %d merges, from %d documents (%.1f M chars) in %.1f s%n", out, t.vocabSize(),
        t.model().merges().size(), docs.size(), bytes / 1e6, (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
