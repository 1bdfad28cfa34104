package org.falconet.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.falconet.filter.lang.LanguageFilter;
import org.falconet.filter.lang.LanguageIdentifier;
import org.falconet.pipeline.DocumentSource;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.Stage;

/**
 * What a run needs to be cited and reproduced, written as {@code manifest.json} beside its output:
 * the Falconet version and commit, every stage's parameters, the models and inputs with their
 * SHA-256, the output files with theirs, the machine, and when it ran. The schema is documented in
 * {@code docs/manifest.md}; {@link #manifestVersion} changes when a field changes meaning.
 *
 * <pre>{@code
 * RunManifest m = RunManifest.forCuration("curate", source, stages, options, inputs);
 * RunStats stats = new PipelineRunner(source, stages, options).run(inputs, out);
 * m.finish(out, List.of("kept", "removed"));   // writes out/manifest.json
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class RunManifest {
  /** The schema version this code writes and reads. */
  public static final int VERSION = 1;
  public static final String FILE = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** How the run was executed: this JVM's threads, or a Spark master. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Engine(String kind, Integer threads, Integer shardSize, String master) {
    public static Engine local(int threads, int shardSize) {
      return new Engine("local", threads, shardSize, null);
    }

    public static Engine spark(String master) {
      return new Engine("spark", null, null, master);
    }
  }

  /** One stage of the pipeline and its parameters as its {@code Params} record held them. */
  public record StageEntry(String name, JsonNode params) {}

  /**
   * A model the run used (language identifier, tokenizer, checkpoint file).
   *
   * @param role what it was for: {@code language_id}, {@code tokenizer}, {@code checkpoint}
   * @param file the file, or {@code embedded:NAME} for a resource shipped inside Falconet
   */
  public record Model(String role, String file, long bytes, String sha256) {}

  /**
   * Where Common Crawl inputs came from: {@code ./falconet fetch-cc} writes this beside the files it
   * downloads, and a run over them copies it here.
   */
  public record CommonCrawlPick(String crawl, String pathList, int listed, long seed, List<String> picked) {}

  public int manifestVersion = VERSION;
  /** The subcommand: {@code curate}, {@code dedup}, {@code train}, {@code finetune}, {@code eval}. */
  public String command;
  /** The command line after {@code ./falconet}, subcommand first, where the run was started from one (train, finetune, eval). */
  public List<String> arguments;
  public SourceVersion falconet;
  public Machine machine;
  public Engine engine;
  /** The document source's name ({@code reader} for curate, {@code jsonl} for dedup); curation only. */
  public String source;
  public List<StageEntry> stages = new ArrayList<>();
  public List<Model> models = new ArrayList<>();
  public List<FileDigest> inputs = new ArrayList<>();
  public CommonCrawlPick commonCrawl;
  /** Command-specific settings (a training run's configuration, an evaluation's task and shots). */
  public JsonNode settings;
  public List<FileDigest> outputs = new ArrayList<>();
  public String startedAt;
  public String finishedAt;

  /** A manifest for {@code command}, started now, with this code's version and this machine. */
  public static RunManifest begin(String command) {
    RunManifest m = new RunManifest();
    m.command = command;
    m.startedAt = now();
    m.falconet = SourceVersion.current();
    m.machine = Machine.current();
    return m;
  }

  /** A curation's manifest: engine, source, stages (with the language-ID model) and inputs, digested now. */
  public static RunManifest forCuration(String command, DocumentSource source, List<? extends Stage> stages,
      PipelineRunner.Options options, List<Path> inputs) throws IOException {
    RunManifest m = begin(command);
    m.engine = Engine.local(options.threads(), options.shardSize());
    m.source = source.name();
    m.stages(stages);
    m.inputs(inputs);
    return m;
  }

  /**
   * A Spark curation's manifest: the master, stages and inputs. Local inputs are digested; one on a
   * cluster file system ({@code s3a://}, {@code hdfs://}) is named with size -1 and no SHA-256, as
   * reading it twice would double the run's I/O.
   */
  public static RunManifest forSpark(String master, String source, List<? extends Stage> stages, List<String> inputs)
      throws IOException {
    RunManifest m = begin("curate");
    m.engine = Engine.spark(master);
    m.source = source;
    m.stages(stages);
    for (String in : inputs) {
      Path local = in.startsWith("file:") ? Path.of(java.net.URI.create(in)) : in.contains("://") ? null : Path.of(in);
      if (local != null && Files.isRegularFile(local)) {
        m.inputs(List.of(local));
      } else {
        m.inputs.add(new FileDigest(in, -1, null));
      }
    }
    return m;
  }

  /** Records each stage's parameters, and the language-ID model if a language filter is among them. */
  public RunManifest stages(List<? extends Stage> pipeline) throws IOException {
    for (Stage s : pipeline) {
      stages.add(new StageEntry(s.name(), ParamsJson.of(s.params())));
      if (s.params() instanceof LanguageFilter.Params p) {
        models.add(languageModel(p.model()));
      }
    }
    return this;
  }

  /** The model a language filter's {@code model} names: an embedded one by name, or a fastText file's path. */
  static Model languageModel(String model) throws IOException {
    String resource = LanguageIdentifier.embeddedResource(model);
    if (resource == null) {
      Path file = Path.of(model);
      FileDigest d = FileDigest.of(file, shown(file));
      return new Model("language_id", d.path(), d.bytes(), d.sha256());
    }
    try (InputStream in = LanguageIdentifier.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("embedded language model " + resource + " missing from the classpath");
      }
      byte[] bytes = in.readAllBytes();
      return new Model("language_id", "embedded:" + resource, bytes.length,
          FileDigest.sha256(new java.io.ByteArrayInputStream(bytes)));
    }
  }

  /**
   * Records each input with its size and SHA-256 (reading it once), and the Common Crawl pick of
   * {@code fetch-cc} when one lies beside them.
   */
  public RunManifest inputs(List<Path> files) throws IOException {
    for (Path f : files) {
      inputs.add(FileDigest.of(f, shown(f)));
      Path pick = f.toAbsolutePath().resolveSibling(CC_PICK_FILE);
      if (commonCrawl == null && Files.exists(pick)) {
        commonCrawl = JSON.readValue(pick.toFile(), CommonCrawlPick.class);
      }
    }
    return this;
  }

  /** Where {@code fetch-cc} records its pick, in the directory it downloads into. */
  public static final String CC_PICK_FILE = "fetch-cc.json";

  /** Records a model file (a tokenizer, a checkpoint's weights) with its checksum. */
  public RunManifest model(String role, Path file) throws IOException {
    FileDigest d = FileDigest.of(file, shown(file));
    models.add(new Model(role, d.path(), d.bytes(), d.sha256()));
    return this;
  }

  /**
   * Records a Hugging Face model directory: its weights ({@code *.safetensors}) and
   * {@code config.json} as {@code checkpoint}, its {@code tokenizer.json} as {@code tokenizer}.
   */
  public RunManifest checkpoint(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".safetensors") || name.equals("config.json")) {
          model("checkpoint", f);
        } else if (name.equals("tokenizer.json")) {
          model("tokenizer", f);
        }
      }
    }
    return this;
  }

  /** The files directly in {@code dir} that a run wrote, for {@link #finish}: all but a manifest or report. */
  public static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
          .filter(n -> !n.equals(FILE) && !n.equals("report.html") && !n.startsWith(".")).sorted().toList();
    }
  }

  /** Records command-specific settings: a record or map, written as JSON the way stage parameters are. */
  public RunManifest settings(Object value) {
    settings = ParamsJson.of(value);
    return this;
  }

  /**
   * Ends the run: digests every file under {@code outputDirs} (relative to {@code dir}; names of
   * single files work too), stamps the end time and writes {@code dir/manifest.json}.
   */
  public RunManifest finish(Path dir, List<String> outputs) throws IOException {
    for (String sub : outputs) {
      Path p = dir.resolve(sub);
      if (!Files.exists(p)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(p)) {
        for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
            .sorted().toList()) {
          this.outputs.add(FileDigest.of(f, dir.relativize(f).toString().replace('\\', '/')));
        }
      }
    }
    end();
    write(dir.resolve(FILE));
    return this;
  }

  /** Stamps the end time, for a caller that writes the manifest itself (to a cluster file system). */
  public RunManifest end() {
    finishedAt = now();
    return this;
  }

  /** Writes this manifest to {@code file} (atomically: a reader never sees half of it). */
  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** This manifest as JSON text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a manifest; fails with a clear message on a newer schema than this code knows. */
  public static RunManifest read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "no manifest (was the run made by an older Falconet?)");
    }
    RunManifest m = JSON.readValue(file.toFile(), RunManifest.class);
    if (m.manifestVersion > VERSION) {
      throw new IOException(file + ": manifest version " + m.manifestVersion + " is newer than this Falconet reads ("
          + VERSION + "); update Falconet");
    }
    return m;
  }

  /** A path as a manifest shows it: relative to the repository root when inside it, else absolute. */
  public static String shown(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path root = SourceVersion.repositoryRoot();
    if (root != null && abs.startsWith(root)) {
      return root.relativize(abs).toString().replace('\\', '/');
    }
    return abs.toString();
  }

  /** A shown path back as a file: relative ones against this clone's root (or the working directory). */
  public static Path resolve(String shown) {
    Path p = Path.of(shown);
    if (p.isAbsolute()) {
      return p;
    }
    Path root = SourceVersion.repositoryRoot();
    return root != null ? root.resolve(p) : p;
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
