package org.falconet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.falconet.kernel.KernelSpec;
import org.falconet.kernel.testing.Jupyter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./falconet notebook}: Jupyter on the repository's notebooks, with the falconet kernel. */
@Command(name = "notebook", mixinStandardHelpOptions = true,
    description = "Start Jupyter on notebooks/ with the Falconet kernel (registered privately under cli/target/jupyter).")
final class NotebookCommand implements Callable<Integer> {
  @Option(names = "--port", description = "The port Jupyter listens on (default: Jupyter's).")
  Integer port;

  @Option(names = "--lab", description = "Start JupyterLab instead of the classic notebook.")
  boolean lab;

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
    Path jupyterPath = repo.resolve("cli/target/jupyter");
    KernelSpec.writeForThisJvm(jupyterPath.resolve("kernels"));
    String tool = lab ? "jupyter-lab" : "jupyter-notebook";
    if (DoctorCommand.firstLine(tool, "--version") == null) {
      throw new IllegalStateException(tool + " is not installed: apt-get install "
          + (lab ? "jupyterlab" : "jupyter-notebook") + " (./falconet doctor checks Jupyter)");
    }
    List<String> cmd = new ArrayList<>(List.of(tool, "--notebook-dir=" + notebooks));
    if (port != null) {
      cmd.add("--port=" + port);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    String old = System.getenv("JUPYTER_PATH");
    pb.environment().put("JUPYTER_PATH", jupyterPath + (old == null || old.isBlank() ? "" : java.io.File.pathSeparator + old));
    return pb.start().waitFor();
  }
}
