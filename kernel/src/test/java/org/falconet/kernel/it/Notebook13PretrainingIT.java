package org.falconet.kernel.it;

import static org.falconet.kernel.it.NotebookCells.code;
import static org.falconet.kernel.it.NotebookCells.last;
import static org.falconet.kernel.testing.Jupyter.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.model.FalconConfig;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.refinedweb.RefinedWeb;
import org.falconet.tokenizer.Tokenizer;
import org.falconet.train.PackedSequences;
import org.falconet.train.TrainingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes notebooks/13-pretraining.ipynb through the real kernel, checks it against its committed outputs, and
 * checks the numbers that matter against truths computed here: the data split the shipped model's card records,
 * the uniform loss ln V of an untrained model, a unigram model's loss on the same data, perplexity = e^loss,
 * 6·N·D, and the raw-versus-curated table against its CSV.
 */
class Notebook13PretrainingIT {

  private static final Path REPO = Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  @Test
  void pretrainingNotebook() throws Exception {
    JsonNode cells = NotebookCheck.run("13-pretraining.ipynb", 300).path("cells");

    // The curated sample and its packing, against the same curation and packing run here (the 37-language model,
    // as the notebook does; falconet-tiny's card records 709 documents from the extractor of its day).
    Curated truth = curateAndPack();
    String data = Jupyter.data(last(code(cells, "TrainingData.texts(curated)")), "text/html");
    assertTrue(data.contains("<td>documents kept</td><td>" + truth.documents() + "</td>"), data);
    String packing = Jupyter.text(code(cells, "PackedSequences.pack("));
    assertTrue(packing.contains(String.format("training stream %,d tokens, validation stream %,d tokens",
        truth.train().length, truth.validation().length)), packing);
    assertTrue(packing.contains("<|endoftext|>"), packing);

    // Before training: N(0, 0.02) weights give near-uniform logits, so the loss is close to ln 4096.
    String before = Jupyter.data(last(code(cells, "trainer.validationLoss()")), "text/html");
    double initial = number(before, "untrained Falcon \\(nats\\)</td><td>([0-9.]+)");
    assertEquals(Math.log(4096), initial, 0.05, before);
    double unigramShown = number(before, "unigram model \\(nats\\)</td><td>([0-9.]+)");
    assertTrue(before.contains("<td>parameters</td><td>"
        + String.format("%,d", FalconConfig.tiny(4096, 64, 2, 4).parameterCount()) + "</td>"), before);

    // The validation loss falls at every evaluation and perplexity is e^loss.
    String valTable = Jupyter.data(last(code(cells, "Table valTable")), "text/html");
    Matcher row = Pattern.compile("<tr><td>(\\d+)</td><td>([0-9.]+)</td><td>([0-9.]+)</td></tr>").matcher(valTable);
    List<double[]> rows = new ArrayList<>();
    while (row.find()) {
      rows.add(new double[] {Double.parseDouble(row.group(1)), Double.parseDouble(row.group(2)), Double.parseDouble(row.group(3))});
    }
    assertEquals(6, rows.size(), valTable);
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(25.0 * (i + 1), rows.get(i)[0], valTable);
      assertEquals(Math.exp(rows.get(i)[1]), rows.get(i)[2], Math.exp(rows.get(i)[1]) * 6e-4, valTable);
      assertTrue(rows.get(i)[1] < (i == 0 ? initial : rows.get(i - 1)[1]), "validation loss did not fall: " + valTable);
    }
    String last = Jupyter.text(code(cells, "double finalLoss"));
    double finalLoss = number(last, "final validation loss ([0-9.]+) nats");
    assertEquals(Math.exp(finalLoss), number(last, "perplexity ([0-9.]+) \\(unigram"), 0.06, last);

    // The bound: the trained model must beat a unigram model (token frequencies of the training stream, add-one
    // smoothing) on the validation stream, i.e. it must have learned to use context. Computed here from scratch.
    double unigram = unigramCrossEntropy(truth);
    assertEquals(unigram, unigramShown, 0.0006, before);
    assertTrue(finalLoss < unigram - 0.3, "final validation loss " + finalLoss + " not below the unigram model's " + unigram);

