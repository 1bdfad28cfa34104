package org.falconet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.falconet.corpus.JsonlFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL at several points and restarted on the same directory writes the same
 * bytes as a run that was never interrupted: no shard duplicated, none missing.
 */
class KillResumeIT {
  @TempDir
  Path tmp;

  private Process start(Path in, Path out) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ExampleStages.class.getName());
    cmd.addAll(List.of(in.toString(), out.toString(), "2", "400"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
  }

  private static long completedShards(Path out) throws IOException {
    if (!Files.exists(out)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".done.json")).count();
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
      return 0; // a temporary file vanished under the walk: look again next time
    }
  }

  @Test
  void killedRunsResumeToIdenticalOutput() throws Exception {
    Path in = tmp.resolve("in.jsonl.gz");
    JsonlFiles.write(in, ExampleStages.corpus(4000)); // 80 shards of 50 in each of 3 steps
    Path reference = tmp.resolve("reference");
    Process p = start(in, reference);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("log.txt")));

    Path resumed = tmp.resolve("resumed");
    int kills = 0;
    // Kill after progressively more shards are done: inside the first step, and later ones.
    for (long target : new long[] {5, 60, 130}) {
      Process run = start(in, resumed);
      while (run.isAlive() && completedShards(resumed) < target) {
        Thread.sleep(5);
      }
      if (run.isAlive()) {
        run.destroyForcibly(); // SIGKILL: no shutdown hooks, files may be half-written
        run.waitFor();
        kills++;
      }
    }
    assertTrue(kills >= 2, "the run finished before it could be killed twice; make it slower");
    assertTrue(!Files.exists(resumed.resolve("stats.json")), "a killed run must not look finished");
    Process last = start(in, resumed);
    assertTrue(last.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, last.exitValue(), Files.readString(tmp.resolve("log.txt")));

    OutputTrees.assertSame(reference, resumed);
    RunStats a = RunStats.read(reference.resolve("stats.json"));
    RunStats b = RunStats.read(resumed.resolve("stats.json"));
    assertEquals(a.kept, b.kept);
    assertEquals(a.inputRecords, b.inputRecords);
    for (StageStats s : a.stages) {
      assertEquals(s.removals(), b.stage(s.stage).removals(), s.stage);
    }
  }
}
