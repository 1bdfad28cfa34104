package org.falconet.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.corpus.JsonlFiles;

/**
 * Runs a pipeline over input files and writes the output layout of a run:
 *
 * <pre>
 * DIR/kept/part-00000.jsonl.gz      documents that passed every stage
 * DIR/removed/s1-part-00000.jsonl.gz  removed documents, each with "stage" and "reason"
 * DIR/stats.json                    the funnel: per-stage counts, bytes, reasons, time
 * </pre>
 *
 * <p><b>Sharding.</b> Each input file is cut into shards of {@link Options#shardSize} records.
 * Consecutive {@link DocumentStage}s form one step that runs shards in parallel; each
 * {@link CorpusStage} is a step of its own that sees every shard. Every shard's output is written
 * to a temporary name and renamed, and a small marker written last says it is complete.
 *
 * <p><b>Determinism and resumption.</b> Shards are fixed by the input, not by scheduling, so the
 * output bytes do not depend on the thread count; a killed run restarted on the same directory
 * skips the shards whose markers exist and produces the same bytes as an uninterrupted run.
 *
 * <p><b>Accounting.</b> Every input record is either kept or removed by exactly one stage; the
 * runner checks {@code in = kept + removed} per stage and for the whole run, and fails if not.
 *
 * <pre>{@code
 * RunStats stats = new PipelineRunner(new JsonlSource(), List.of(myFilter), Options.DEFAULT)
 *     .run(List.of(Path.of("in.jsonl")), Path.of("out"));
 * System.out.println(stats.funnel());
 * }</pre>
 */
