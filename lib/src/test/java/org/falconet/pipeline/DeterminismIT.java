package org.falconet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.falconet.corpus.JsonlFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same input, same bytes out, whatever the thread count. */
class DeterminismIT {
  @TempDir
  Path tmp;

  @Test
  void oneThreadAndTwoThreadsWriteIdenticalBytes() throws IOException {
    Path in = tmp.resolve("in.jsonl.gz");
    JsonlFiles.write(in, ExampleStages.corpus(3000));
    RunStats one = new PipelineRunner(new JsonlSource(), ExampleStages.pipeline(20), new PipelineRunner.Options(1, 64))
        .run(List.of(in), tmp.resolve("t1"));
    RunStats two = new PipelineRunner(new JsonlSource(), ExampleStages.pipeline(20), new PipelineRunner.Options(2, 64))
        .run(List.of(in), tmp.resolve("t2"));
    assertFalse(OutputTrees.digests(tmp.resolve("t1")).isEmpty());
    OutputTrees.assertSame(tmp.resolve("t1"), tmp.resolve("t2"));
    assertEquals(one.kept, two.kept);
    for (StageStats s : one.stages) {
      assertEquals(s.removals(), two.stage(s.stage).removals(), s.stage);
      assertEquals(s.bytesKept, two.stage(s.stage).bytesKept, s.stage);
    }
  }
}