    // Compute: 6·N·D for this run.
    String flops = Jupyter.data(last(code(cells, "double ourFlops")), "text/html");
    double sixND = 6.0 * FalconConfig.tiny(4096, 64, 2, 4).parameterCount() * 150 * 8 * 64;
    assertTrue(flops.contains("<td>6·N·D</td><td>" + String.format("%.2e", sixND) + "</td>"), flops);
    assertTrue(flops.contains("<td>6,921,720,704</td>"), flops);   // Falcon-7B's published parameter count

    // Raw versus curated: the table is the CSV the experiment script wrote; curated beats raw on average.
    List<String> csv = Files.readAllLines(REPO.resolve("datasets-sample/experiments/raw-vs-curated.csv"));
    double[] sum = new double[2];
    int[] n = new int[2];
    String runs = Jupyter.data(last(code(cells, "Table rvc")), "text/html");
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",");
      int k = f[0].equals("raw") ? 0 : 1;
      sum[k] += Double.parseDouble(f[8]);
      n[k]++;
      assertTrue(runs.contains("<td>" + f[0] + "</td><td>" + f[1] + "</td>"), runs);
    }
    assertTrue(n[0] >= 2 && n[1] >= 2, "need at least two seeds per corpus: " + csv);
    String summary = Jupyter.data(last(code(cells, "Table summary")), "text/html");
    assertTrue(summary.contains("<td>raw</td><td>" + n[0] + "</td><td>" + Math.round(sum[0] / n[0] * 1000) / 1000.0 + "</td>"), summary);
    assertTrue(summary.contains("<td>curated</td><td>" + n[1] + "</td><td>" + Math.round(sum[1] / n[1] * 1000) / 1000.0 + "</td>"), summary);
    assertTrue(sum[1] / n[1] < sum[0] / n[0], "curated should beat raw in the recorded experiment: " + csv);
  }

  /** The curated sample's document count and its packed training and validation streams. */
  private record Curated(int documents, int[] train, int[] validation, int vocabSize) {}

  /** Curates the sample crawl and packs it as the notebook does. */
  private Curated curateAndPack() throws Exception {
    List<Path> warcs;
    try (Stream<Path> s = Files.list(REPO.resolve("datasets-sample/crawl"))) {
      warcs = s.filter(RefinedWeb.source()::accepts).sorted().toList();
    }
    Path out = tmp.resolve("curated");
    // as the notebook does: the 37-language model that curated falconet-tiny's data
    List<org.falconet.pipeline.Stage> stages = new java.util.ArrayList<>(RefinedWeb.stages(RefinedWeb.STAGE_NAMES));
    stages.set(RefinedWeb.STAGE_NAMES.indexOf("language_filter"),
        new org.falconet.filter.lang.LanguageFilter(org.falconet.filter.lang.LanguageFilter.Params.DEBIAN_36));
    new PipelineRunner(RefinedWeb.source(), stages, new PipelineRunner.Options(2, 1000)).run(warcs, out);
    Tokenizer tok = Tokenizer.load(REPO.resolve("datasets-sample/models/falconet-tiny/tokenizer.json"));
    List<String> texts = TrainingData.texts(out);
    PackedSequences p = PackedSequences.pack(TrainingData.tokenize(texts, tok::encode), 11, 0.05, 1234);
    return new Curated(texts.size(), p.trainTokens(), p.validationTokens(), tok.vocabSize());
  }

  /** A unigram model's cross-entropy (add-one smoothing, training-stream counts) on the validation stream. */
  private static double unigramCrossEntropy(Curated c) {
    long[] counts = new long[c.vocabSize()];
    for (int t : c.train()) {
      counts[t]++;
    }
    double nats = 0;
    for (int t : c.validation()) {
      nats -= Math.log((counts[t] + 1.0) / (c.train().length + c.vocabSize()));
    }
    return nats / c.validation().length;
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " not in " + text);
    return Double.parseDouble(m.group(1));
  }
}
