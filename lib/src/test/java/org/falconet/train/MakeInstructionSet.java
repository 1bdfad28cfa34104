package org.falconet.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.falconet.tokenizer.Tokenizer;

/**
 * Writes two files from the curated sample ({@code ./falconet demo}'s {@code curated/kept}), split the
 * way {@code ./falconet train --seed 1234} split it for {@code falconet-tiny} (documents in file order,
 * {@code SplittableRandom(1234).nextDouble() < 0.05} held out):
 *
 * <ul>
 *   <li>{@code datasets-sample/eval/heldout/falconet-tiny-validation.jsonl}: the held-out documents,
 *       text the tiny model never trained on (checked: their token count with end-of-text markers is the
 *       7,965 validation tokens of the model's README);
 *   <li>{@code datasets-sample/instructions/curated-qa.jsonl}: {@link DocumentQuestions} on the training
 *       documents, one question each, with provenance (kind, document id, URL).
 * </ul>
 *
 * Run: {@code java -cp … org.falconet.train.MakeInstructionSet CURATED_DIR REPO_ROOT}.
 */
public final class MakeInstructionSet {
  private MakeInstructionSet() {}

  public static void main(String[] args) throws IOException {
    Path curated = Path.of(args[0]);
    Path repo = Path.of(args.length > 1 ? args[1] : ".");
    Path kept = Files.isDirectory(curated.resolve("kept")) ? curated.resolve("kept") : curated;
    List<Path> files;
    try (Stream<Path> s = Files.walk(kept)) {
      files = s.filter(Files::isRegularFile).filter(JsonlFiles::isJsonl).sorted().toList();
    }
    List<Document> docs = new ArrayList<>();
    for (Path f : files) {
      JsonlFiles.read(f, d -> {
        if (d.text() != null && !d.text().isBlank()) {
          docs.add(d);
        }
      });
    }
    SplittableRandom rnd = new SplittableRandom(1234);   // PackedSequences.pack's split, as TrainCommand calls it
    List<Document> train = new ArrayList<>();
    List<Document> heldOut = new ArrayList<>();
    for (Document d : docs) {
      (rnd.nextDouble() < 0.05 ? heldOut : train).add(d);
    }
    Tokenizer tok = Tokenizer.load(repo.resolve("datasets-sample/models/falconet-tiny/tokenizer.json"));
    long validationTokens = heldOut.stream().mapToLong(d -> tok.encode(d.text()).length + 1).sum();
    System.out.printf("%d documents: %d training, %d held out (%d tokens with end-of-text markers)%n", docs.size(),
        train.size(), heldOut.size(), validationTokens);

    Path heldOutFile = repo.resolve("datasets-sample/eval/heldout/falconet-tiny-validation.jsonl");
    Files.createDirectories(heldOutFile.getParent());
    JsonlFiles.write(heldOutFile, heldOut.stream().map(d -> Document.ofText(d.id(), d.url(), d.text())
        .withMeta("title", d.meta("title"))).toList());

    Map<String, String> topicByUrl = new HashMap<>();
    for (String line : Files.readAllLines(repo.resolve("datasets-sample/crawl/MANIFEST.tsv"), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      if (f.length > 10 && !f[0].equals("warc_file")) {
        String topic = DocumentQuestions.topicOfSource(f[10]);
        if (topic != null) {
          topicByUrl.put(f[2], topic);
        }
      }
    }
    List<DocumentQuestions.Item> items = DocumentQuestions.questions(train, topicByUrl);
    Path out = repo.resolve("datasets-sample/instructions/curated-qa.jsonl");
    Files.createDirectories(out.getParent());
    ObjectMapper json = new ObjectMapper();
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (DocumentQuestions.Item it : items) {
        ObjectNode o = json.createObjectNode();
        o.put("instruction", it.example().instruction());
        o.put("response", it.example().response());
        o.put("kind", it.kind().name().toLowerCase());
        o.put("doc_id", it.documentId());
        o.put("url", it.url());
        w.write(json.writeValueAsString(o));
        w.write('\n');
      }
    }
    Map<DocumentQuestions.Kind, Long> byKind = new java.util.TreeMap<>();
    items.forEach(i -> byKind.merge(i.kind(), 1L, Long::sum));
    System.out.println(out + ": " + items.size() + " examples " + byKind);
  }
}
