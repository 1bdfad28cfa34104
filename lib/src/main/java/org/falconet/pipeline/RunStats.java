package org.falconet.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics of a whole run, as written to {@code stats.json}: the per-stage counts in
 * pipeline order (the source first), the input record count and what was kept.
 */
public final class RunStats {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public List<StageStats> stages = new ArrayList<>();
  public long inputRecords;
  public long kept;
  public long removed;
  public int threads;
  public long wallMillis;

  /**
   * The statistics of a run from its stages' counts, source first, checking the accounting: each
   * stage kept or removed every document it saw, each saw exactly what the one before passed on,
   * and input records = kept + removed. A mismatch throws: a run that loses documents fails.
   *
   * @param stagesInOrder the source's stats, then each stage's, in pipeline order
   * @param kept          documents in the final output
   */
  public static RunStats balanced(java.util.Collection<StageStats> stagesInOrder, long kept) {
    RunStats stats = new RunStats();
    stats.stages.addAll(stagesInOrder);
    StageStats read = stats.stages.get(0);
    stats.inputRecords = read.docsIn;
    stats.kept = kept;
    stats.removed = stats.stages.stream().mapToLong(StageStats::removed).sum();
    long expectedIn = read.kept;
    for (StageStats st : stats.stages) {
      if (st.docsIn != st.kept + st.removed()) {
        throw new IllegalStateException("accounting: stage " + st.stage + " saw " + st.docsIn + " documents but kept "
            + st.kept + " and removed " + st.removed());
      }
      if (st != read) {
        if (st.docsIn != expectedIn) {
          throw new IllegalStateException("accounting: stage " + st.stage + " saw " + st.docsIn
              + " documents, the stage before it passed on " + expectedIn);
        }
        expectedIn = st.kept;
      }
    }
    if (stats.inputRecords != stats.kept + stats.removed) {
      throw new IllegalStateException("accounting: " + stats.inputRecords + " input records but " + stats.kept
          + " kept and " + stats.removed + " removed");
    }
    return stats;
  }

  /** The stats of one stage by name, or {@code null}. */
  public StageStats stage(String name) {
    return stages.stream().filter(s -> s.stage.equals(name)).findFirst().orElse(null);
  }

  /** The funnel of this run, for printing or as a table. */
  public Funnel funnel() {
    return new Funnel(this);
  }

  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static RunStats read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), RunStats.class);
  }
}
