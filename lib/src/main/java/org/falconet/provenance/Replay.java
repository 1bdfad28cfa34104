package org.falconet.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.falconet.pipeline.DocumentSource;
import org.falconet.pipeline.JsonlSource;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.ProgressListener;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.Stage;
import org.falconet.refinedweb.RefinedWeb;

/**
 * Reruns a curation from its manifest and checks that the new output is byte-identical to the
 * old. It refuses, naming the reason, when the run cannot be the same: an input or model whose
 * SHA-256 differs from the manifest's, a stage whose parameters in this code differ from the
 * recorded ones, a URL set that outlived the run, or a Spark run (its output is laid out per input
 * file; rerun it with {@code --engine spark}).
 *
 * <pre>{@code
 * Replay.Result r = Replay.run(Path.of("out/demo/curated"), Path.of("out/demo/replay"), 2, ProgressListener.NONE);
 * r.identical();   // true: every kept and removed file has the recorded SHA-256
 * }</pre>
 */
public final class Replay {
  /**
   * Parameters that say how a stage runs, not what it decides (threads, memory per sort run): they
   * may differ between machines without changing a byte of output.
   */
  static final Set<String> EXECUTION_PARAMS = Set.of("threads", "memoryRecords");

  private Replay() {}

  /** Replay cannot reproduce this run; the message lists every reason. */
  public static final class Refused extends IllegalStateException {
    private final List<String> reasons;

    Refused(List<String> reasons) {
      super("replay refused: " + String.join("; ", reasons));
      this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
      return reasons;
    }
  }

  /**
   * The outcome of a replay.
   *
   * @param original    the manifest replayed
   * @param replayed    the new run's manifest
   * @param stats       the new run's statistics
   * @param differences output files missing, extra or with other bytes; empty when identical
   * @param notes       what differs but cannot change the output (another commit, another machine)
   */
  public record Result(RunManifest original, RunManifest replayed, RunStats stats, List<String> differences,
                       List<String> notes) {
    public boolean identical() {
      return differences.isEmpty();
    }
  }

