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
