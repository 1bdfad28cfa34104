package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.falconet.pipeline.CurationOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curate --engine spark}: the local engine's layout and counts; bad input still one line naming file and line. */
class CurateSparkIT {
  @TempDir
  Path tmp;

  @Test
  void sparkEngineWritesTheLocalEnginesOutput() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("in"));
    for (int f = 0; f < 2; f++) {
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        docs.add(Document.ofText("d" + f + "-" + i, "https://a.example/" + i, "text number " + i + " of file " + f));
      }
      JsonlFiles.write(dir.resolve("part" + f + ".jsonl.gz"), docs);
    }
    Path local = tmp.resolve("local");
    Path spark = tmp.resolve("spark");
    FalconetCliTest.Result l = FalconetCliTest.run("curate", "--input", dir.toString(), "--output", local.toString(), "--stages", "");
    FalconetCliTest.Result s = FalconetCliTest.run("curate", "--engine", "spark", "--master", "local[2]",
        "--input", dir.toString(), "--output", spark.toString(), "--stages", "");
    assertEquals(0, l.status(), l.err());
    assertEquals(0, s.status(), s.err());
    assertEquals(CurationOutput.open(local).kept(), CurationOutput.open(spark).kept());
    assertEquals(100, CurationOutput.open(spark).stats().inputRecords);
    // Both engines write a manifest: the same inputs by checksum, each its own engine, the Spark one its master.
    org.falconet.provenance.RunManifest lm = org.falconet.provenance.RunManifest.read(local.resolve("manifest.json"));
    org.falconet.provenance.RunManifest sm = org.falconet.provenance.RunManifest.read(spark.resolve("manifest.json"));
    assertEquals(new org.falconet.provenance.RunManifest.Engine("spark", null, null, "local[2]"), sm.engine);
    assertEquals("local", lm.engine.kind());
    assertEquals(lm.inputs.stream().map(d -> d.sha256()).toList(), sm.inputs.stream().map(d -> d.sha256()).toList());
    assertTrue(sm.outputs.stream().anyMatch(o -> o.path().startsWith("kept/")), String.valueOf(sm.outputs));

    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\"\n");
    Path out = tmp.resolve("bad-out");
    FalconetCliTest.Result b = FalconetCliTest.run("curate", "--engine", "spark", "--input", bad.toString(),
        "--output", out.toString(), "--stages", "");
    assertEquals(1, b.status());
    assertTrue(b.err().contains(bad + ":2:"), b.err());
    assertEquals(1, b.err().strip().lines().count(), b.err());
    assertFalse(Files.exists(out.resolve("stats.json")));
  }
}
