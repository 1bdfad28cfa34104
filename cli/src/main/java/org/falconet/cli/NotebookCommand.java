package org.falconet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.falconet.kernel.testing.Jupyter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./falconet notebook}: Jupyter on the repository's notebooks, with the falconet kernel; the notebooks
 * are marked trusted for the user first, and root gets {@code --allow-root}.
 *
 * <pre>{@code ./falconet notebook --no-browser --ip 0.0.0.0 --port 8890 -- --NotebookApp.token=secret}</pre>
 */
@Command(name = "notebook", mixinStandardHelpOptions = true,
    description = {"Start Jupyter on notebooks/ with the Falconet kernel (registered privately under cli/target/jupyter).",
        "The notebooks are marked trusted for you first (Jupyter's notary, as 'jupyter trust' does); as root,"
            + " --allow-root is added. Arguments after '--' go to Jupyter as they are."})
final class NotebookCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "N", description = "The port Jupyter listens on (default: Jupyter's, 8888 or the next free one).")
  Integer port;

  @Option(names = "--ip", paramLabel = "ADDR",
      description = "The address Jupyter listens on (default: localhost; 0.0.0.0 for every interface, e.g. in a container).")
  String ip;

  @Option(names = "--no-browser", description = "Do not open a browser (print the URL to open instead).")
  boolean noBrowser;

  @Option(names = "--lab", description = "Start JupyterLab instead of the classic notebook.")
  boolean lab;

  @Parameters(paramLabel = "JUPYTER_ARGS", description = "After '--': arguments passed to Jupyter as they are.")
  List<String> jupyterArgs = new ArrayList<>();

  @Option(names = "--execute", arity = "1..*", paramLabel = "NOTEBOOK",
      description = "Instead of starting Jupyter: execute these notebooks top to bottom on the falconet kernel and"
          + " save their outputs into them (how notebooks are committed).")
  List<Path> execute;

  @Option(names = "--timeout", defaultValue = "600", description = "With --execute: seconds allowed per cell (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--student-copies", paramLabel = "DIR",
      description = "Instead of starting Jupyter: write the notebooks into DIR without their solution cells and with the"
          + " exercise cells' outputs cleared, for a course (DIR beside notebooks/ keeps ../datasets-sample working).")
  Path studentCopies;

  @Override
  public Integer call() throws Exception {
    if (studentCopies != null) {
      Path notebooks = Path.of(System.getProperty("falconet.repo", ".")).toAbsolutePath().normalize().resolve("notebooks");
      for (var c : org.falconet.kernel.course.StudentCopies.write(notebooks, studentCopies)) {
        System.out.printf("%s: %d solution cells removed, %d exercise outputs cleared%n", c.file(), c.solutionsRemoved(), c.outputsCleared());
      }
      return 0;
    }
    if (execute != null) {
      Jupyter jupyter = Jupyter.inTempDir();
      for (Path nb : execute) {
        if (!Files.isRegularFile(nb)) {
          throw new IllegalArgumentException(nb + ": no such notebook");
        }
        long start = System.nanoTime();
        jupyter.executeInPlace(nb, timeoutSeconds);
        System.out.printf("%s: executed in %.1f s, outputs saved%n", nb, (System.nanoTime() - start) / 1e9);
      }
      return 0;
    }
    Path repo = Path.of(System.getProperty("falconet.repo", ".")).toAbsolutePath().normalize();
    Path notebooks = repo.resolve("notebooks");
    if (!Files.isDirectory(notebooks)) {
      throw new IllegalStateException(notebooks + ": no notebooks directory");
    }
    NotebookServer server = new NotebookServer(notebooks, repo.resolve("cli/target/jupyter"), null, lab, port, ip,
        noBrowser, jupyterArgs);
    server.writeKernelSpec();
    if (DoctorCommand.firstLine(server.tool(), "--version") == null) {
      throw new IllegalStateException(server.tool() + " is not installed: " + (lab ? DoctorCommand.JUPYTERLAB_FIX
          : "apt-get install jupyter-notebook") + " (./falconet doctor checks Jupyter)");
    }
    if (NotebookServer.isRoot() && !jupyterArgs.contains("--allow-root")) {
      System.err.println("falconet: running as root, so Jupyter gets --allow-root (its kernels run as root too)");
    }
    try {
      int n = server.trustNotebooks();
      System.err.println("falconet: marked the " + n + " notebooks in notebooks/ trusted for " + System.getProperty("user.name")
          + " (Jupyter's notary, as 'jupyter trust' does), so their charts and styled outputs show as committed");
    } catch (IOException | IllegalStateException e) {
      System.err.println("falconet: could not mark the notebooks trusted (" + Falconet.oneLine(e)
          + "); charts show once each notebook is run, or after File > Trust Notebook");
    }
    return server.processBuilder().inheritIO().start().waitFor();
  }
}
