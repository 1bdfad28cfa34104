package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.falconet.provenance.FileDigest;
import org.falconet.provenance.RunManifest;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train, eval and finetune each write a manifest naming their data, models, settings and outputs; report draws them. */
class ModelRunManifestsIT {
  @TempDir
  Path tmp;

  @Test
  void trainEvalAndFinetuneRecordWhatTheyReadAndWrote() throws Exception {
    Path tokenizer = Path.of(System.getProperty("falconet.repo"), "datasets-sample/models/falconet-tiny/tokenizer.json");
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      docs.add(Document.ofText("d" + i, null, "The Debian project ships package number " + i + " with its sources and a"
          + " changelog, built for every architecture the release supports."));
    }
    Path data = tmp.resolve("data.jsonl");
    JsonlFiles.write(data, docs);
    Path ckpt = tmp.resolve("ckpt");
    FalconetCliTest.Result t = FalconetCliTest.run("train", "--data", data.toString(), "--tokenizer", tokenizer.toString(),
        "--out", ckpt.toString(), "--steps", "2", "--batch-size", "1", "--seq-len", "16");
    assertEquals(0, t.status(), t.err());
    RunManifest train = RunManifest.read(ckpt.resolve("manifest.json"));
    assertEquals("train", train.command);
    assertEquals(List.of("train", "--data", data.toString(), "--tokenizer", tokenizer.toString(), "--out", ckpt.toString(),
        "--steps", "2", "--batch-size", "1", "--seq-len", "16"), train.arguments);
    assertEquals(FileDigest.sha256(data), train.inputs.get(0).sha256());
    assertEquals(new RunManifest.Model("tokenizer", "datasets-sample/models/falconet-tiny/tokenizer.json",
        Files.size(tokenizer), FileDigest.sha256(tokenizer)), train.models.get(0));
    assertEquals(2, train.settings.path("trainer").path("steps").asInt());
    assertEquals(128, train.settings.path("model").path("hiddenSize").asInt()); // the tiny preset
    FileDigest weights = train.outputs.stream().filter(o -> o.path().equals("model.safetensors")).findFirst().orElseThrow();
    assertEquals(FileDigest.sha256(ckpt.resolve("model.safetensors")), weights.sha256());

    Path evalDir = tmp.resolve("eval");
    FalconetCliTest.Result e = FalconetCliTest.run("eval", "--model", ckpt.toString(), "--task", "perplexity",
        "--data", data.toString(), "--limit", "2", "--out", evalDir.toString());
    assertEquals(0, e.status(), e.err());
    RunManifest eval = RunManifest.read(evalDir.resolve("manifest.json"));
    assertTrue(eval.models.stream().anyMatch(m -> m.role().equals("checkpoint") && m.sha256().equals(weights.sha256())),
        "eval names the trained weights by their checksum: " + eval.models);
    assertEquals("perplexity", eval.settings.path("task").asText());
    assertEquals(List.of("results.json"), eval.outputs.stream().map(FileDigest::path).toList());

    Path instructions = Files.writeString(tmp.resolve("sft.jsonl"),
        "{\"instruction\":\"Name a Debian release.\",\"response\":\"Bookworm.\"}\n"
            + "{\"instruction\":\"What is apt?\",\"response\":\"A package manager.\"}\n");
    Path tuned = tmp.resolve("tuned");
    FalconetCliTest.Result f = FalconetCliTest.run("finetune", "--model", ckpt.toString(), "--data", instructions.toString(),
        "--out", tuned.toString(), "--steps", "1", "--batch-size", "1", "--seq-len", "16", "--lora-rank", "2");
    assertEquals(0, f.status(), f.err());
    RunManifest ft = RunManifest.read(tuned.resolve("manifest.json"));
    assertEquals(2, ft.settings.path("lora").path("rank").asInt());
    assertTrue(ft.outputs.stream().anyMatch(o -> o.path().startsWith("merged/")), "the merged model is an output");

    // The report of each: the loss curve as an inline image, the perplexity in a table.
    assertEquals(0, FalconetCliTest.run("report", ckpt.toString()).status());
    var trainPage = Jsoup.parse(ckpt.resolve("report.html").toFile());
    assertTrue(trainPage.select("img[src^=data:image/svg+xml;base64,]").size() == 1, "one loss chart");
    assertEquals(0, FalconetCliTest.run("report", evalDir.toString()).status());
    var evalPage = Jsoup.parse(evalDir.resolve("report.html").toFile());
    assertTrue(evalPage.select("td").eachText().contains("bitsPerByte"), evalPage.select("table").first().outerHtml());
  }
}