  /**
   * Reruns the curation recorded in {@code runDir/manifest.json} into {@code newDir} with
   * {@code threads} threads and compares the outputs.
   *
   * @throws Refused when the run cannot be reproduced here (the reasons are in its message)
   */
  public static Result run(Path runDir, Path newDir, int threads, ProgressListener progress) throws IOException {
    RunManifest m = RunManifest.read(runDir.resolve(RunManifest.FILE));
    if (runDir.toAbsolutePath().normalize().equals(newDir.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("replay needs another output directory than the run's own (" + runDir + ")");
    }
    List<String> reasons = new ArrayList<>();
    DocumentSource source = source(m, reasons);
    List<Stage> stages = stages(m, reasons);
    List<Path> inputs = inputs(m, reasons);
    if (reasons.isEmpty()) {
      checkModels(m, stages, reasons);
    }
    if (!reasons.isEmpty()) {
      throw new Refused(reasons);
    }
    List<String> notes = new ArrayList<>();
    SourceVersion now = SourceVersion.current();
    if (!Objects.equals(now.commit(), m.falconet.commit()) || Boolean.TRUE.equals(m.falconet.dirty())) {
      notes.add("the run was made by commit " + m.falconet.commit() + (Boolean.TRUE.equals(m.falconet.dirty())
          ? " with local changes" : "") + "; this is " + now.commit() + (Boolean.TRUE.equals(now.dirty()) ? " with local changes" : ""));
    }
    PipelineRunner.Options options = new PipelineRunner.Options(threads, m.engine.shardSize());
    RunManifest replayed = RunManifest.forCuration(m.command, source, stages, options, inputs);
    RunStats stats = new PipelineRunner(source, stages, options).progress(progress).run(inputs, newDir);
    replayed.finish(newDir, List.of("kept", "removed"));
    return new Result(m, replayed, stats, compare(m.outputs, replayed.outputs, runDir, newDir), notes);
  }

  private static DocumentSource source(RunManifest m, List<String> reasons) {
    if (m.engine == null || !"local".equals(m.engine.kind())) {
      reasons.add("the run used " + (m.engine == null ? "no recorded engine" : m.engine.kind() + " (master "
          + m.engine.master() + ")") + "; replay reruns local runs (its output is laid out by shard size, Spark's by"
          + " input file): rerun it with ./falconet curate --engine spark and compare");
      return null;
    }
    DocumentSource curate = RefinedWeb.source();
    DocumentSource jsonl = new JsonlSource();
    if (curate.name().equals(m.source)) {
      return curate;
    }
    if (jsonl.name().equals(m.source)) {
      return jsonl;
    }
    reasons.add("the run's command " + m.command + " read its input with '" + m.source + "', which replay does not know");
    return null;
  }

  private static List<Stage> stages(RunManifest m, List<String> reasons) {
    List<Stage> stages = new ArrayList<>();
    for (RunManifest.StageEntry e : m.stages) {
      Stage s;
      try {
        s = RefinedWeb.stage(e.name());
      } catch (IllegalArgumentException ex) {
        reasons.add("stage " + e.name() + " no longer exists");
        continue;
      }
      JsonNode recorded = e.params();
      if (recorded != null && recorded.path("store").isTextual()) {
        reasons.add("stage " + e.name() + " used the URL set " + recorded.get("store").asText()
            + ", which the run itself changed; a replay would drop every URL as seen");
        continue;
      }
      List<String> diffs = new ArrayList<>();
      diff("", recorded, ParamsJson.of(s.params()), diffs);
      if (!diffs.isEmpty()) {
        reasons.add("stage " + e.name() + "'s parameters differ from this code's: " + String.join(", ", diffs));
        continue;
      }
      stages.add(s);
    }
    return stages;
  }

  /** Field-by-field differences (recorded → now), execution settings left out. */
  static void diff(String at, JsonNode recorded, JsonNode now, List<String> out) {
    if (recorded instanceof ObjectNode r && now instanceof ObjectNode n) {
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
        fields.put(it.next(), null);
      }
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        fields.put(it.next(), null);
      }
      for (String f : fields.keySet()) {
        if (!EXECUTION_PARAMS.contains(f)) {
          diff(at.isEmpty() ? f : at + "." + f, r.get(f), n.get(f), out);
        }
      }
    } else if (!sameValue(recorded, now)) {
      out.add((at.isEmpty() ? "params" : at) + " was " + abbreviate(recorded) + ", is " + abbreviate(now));
    }
  }

  /** Equal JSON, numbers by value: a long read back from a file is an int node, and still the same number. */
  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a != null && b != null && a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a != null && b != null && a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof ObjectNode && b instanceof ObjectNode) {
      List<String> diffs = new ArrayList<>();
      diff("", a, b, diffs);
      return diffs.isEmpty();
    }
    return Objects.equals(a == null || a.isNull() ? null : a, b == null || b.isNull() ? null : b);
  }

  private static String abbreviate(JsonNode n) {
    String s = String.valueOf(n);
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  private static List<Path> inputs(RunManifest m, List<String> reasons) throws IOException {
    List<Path> files = new ArrayList<>();
    for (FileDigest d : m.inputs) {
      Path f = RunManifest.resolve(d.path());
      if (!Files.isRegularFile(f)) {
        reasons.add("input " + d.path() + " is missing (looked at " + f + ")");
        continue;
      }
      String sha = FileDigest.sha256(f);
      if (!sha.equals(d.sha256())) {
        reasons.add("input " + d.path() + " has SHA-256 " + sha + ", the manifest says " + d.sha256());
        continue;
      }
      files.add(f);
    }
    if (m.inputs.isEmpty()) {
      reasons.add("the manifest lists no inputs");
    }
    return files;
  }

  private static void checkModels(RunManifest m, List<Stage> stages, List<String> reasons) throws IOException {
    RunManifest now = new RunManifest();
    now.stages(stages);
    for (RunManifest.Model recorded : m.models) {
      RunManifest.Model current = now.models.stream().filter(x -> x.role().equals(recorded.role())).findFirst().orElse(null);
      if (current == null) {
        reasons.add("model " + recorded.role() + " (" + recorded.file() + ") is not used by this code's stages");
      } else if (!current.sha256().equals(recorded.sha256())) {
        reasons.add("model " + recorded.role() + " " + current.file() + " has SHA-256 " + current.sha256()
            + ", the manifest says " + recorded.sha256() + " (" + recorded.file() + ")");
      }
    }
  }

  /** Output files missing, extra or different, by recorded digest and, where the old file is still there, by its bytes. */
  static List<String> compare(List<FileDigest> old, List<FileDigest> now, Path oldDir, Path newDir) throws IOException {
    List<String> diffs = new ArrayList<>();
    Map<String, FileDigest> byPath = new LinkedHashMap<>();
    now.forEach(d -> byPath.put(d.path(), d));
    for (FileDigest o : old) {
      FileDigest n = byPath.remove(o.path());
      if (n == null) {
        diffs.add(o.path() + ": missing from the replay");
      } else if (!o.sha256().equals(n.sha256()) || o.bytes() != n.bytes()) {
        diffs.add(o.path() + ": " + n.bytes() + " bytes with SHA-256 " + n.sha256() + ", the run had " + o.bytes()
            + " bytes with " + o.sha256());
      } else if (Files.exists(oldDir.resolve(o.path()))
          && Files.mismatch(oldDir.resolve(o.path()), newDir.resolve(o.path())) != -1) {
        diffs.add(o.path() + ": the run's file no longer matches its own manifest");
      }
    }
    byPath.keySet().forEach(p -> diffs.add(p + ": written by the replay, not by the run"));
    return diffs;
  }
}
