package org.falconet.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.falconet.kernel.KernelSpec;
import org.falconet.kernel.testing.Jupyter;

/**
 * How {@code ./falconet notebook} starts Jupyter: the falconet kernelspec in a private {@code JUPYTER_PATH},
 * the project's notebooks marked trusted with Jupyter's notary, and the server's command line (with
 * {@code --allow-root} when run as root). The browser test starts its server through this class too.
 *
 * <pre>{@code
 * NotebookServer s = new NotebookServer(notebooks, jupyterPath, null, false, 8888, null, true, List.of());
 * s.writeKernelSpec();
 * s.trustNotebooks();
 * Process p = s.processBuilder().inheritIO().start();
 * }</pre>
 *
 * @param notebooks   the directory Jupyter serves
 * @param jupyterPath the private Jupyter data directory that holds {@code kernels/falconet}
 * @param dataDir     Jupyter's data directory (notary secret and signatures, runtime files, configuration), or
 *                    {@code null} for the user's own ({@code ~/.local/share/jupyter}), where {@code jupyter trust} writes
 * @param lab         JupyterLab instead of the classic notebook
 * @param port        the port, or {@code null} for Jupyter's default (8888, or the next free one)
 * @param ip          the address to listen on, or {@code null} for Jupyter's default (localhost)
 * @param noBrowser   do not open a browser
 * @param extra       further arguments passed to Jupyter as they are
 */
record NotebookServer(Path notebooks, Path jupyterPath, Path dataDir, boolean lab, Integer port, String ip, boolean noBrowser,
    List<String> extra) {

  NotebookServer {
    if (port != null && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("--port " + port + ": a port is 1 to 65535");
    }
    extra = List.copyOf(extra);
  }

  /** The Jupyter program: {@code jupyter-lab} or {@code jupyter-notebook}. */
  String tool() {
    return lab ? "jupyter-lab" : "jupyter-notebook";
  }

  /** Writes the falconet kernelspec for this JVM's class path under {@link #jupyterPath}. */
  void writeKernelSpec() throws IOException {
    KernelSpec.writeForThisJvm(jupyterPath.resolve("kernels"));
  }

  /** The server's command line: tool, notebook directory, then the options asked for. */
  List<String> command() {
    List<String> cmd = new ArrayList<>(List.of(tool(), "--notebook-dir=" + notebooks));
    if (port != null) {
      cmd.add("--port=" + port);
    }
    if (ip != null) {
      cmd.add("--ip=" + ip);
    }
    if (noBrowser) {
      cmd.add("--no-browser");
    }
    if (isRoot() && !extra.contains("--allow-root")) {
      cmd.add("--allow-root");
    }
    cmd.addAll(extra);
    return cmd;
  }

  /** The server's process, not started, with {@link #jupyterPath} first on {@code JUPYTER_PATH}. */
  ProcessBuilder processBuilder() {
    return withEnvironment(new ProcessBuilder(command()));
  }

  private ProcessBuilder withEnvironment(ProcessBuilder pb) {
    String old = System.getenv("JUPYTER_PATH");
    pb.environment().put("JUPYTER_PATH", jupyterPath + (old == null || old.isBlank() ? "" : File.pathSeparator + old));
    if (dataDir != null) {
      pb.environment().put("JUPYTER_DATA_DIR", dataDir.toString());
      pb.environment().put("JUPYTER_RUNTIME_DIR", dataDir.resolve("runtime").toString());
      pb.environment().put("JUPYTER_CONFIG_DIR", dataDir.resolve("config").toString());
    }
    return pb;
  }

  /**
   * Marks every notebook under {@link #notebooks} trusted for the user running this, as {@code jupyter trust}
   * does (Jupyter's notary signs each file's content with the user's secret, so its SVG, HTML and
   * JavaScript outputs show as committed). A notebook changed since is untrusted again until the next launch.
   *
   * @return how many notebooks were signed
   * @throws IllegalStateException when the notary (nbformat's {@code jupyter trust}) fails
   */
  int trustNotebooks() throws IOException, InterruptedException {
    List<String> files;
    try (Stream<Path> s = Files.list(notebooks)) {
      files = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().map(Path::toString).toList();
    }
    if (files.isEmpty()) {
      return 0;
    }
    // pip's Jupyter has the jupyter-trust script; Debian's has only the module behind it.
    Process p;
    try {
      p = withEnvironment(new ProcessBuilder(concat(List.of("jupyter-trust"), files))).redirectErrorStream(true).start();
    } catch (IOException noScript) {
      p = withEnvironment(new ProcessBuilder(concat(List.of(Jupyter.PYTHON, "-m", "nbformat.sign"), files)))
          .redirectErrorStream(true).start();
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jupyter-trust failed: " + out.strip());
    }
    return files.size();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** Whether this process runs as root (Jupyter then refuses to start without {@code --allow-root}). */
  static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
