package org.falconet.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.pipeline.DocumentSource;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Outcome;
import org.falconet.pipeline.Stage;
import org.falconet.pipeline.StageStats;
import scala.Tuple2;

/**
 * What a Spark task does to one part (one input file and what is left of it): read, apply the
 * stages in order, write kept and removed documents under temporary names, and report the counts.
 * The same per-document loop as {@link org.falconet.pipeline.PipelineRunner}'s, so the two engines
 * agree document for document.
 */
final class PartTasks implements Serializable {
  private static final long serialVersionUID = 1L;
  static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, StageStats>> STATS = new TypeReference<>() {};

  /** Stages built on this JVM, by catalogue key and names: built once per executor, shared by its tasks. */
  private static final Map<String, List<DocumentStage>> BUILT = new ConcurrentHashMap<>();

  final HadoopFiles files;
  final StageCatalog catalog;
  final int step;
  final String keptDir;
  final String removedDir;

  PartTasks(HadoopFiles files, StageCatalog catalog, int step, String keptDir, String removedDir) {
    this.files = files;
    this.catalog = catalog;
    this.step = step;
    this.keptDir = keptDir;
    this.removedDir = removedDir;
  }

  /** What a task reports to the driver: its part, its temporary files, its counts (stats as JSON). */
  record PartResult(int part, long kept, String keptTmp, String removedTmp, String statsJson) implements Serializable {
    Map<String, StageStats> stats() {
      try {
        return JSON.readValue(statsJson, STATS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static String partName(int part) {
    return String.format("part-%05d", part);
  }

  Path keptFile(int part) {
    return new Path(keptDir, partName(part) + ".jsonl.gz");
  }

  Path removedFile(int part) {
    return new Path(removedDir, "s" + step + "-" + partName(part) + ".jsonl.gz");
  }

  private static Path tmp(Path finalName) {
    long attempt = TaskContext.get() == null ? 0 : TaskContext.get().taskAttemptId();
    return new Path(finalName.getParent(), ".tmp-" + attempt + "-" + finalName.getName());
  }

  static List<DocumentStage> documentStages(StageCatalog catalog, List<String> names) {
    return BUILT.computeIfAbsent(catalog.cacheKey() + ":" + names, k -> {
      List<DocumentStage> out = new ArrayList<>();
      for (String n : names) {
        Stage s = catalog.stage(n);
        if (!(s instanceof DocumentStage ds)) {
          throw new IllegalArgumentException("stage " + n + " is not a per-document stage");
        }
        out.add(ds);
      }
      return List.copyOf(out);
    });
  }

    /** The writers of one part, and the loop that sends documents through the step's stages. */
  private final class Part implements AutoCloseable {
    final int part;
    final Path keptTmp;
    final Path removedTmp;
    final Writer kept;
    final Writer removed;
    final Map<String, StageStats> stats = new LinkedHashMap<>();
    long keptCount;

    Part(int part) throws IOException {
      this.part = part;
      keptTmp = tmp(keptFile(part));
      removedTmp = tmp(removedFile(part));
      kept = files.gzipWriter(keptTmp);
      removed = files.gzipWriter(removedTmp);
    }

    void remove(Document doc, String stage, String reason) {
      line(removed, JsonlCodec.encodeRemoved(doc, stage, reason));
    }

    void keep(Document doc) {
      line(kept, JsonlCodec.encode(doc));
      keptCount++;
    }

    private void line(Writer w, String line) {
      try {
        w.write(line);
        w.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Applies {@code stages} in order; stops at the first removal. */
    void run(Document doc, List<DocumentStage> stages) {
      for (DocumentStage s : stages) {
        Outcome out = stats.get(s.name()).apply(s, doc);
        if (out instanceof Outcome.Removed r) {
          remove(r.document(), s.name(), r.reason());
          return;
        }
        doc = out.document();
      }
      keep(doc);
    }

    PartResult result() throws IOException {
      return new PartResult(part, keptCount, keptTmp.toString(), removedTmp.toString(), JSON.writeValueAsString(stats));
    }

    /** Closes the files (the data is complete only now) and reports. */
    PartResult finish() throws IOException {
      close();
      return result();
    }

    @Override
    public void close() throws IOException {
      try {
        kept.close();
      } finally {
        removed.close();
      }
    }
  }

  /**
   * The first step: reads an input file with the catalogue's source, then applies the leading
   * per-document stages. Records the source removes are written with the source's name as stage.
   */
  PartResult readAndApply(int part, String input, List<String> stageNames) throws IOException {
    DocumentSource source = catalog.source();
    List<DocumentStage> stages = documentStages(catalog, stageNames);
    try (Part p = new Part(part); HadoopFiles.Local local = files.local(input)) {
      StageStats read = new StageStats(source.name());
      p.stats.put(source.name(), read);
      stages.forEach(s -> p.stats.put(s.name(), new StageStats(s.name())));
      try {
        source.read(local.path(), o -> {
          read.record(o, o.document().contentBytes());
          if (o instanceof Outcome.Removed r) {
            p.remove(r.document(), source.name(), r.reason());
          } else {
            p.run(o.document(), stages);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } catch (IOException e) {
        // A copied input names its temporary copy: name the input the user gave instead.
        throw new IOException(String.valueOf(e.getMessage()).replace(local.path().toString(), input), e);
      }
      return p.finish();
    }
  }

  /** A later step of per-document stages over the previous step's part. */
  PartResult apply(int part, String previous, List<String> stageNames) throws IOException {
    List<DocumentStage> stages = documentStages(catalog, stageNames);
    try (Part p = new Part(part); BufferedReader in = files.gzipReader(new Path(previous))) {
      stages.forEach(s -> p.stats.put(s.name(), new StageStats(s.name())));
      String line;
      while ((line = in.readLine()) != null) {
        p.run(JsonlCodec.decode(line), stages);
      }
      return p.finish();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * A cluster stage's decisions applied to the previous step's part: {@code decisions} holds this
   * part's {@code (key, decision)} pairs sorted by key; {@link ClusterStage#outcome} says what each
   * does to its document (removed, with {@code duplicate_of} as the local deduplicator records it, or
   * cut).
   */
  <D extends Serializable> PartResult applyDecisions(int part, String previous, ClusterStage<D> stage,
      Iterator<Tuple2<Long, D>> decisions) throws IOException {
    String name = stage.name();
    try (Part p = new Part(part); BufferedReader in = files.gzipReader(new Path(previous))) {
      StageStats st = new StageStats(name);
      p.stats.put(name, st);
      Tuple2<Long, D> next = decisions.hasNext() ? decisions.next() : null;
      String line;
      long position = 0;
      while ((line = in.readLine()) != null) {
        long key = DocKeys.key(part, position++);
        Document doc = JsonlCodec.decode(line);
        if (next != null && next._1() < key) {
          throw new IllegalStateException("stage " + name + " decided on document key " + next._1() + ", which is not in its input");
        }
        Outcome out;
        if (next != null && next._1() == key) {
          out = stage.outcome(doc, next._2());
          next = decisions.hasNext() ? decisions.next() : null;
          if (next != null && next._1() == key) {
            throw new IllegalStateException("stage " + name + " decided twice on document " + doc.id());
          }
        } else {
          out = Outcome.kept(doc);
        }
        st.record(out, doc.contentBytes());
        if (out instanceof Outcome.Removed r) {
          p.remove(r.document(), name, r.reason());
        } else {
          p.keep(out.document());
        }
      }
      if (next != null) {
        throw new IllegalStateException("stage " + name + " decided on document key " + next._1() + ", which is not in its input");
      }
      return p.finish();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * A whole-corpus stage with no cluster form, run on the driver as the local runner runs it: the
   * previous step's parts read in order as one {@link org.falconet.pipeline.Corpus}, the outcomes cut
   * back into the same parts. Correct at any size, but one machine's speed.
   */
  List<PartResult> corpusOnDriver(org.falconet.pipeline.CorpusStage stage, List<String> previous, List<Long> counts,
      java.nio.file.Path workDir) throws IOException {
    long total = counts.stream().mapToLong(Long::longValue).sum();
    org.falconet.pipeline.Corpus corpus = new org.falconet.pipeline.Corpus() {
      @Override
      public long size() {
        return total;
      }

      @Override
      public Iterator<Document> iterator() {
        return new Iterator<>() {
          int part = -1;
          Iterator<Tuple2<Long, String>> lines = java.util.Collections.emptyIterator();

          @Override
          public boolean hasNext() {
            while (!lines.hasNext()) {
              if (++part >= previous.size()) {
                return false;
              }
              try {
                lines = keyedLines(files, part, previous.get(part));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            return true;
          }

          @Override
          public Document next() {
            if (!hasNext()) {
              throw new java.util.NoSuchElementException();
            }
            return JsonlCodec.decode(lines.next()._2());
          }
        };
      }
    };
    List<PartResult> out = new ArrayList<>();
    Part[] current = {null};
    long[] seen = {0};
    java.util.Iterator<Document> inputs = corpus.iterator();
    java.util.function.Consumer<Outcome> sink = o -> {
      try {
        while (current[0] == null || current[0].stats.get(stage.name()).docsIn == counts.get(current[0].part)) {
          if (current[0] != null) {
            current[0].close();
            out.add(current[0].result());
          }
          int next = current[0] == null ? 0 : current[0].part + 1;
          if (next >= counts.size()) {
            throw new IllegalStateException("stage " + stage.name() + " emitted more outcomes than documents");
          }
          current[0] = new Part(next);
          current[0].stats.put(stage.name(), new StageStats(stage.name()));
        }
        seen[0]++;
        current[0].stats.get(stage.name()).record(o, org.falconet.pipeline.Corpus.bytesBefore(stage.name(), inputs, o));
        if (o instanceof Outcome.Removed r) {
          current[0].remove(r.document(), stage.name(), r.reason());
        } else {
          current[0].keep(o.document());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    long t0 = System.nanoTime();
    try {
      stage.process(corpus, workDir, sink);
      // Close the part in progress and any empty parts after it.
      while (out.size() < counts.size()) {
        if (current[0] == null || current[0].part < out.size()) {
          current[0] = new Part(out.size());
          current[0].stats.put(stage.name(), new StageStats(stage.name()));
        }
        if (current[0].stats.get(stage.name()).docsIn != counts.get(current[0].part)) {
          current[0].close();
          throw new IllegalStateException("stage " + stage.name() + " decided " + seen[0] + " of " + total + " documents");
        }
        current[0].close();
        out.add(current[0].result());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    long nanos = System.nanoTime() - t0;
    List<PartResult> timed = new ArrayList<>();
    for (PartResult r : out) {
      Map<String, StageStats> st = r.stats();
      st.get(stage.name()).nanos = nanos * counts.get(r.part()) / Math.max(1, total);
      timed.add(new PartResult(r.part(), r.kept(), r.keptTmp(), r.removedTmp(), JSON.writeValueAsString(st)));
    }
    return timed;
  }

  /** The documents of a previous step's part as {@code (key, JSONL line)}, read lazily. */
  static Iterator<Tuple2<Long, String>> keyedLines(HadoopFiles files, int part, String file) throws IOException {
    BufferedReader in = files.gzipReader(new Path(file));
    return new Iterator<>() {
      long position;
      String line = advance();

      private String advance() {
        try {
          String l = in.readLine();
          if (l == null) {
            in.close();
          }
          return l;
        } catch (IOException e) {
          throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
      }

      @Override
      public boolean hasNext() {
        return line != null;
      }

      @Override
      public Tuple2<Long, String> next() {
        if (line == null) {
          throw new java.util.NoSuchElementException();
        }
        Tuple2<Long, String> t = new Tuple2<>(DocKeys.key(part, position++), line);
        line = advance();
        return t;
      }
    };
  }
}
