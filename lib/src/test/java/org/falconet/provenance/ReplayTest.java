package org.falconet.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.falconet.pipeline.JsonlSource;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.ProgressListener;
import org.falconet.pipeline.Stage;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay on a small JSONL run: byte-identical when nothing changed, refused with the reason when something did. */
class ReplayTest {
  @TempDir
  Path tmp;
  Path input;
  Path run;

  static final String STORY = "The river rose in the night and the people of the valley carried what they could to the"
      + " church on the hill, where the priest had lit the stove and opened the doors to everyone who came with a"
      + " blanket or a child, and they waited there together for the water to fall again before the morning light.";

  @BeforeEach
  void curate() throws Exception {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String text = i % 3 == 0 ? "too short " + i : STORY + (i % 5 == 0 ? "" : " Reported on day " + i + " by mail to a" + i + "@example.org.");
      docs.add(Document.ofText("d" + i, "https://news.example/" + (i % 10), text));
    }
    input = tmp.resolve("in.jsonl.gz");
    JsonlFiles.write(input, docs);
    run = tmp.resolve("run");
    List<Stage> stages = RefinedWeb.stages(List.of("gopher_quality", "pii_redaction", "url_dedup"));
    PipelineRunner.Options options = new PipelineRunner.Options(2, 7);
    RunManifest m = RunManifest.forCuration("dedup", new JsonlSource(), stages, options, List.of(input));
    new PipelineRunner(new JsonlSource(), stages, options).run(List.of(input), run);
    m.finish(run, List.of("kept", "removed"));
  }

  @Test
  void anUnchangedRunReplaysByteIdentically() throws Exception {
    Replay.Result r = Replay.run(run, tmp.resolve("again"), 1, ProgressListener.NONE);
    assertTrue(r.identical(), String.valueOf(r.differences()));
    // 30 documents in shards of 7: five kept files, and each of the two steps wrote five removed files.
    assertEquals(15, r.original().outputs.size());
    assertEquals(r.original().outputs, r.replayed().outputs);
    for (FileDigest d : r.original().outputs) {
      assertEquals(-1, Files.mismatch(run.resolve(d.path()), tmp.resolve("again").resolve(d.path())), d.path());
    }
  }

  @Test
  void aChangedInputIsRefusedNamingTheFileAndBothChecksums() throws Exception {
    String recorded = FileDigest.sha256(input);
    JsonlFiles.write(input, List.of(Document.ofText("other", null, "a different corpus")));
    Replay.Refused e = assertThrows(Replay.Refused.class, () -> Replay.run(run, tmp.resolve("again"), 1, ProgressListener.NONE));
    assertEquals(1, e.reasons().size(), e.getMessage());
    assertTrue(e.reasons().get(0).contains(input.toString()) && e.reasons().get(0).contains(recorded)
        && e.reasons().get(0).contains(FileDigest.sha256(input)), e.getMessage());
    assertTrue(Files.notExists(tmp.resolve("again")), "a refused replay writes nothing");
  }

  @Test
  void parametersThatDifferFromTheCodesAreRefusedFieldByField() throws Exception {
    Path manifest = run.resolve(RunManifest.FILE);
    Files.writeString(manifest, Files.readString(manifest).replace("\"minWords\" : 50", "\"minWords\" : 40")
        .replace("\"threads\" : 2", "\"threads\" : 64"));
    Replay.Refused e = assertThrows(Replay.Refused.class, () -> Replay.run(run, tmp.resolve("again"), 1, ProgressListener.NONE));
    assertEquals(List.of("stage gopher_quality's parameters differ from this code's: minWords was 40, is 50"), e.reasons());
  }

  @Test
  void outputThatDiffersFromTheManifestIsReported() throws Exception {
    Path manifest = run.resolve(RunManifest.FILE);
    RunManifest m = RunManifest.read(manifest);
    FileDigest first = m.outputs.get(0);
    m.outputs.set(0, new FileDigest(first.path(), first.bytes(), "0".repeat(64)));
    m.write(manifest);
    Replay.Result r = Replay.run(run, tmp.resolve("again"), 2, ProgressListener.NONE);
    assertEquals(1, r.differences().size(), String.valueOf(r.differences()));
    assertTrue(r.differences().get(0).startsWith(first.path() + ": "), r.differences().get(0));
  }

  @Test
  void aSparkRunIsRefusedWithTheWayToRerunIt() throws Exception {
    Path manifest = run.resolve(RunManifest.FILE);
    RunManifest m = RunManifest.read(manifest);
    m.engine = RunManifest.Engine.spark("local[2]");
    m.write(manifest);
    Replay.Refused e = assertThrows(Replay.Refused.class, () -> Replay.run(run, tmp.resolve("again"), 1, ProgressListener.NONE));
    assertTrue(e.getMessage().contains("--engine spark"), e.getMessage());
  }
}
