package org.falconet.kernel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.falconet.kernel.KernelSpec;
import org.falconet.kernel.wire.Message;

/**
 * Drives the real kernel through Debian's Jupyter Python packages ({@code /usr/bin/python3} with
 * jupyter_client and nbclient): installs the kernelspec for this JVM's class path into a private
 * {@code JUPYTER_PATH}, then runs Python scripts or executes notebooks against it.
 *
 * <pre>{@code
 * Jupyter jupyter = Jupyter.inTempDir();
 * JsonNode nb = jupyter.executeNotebook(Path.of("notebooks/00-hello-falconet.ipynb"), 120);
 * String firstOutput = Jupyter.text(nb.path("cells").get(1));
 * }</pre>
 */
public final class Jupyter {
  /** The Python that has Debian's Jupyter packages. */
  public static final String PYTHON = "/usr/bin/python3";

  private final Path home;

  private Jupyter(Path home) {
    this.home = home;
  }

  /** A private Jupyter data directory with the falconet kernelspec for this JVM's class path. */
  public static Jupyter inTempDir() throws IOException {
    Path home = Files.createTempDirectory("falconet-jupyter");
    KernelSpec.writeForThisJvm(home.resolve("kernels"));
    return new Jupyter(home);
  }

  /** The directory to put on {@code JUPYTER_PATH}. */
  public Path jupyterPath() {
    return home;
  }

  /** The result of a Python run: exit status and the two streams. */
  public record Run(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code script} (Python source) with {@code args}, {@code JUPYTER_PATH} set, in {@code workDir}.
   *
   * @throws IllegalStateException when it runs longer than {@code timeoutSeconds}
   */
  public Run python(String script, List<String> args, Path workDir, long timeoutSeconds) throws IOException, InterruptedException {
    Path file = home.resolve("script-" + System.nanoTime() + ".py");
    Files.writeString(file, script);
    List<String> cmd = new ArrayList<>(List.of(PYTHON, file.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().put("JUPYTER_PATH", home.toString());
    pb.environment().put("JUPYTER_DATA_DIR", home.resolve("data").toString());
    pb.environment().put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
    pb.environment().put("PYTHONWARNINGS", "ignore");
    Path out = home.resolve("out-" + System.nanoTime());
    Path err = home.resolve("err-" + System.nanoTime());
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException("python " + String.join(" ", args) + " took over " + timeoutSeconds
          + " s; stderr:\n" + Files.readString(err));
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** A script shipped in this package's resources ({@code run_notebook.py}, ...). */
  public static String resource(String name) throws IOException {
    try (InputStream in = Jupyter.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no resource " + name + " next to " + Jupyter.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Executes a notebook top to bottom with nbclient on the falconet kernel, in the notebook's
   * directory, and returns the executed notebook (the file is left unchanged).
   *
   * @throws IllegalStateException when a cell fails or the run times out; the message has the cause
   */
  public JsonNode executeNotebook(Path notebook, long timeoutSeconds) throws IOException, InterruptedException {
    Path out = home.resolve("executed-" + System.nanoTime() + ".ipynb");
    Path nb = notebook.toAbsolutePath();
    Run r = python(resource("run_notebook.py"), List.of(nb.toString(), out.toString(), Long.toString(timeoutSeconds)),
        nb.getParent(), timeoutSeconds + 60);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("notebook " + notebook + " failed:\n" + r.stderr() + r.stdout());
    }
    return Message.json().readTree(out.toFile());
  }

  /**
   * Executes a notebook top to bottom on the falconet kernel and writes the outputs into the file itself
   * (how notebooks are committed with their outputs). On failure the file holds the outputs up to the
   * failing cell, with its error.
   *
   * @throws IllegalStateException when a cell fails or the run times out; the message has the cause
   */
  public void executeInPlace(Path notebook, long timeoutSeconds) throws IOException, InterruptedException {
    Path nb = notebook.toAbsolutePath();
    Run r = python(resource("run_notebook.py"), List.of(nb.toString(), nb.toString(), Long.toString(timeoutSeconds)),
        nb.getParent(), timeoutSeconds + 60);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("notebook " + notebook + " failed:\n" + r.stderr() + r.stdout());
    }
  }

  /** One output's representation for {@code mime} (notebooks store text as arrays of lines), or "". */
  public static String data(JsonNode output, String mime) {
    return joined(output.path("data").path(mime));
  }

  /** A cell's source as one string (notebooks store it as a string or as an array of lines). */
  public static String source(JsonNode cell) {
    return joined(cell.path("source"));
  }

  /** Text that a notebook stores as a string or as an array of lines, joined. */
  static String joined(JsonNode t) {
    if (t.isArray()) {
      StringBuilder sb = new StringBuilder();
      t.forEach(line -> sb.append(line.asText()));
      return sb.toString();
    }
    return t.isMissingNode() ? "" : t.asText();
  }

  /** All the text a code cell showed: streams, and the text/plain of results and displays. */
  public static String text(JsonNode cell) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode o : cell.path("outputs")) {
      sb.append(joined(o.has("text") ? o.get("text") : o.path("data").path("text/plain")));
      if (o.has("text") || o.path("data").has("text/plain")) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