public final class PipelineRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WORK = ".work";

  /** How a run is executed. */
  public record Options(int threads, int shardSize) {
    public static final Options DEFAULT = new Options(Runtime.getRuntime().availableProcessors(), 1000);

    public Options {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      if (shardSize < 1) {
        throw new IllegalArgumentException("shardSize must be >= 1, got " + shardSize);
      }
    }

    public Options withThreads(int n) {
      return new Options(n, shardSize);
    }

    public Options withShardSize(int n) {
      return new Options(threads, n);
    }
  }

  private final DocumentSource source;
  private final List<Stage> stages;
  private final Options options;
  private ProgressListener progress = ProgressListener.NONE;

  public PipelineRunner(DocumentSource source, List<? extends Stage> stages, Options options) {
    this.source = source;
    this.stages = List.copyOf(stages);
    this.options = options;
    List<String> names = new ArrayList<>();
    names.add(Reasons.check(source.name()));
    for (Stage s : this.stages) {
      if (names.contains(Reasons.check(s.name()))) {
        throw new IllegalArgumentException("stage name used twice: " + s.name());
      }
      names.add(s.name());
    }
  }

  /** Sets who hears of progress (a progress bar); returns this runner. */
  public PipelineRunner progress(ProgressListener listener) {
    this.progress = listener;
    return this;
  }

  /** A step: either the source plus leading document stages, or later document stages, or one corpus stage. */
  private record Step(int index, List<Stage> stages) {
    boolean isCorpus() {
      return stages.size() == 1 && stages.get(0) instanceof CorpusStage;
    }

    String label() {
      return stages.isEmpty() ? "read" : String.join("+", stages.stream().map(Stage::name).toList());
    }
  }

  private List<Step> steps() {
    List<Step> steps = new ArrayList<>();
    List<Stage> current = new ArrayList<>();
    for (Stage s : stages) {
      if (s instanceof CorpusStage) {
        if (!current.isEmpty() || steps.isEmpty()) {
          steps.add(new Step(steps.size(), current));
        }
        steps.add(new Step(steps.size(), List.of(s)));
        current = new ArrayList<>();
      } else {
        current.add(s);
      }
    }
    if (!current.isEmpty() || steps.isEmpty()) {
      steps.add(new Step(steps.size(), current));
    }
    return steps;
  }

  /** Marker written last for a complete shard of a step. */
  record ShardMarker(long docsOut, Map<String, StageStats> stats) {}

  /**
   * Runs the pipeline, resuming an interrupted run found in {@code outDir}.
   *
   * @throws IOException on unreadable or malformed input (message names file and line) or write failure
   * @throws IllegalStateException if the accounting does not balance
   */
  public RunStats run(List<Path> inputs, Path outDir) throws IOException {
    long start = System.nanoTime();
    for (Path in : inputs) {
      if (!Files.isRegularFile(in)) {
        throw new java.nio.file.NoSuchFileException(in.toString(), null, "input not found or not a file");
      }
      if (!Files.isReadable(in)) {
        throw new java.nio.file.AccessDeniedException(in.toString(), null, "input not readable");
      }
      if (!source.accepts(in)) {
        throw new IllegalArgumentException(in + ": " + source.name() + " cannot read this kind of file");
      }
    }
    Files.createDirectories(outDir);
    Files.deleteIfExists(outDir.resolve("stats.json"));
    Files.deleteIfExists(outDir.resolve("manifest.json")); // an older run's, written by the caller at the end
    Path work = outDir.resolve(WORK);
    prepareWorkDir(work, outDir, inputs);
    List<Step> steps = steps();
    List<Path> stepDirs = new ArrayList<>();
    for (Step step : steps) {
      Path dir = step.index() == steps.size() - 1 ? outDir.resolve("kept") : work.resolve("step-" + step.index());
      Files.createDirectories(dir);
      stepDirs.add(dir);
    }
    Files.createDirectories(outDir.resolve("removed"));

    ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
      Thread t = new Thread(r, "falconet-stage");
      t.setDaemon(true);
      return t;
    });
    List<List<ShardMarker>> markers = new ArrayList<>();
    try {
      for (Step step : steps) {
        progress.stepStarted(step.label(), step.index() == 0 ? -1 : markers.get(step.index() - 1).size());
        Path dir = stepDirs.get(step.index());
        if (step.index() == 0) {
          markers.add(runFirstStep(step, inputs, dir, outDir, pool));
        } else if (step.isCorpus()) {
          markers.add(runCorpusStep(step, stepDirs.get(step.index() - 1), markers.get(step.index() - 1), dir, outDir));
        } else {
          markers.add(runDocumentStep(step, stepDirs.get(step.index() - 1), markers.get(step.index() - 1), dir, outDir, pool));
        }
        progress.stepFinished(step.label());
      }
    } finally {
      pool.shutdownNow();
    }

    RunStats stats = total(markers);
    stats.threads = options.threads();
    stats.wallMillis = (System.nanoTime() - start) / 1_000_000;
    // Markers hold timings; the finished output is the documents and stats.json alone.
    try (Stream<Path> files = Files.list(stepDirs.get(stepDirs.size() - 1))) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".done.json")).toList()) {
        Files.delete(p);
      }
    }
    stats.write(outDir.resolve("stats.json"));
    deleteTree(work);
    return stats;
  }

  private void prepareWorkDir(Path work, Path outDir, List<Path> inputs) throws IOException {
    Map<String, Object> fingerprint = new LinkedHashMap<>();
    fingerprint.put("source", source.name());
    fingerprint.put("stages", stages.stream().map(Stage::name).toList());
    fingerprint.put("shardSize", options.shardSize());
    List<String> ins = new ArrayList<>();
    for (Path p : inputs) {
      ins.add(p.toAbsolutePath() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis());
    }
    fingerprint.put("inputs", ins);
    String expected = JSON.writeValueAsString(fingerprint);
    Path runFile = work.resolve("run.json");
    boolean resumable = Files.exists(runFile) && Files.readString(runFile).equals(expected);
    if (!resumable) {
      // A fresh run (or different inputs or stages): nothing old may be mistaken for output.
      deleteTree(work);
      deleteTree(outDir.resolve("kept"));
      deleteTree(outDir.resolve("removed"));
      Files.createDirectories(work);
      writeAtomically(runFile, expected);
    }
    // Temporary files of a killed run are never complete: remove them.
    try (Stream<Path> files = Files.walk(outDir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String shardName(int shard) {
    return String.format("part-%05d", shard);
  }

  private static Path markerPath(Path dir, int shard) {
    return dir.resolve(shardName(shard) + ".done.json");
  }

  private static ShardMarker readMarker(Path dir, int shard) throws IOException {
    Path p = markerPath(dir, shard);
    return Files.exists(p) ? JSON.readValue(p.toFile(), ShardMarker.class) : null;
  }

  /** Step 0: read inputs into shards, run the leading document stages on each shard in parallel. */
  private List<ShardMarker> runFirstStep(Step step, List<Path> inputs, Path dir, Path outDir, ExecutorService pool)
      throws IOException {
    List<Future<ShardMarker>> futures = new ArrayList<>();
    Semaphore inFlight = new Semaphore(options.threads() * 2);
    int[] shard = {0};
    for (Path input : inputs) {
      List<Outcome> buffer = new ArrayList<>();
      Runnable flush = () -> {
        int index = shard[0]++;
        List<Outcome> batch = List.copyOf(buffer);
        buffer.clear();
        futures.add(submit(pool, inFlight, () -> processShard(step, index, batch, dir, outDir)));
      };
      try {
        source.read(input, outcome -> {
          buffer.add(outcome);
          if (buffer.size() == options.shardSize()) {
            flush.run();
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (!buffer.isEmpty()) {
        flush.run();
      }
    }
    return collect(futures);
  }

  /** A later step of document stages: each shard of the previous step's output, in parallel. */
  private List<ShardMarker> runDocumentStep(Step step, Path inDir, List<ShardMarker> inMarkers, Path dir, Path outDir,
      ExecutorService pool) throws IOException {
    List<Future<ShardMarker>> futures = new ArrayList<>();
    Semaphore inFlight = new Semaphore(options.threads() * 2);
    for (int i = 0; i < inMarkers.size(); i++) {
      int index = i;
      futures.add(submit(pool, inFlight, () -> {
        List<Outcome> batch = new ArrayList<>();
        JsonlFiles.read(inDir.resolve(shardName(index) + ".jsonl.gz"), d -> batch.add(Outcome.kept(d)));
        return processShard(step, index, batch, dir, outDir);
      }));
    }
    return collect(futures);
  }

  private interface ShardTask {
    ShardMarker call() throws IOException;
  }

  private Future<ShardMarker> submit(ExecutorService pool, Semaphore inFlight, ShardTask task) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return pool.submit(() -> {
      try {
        return task.call();
      } finally {
        inFlight.release();
      }
    });
  }

  private List<ShardMarker> collect(List<Future<ShardMarker>> futures) throws IOException {
    List<ShardMarker> out = new ArrayList<>();
    for (Future<ShardMarker> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(cause);
      }
    }
    return out;
  }

  /** Runs the step's document stages over one shard (skipped when its marker exists). */
  private ShardMarker processShard(Step step, int index, List<Outcome> batch, Path dir, Path outDir) throws IOException {
    ShardMarker done = readMarker(dir, index);
    if (done != null) {
      progress.shardDone(step.label(), done.docsOut());
      return done;
    }
    Map<String, StageStats> stats = new LinkedHashMap<>();
    List<Document> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    if (step.index() == 0) {
      StageStats read = new StageStats(source.name());
      stats.put(source.name(), read);
      for (Outcome o : batch) {
        read.record(o, o.document().contentBytes());
      }
    }
    for (Stage s : step.stages()) {
      stats.put(s.name(), new StageStats(s.name()));
    }
    for (Outcome o : batch) {
      if (o instanceof Outcome.Removed r) {
        removed.add(JsonlCodec.encodeRemoved(r.document(), source.name(), r.reason()));
        continue;
      }
      Document doc = o.document();
      boolean alive = true;
      for (Stage s : step.stages()) {
        Outcome out = stats.get(s.name()).apply((DocumentStage) s, doc);
        if (out instanceof Outcome.Removed r) {
          removed.add(JsonlCodec.encodeRemoved(r.document(), s.name(), r.reason()));
          alive = false;
          break;
        }
        doc = out.document();
      }
      if (alive) {
        kept.add(doc);
      }
    }
    writeShard(step, index, kept, removed, dir, outDir, stats);
    progress.shardDone(step.label(), kept.size());
    return new ShardMarker(kept.size(), stats);
  }

  private void writeShard(Step step, int index, List<Document> kept, List<String> removed, Path dir, Path outDir,
      Map<String, StageStats> stats) throws IOException {
    Path keptFile = dir.resolve(shardName(index) + ".jsonl.gz");
    Path tmp = dir.resolve(".tmp-" + shardName(index) + ".jsonl.gz");
    JsonlFiles.write(tmp, kept);
    Files.move(tmp, keptFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Path removedFile = outDir.resolve("removed").resolve("s" + step.index() + "-" + shardName(index) + ".jsonl.gz");
    Path rtmp = removedFile.resolveSibling(".tmp-" + removedFile.getFileName());
    try (Writer w = JsonlFiles.writer(rtmp)) {
      for (String line : removed) {
        w.write(line);
        w.write('\n');
      }
    }
    Files.move(rtmp, removedFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    writeAtomically(markerPath(dir, index), JSON.writeValueAsString(new ShardMarker(kept.size(), stats)));
  }

  /** A corpus stage: all shards of the previous step in view, output cut back into the same shards. */
  private List<ShardMarker> runCorpusStep(Step step, Path inDir, List<ShardMarker> inMarkers, Path dir, Path outDir)
      throws IOException {
    List<ShardMarker> done = new ArrayList<>();
    for (int i = 0; i < inMarkers.size(); i++) {
      ShardMarker m = readMarker(dir, i);
      if (m == null) {
        done = null;
        break;
      }
      done.add(m);
    }
    if (done != null) {
      return done;
    }
    CorpusStage stage = (CorpusStage) step.stages().get(0);
    Corpus corpus = new ShardCorpus(inDir, inMarkers);
    Path stageWork = outDir.resolve(WORK).resolve("stage-" + stage.name());
    Files.createDirectories(stageWork);
    List<ShardMarker> out = new ArrayList<>();
    ShardSink sink = new ShardSink(step, stage.name(), inMarkers, dir, outDir, out, corpus.iterator());
    long t0 = System.nanoTime();
    stage.process(corpus, stageWork, sink);
    long nanos = System.nanoTime() - t0;
    sink.finish();
    if (out.size() != inMarkers.size()) {
      throw new IllegalStateException("stage " + stage.name() + " decided " + sink.seen + " of " + corpus.size()
          + " documents");
    }
    // Time is spread over the shards in proportion to their size, so totals add up.
    long total = Math.max(1, corpus.size());
    for (int i = 0; i < out.size(); i++) {
      out.get(i).stats().get(stage.name()).nanos = nanos * inMarkers.get(i).docsOut() / total;
      writeAtomically(markerPath(dir, i), JSON.writeValueAsString(out.get(i)));
    }
    return out;
  }

  /** Collects a corpus stage's outcomes and writes them back into shards as each shard fills. */
  private final class ShardSink implements java.util.function.Consumer<Outcome> {
    private final Step step;
    private final String stage;
    private final List<ShardMarker> inMarkers;
    private final Path dir;
    private final Path outDir;
    private final List<ShardMarker> out;
    private int shard = 0;
    long seen = 0;
    private List<Document> kept = new ArrayList<>();
    private List<String> removed = new ArrayList<>();
    private StageStats stats;
    /** The stage's input in order, read alongside its outcomes: bytes in are counted before the stage changed them. */
    private final Iterator<Document> inputs;

    ShardSink(Step step, String stage, List<ShardMarker> inMarkers, Path dir, Path outDir, List<ShardMarker> out,
        Iterator<Document> inputs) {
      this.inputs = inputs;
      this.step = step;
      this.stage = stage;
      this.inMarkers = inMarkers;
      this.dir = dir;
      this.outDir = outDir;
      this.out = out;
      this.stats = new StageStats(stage);
      skipEmpty();
    }

    @Override
    public void accept(Outcome o) {
      seen++;
      if (shard >= inMarkers.size()) {
        throw new IllegalStateException("stage " + stage + " emitted more outcomes than documents");
      }
      stats.record(o, Corpus.bytesBefore(stage, inputs, o));
      if (o instanceof Outcome.Removed r) {
        removed.add(JsonlCodec.encodeRemoved(r.document(), stage, r.reason()));
      } else {
        kept.add(o.document());
      }
      if (kept.size() + removed.size() == inMarkers.get(shard).docsOut()) {
        flush();
        skipEmpty();
      }
    }

    private void skipEmpty() {
      while (shard < inMarkers.size() && inMarkers.get(shard).docsOut() == 0) {
        flush();
      }
    }

    private void flush() {
      Map<String, StageStats> s = new LinkedHashMap<>();
      s.put(stage, stats);
      try {
        writeShard(step, shard, kept, removed, dir, outDir, s);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.add(new ShardMarker(kept.size(), s));
      progress.shardDone(step.label(), kept.size());
      shard++;
      kept = new ArrayList<>();
      removed = new ArrayList<>();
      stats = new StageStats(stage);
    }

    void finish() {
      if (!kept.isEmpty() || !removed.isEmpty()) {
        throw new IllegalStateException("stage " + stage + " emitted fewer outcomes than documents");
      }
    }
  }

  /** The previous step's shards read back in order, as often as a corpus stage likes. */
  private static final class ShardCorpus implements Corpus {
    private final Path dir;
    private final List<ShardMarker> markers;

    ShardCorpus(Path dir, List<ShardMarker> markers) {
      this.dir = dir;
      this.markers = markers;
    }

    @Override
    public long size() {
      return markers.stream().mapToLong(ShardMarker::docsOut).sum();
    }

    @Override
    public Iterator<Document> iterator() {
      return new Iterator<>() {
        int shard = -1;
        Iterator<Document> current = java.util.Collections.emptyIterator();

        @Override
        public boolean hasNext() {
          while (!current.hasNext()) {
            if (++shard >= markers.size()) {
              return false;
            }
            try {
              current = JsonlFiles.readAll(dir.resolve(shardName(shard) + ".jsonl.gz")).iterator();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return true;
        }

        @Override
        public Document next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current.next();
        }
      };
    }
  }

  private RunStats total(List<List<ShardMarker>> markers) {
    Map<String, StageStats> byStage = new LinkedHashMap<>();
    byStage.put(source.name(), new StageStats(source.name()));
    for (Stage s : stages) {
      byStage.put(s.name(), new StageStats(s.name()));
    }
    for (List<ShardMarker> step : markers) {
      for (ShardMarker m : step) {
        m.stats().forEach((name, st) -> byStage.get(name).add(st));
      }
    }
    return RunStats.balanced(byStage.values(),
        markers.get(markers.size() - 1).stream().mapToLong(ShardMarker::docsOut).sum());
  }

  static void writeAtomically(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(".tmp-" + file.getFileName());
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
