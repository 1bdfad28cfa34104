package org.falconet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.falconet.kernel.FalconetKernel;
import org.falconet.kernel.KernelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./falconet kernel}: install the Jupyter kernelspec, or run the kernel on a connection file. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
    description = "The Falconet Jupyter kernel: 'install' registers it with Jupyter, 'run' is what Jupyter starts.",
    subcommands = {KernelCommand.Install.class, KernelCommand.Run.class})
final class KernelCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code kernel install [--user | --prefix DIR]}. */
  @Command(name = "install", mixinStandardHelpOptions = true,
      description = "Write the 'falconet' kernelspec (display name \"Java (Falconet)\") with this build's class path.")
  static final class Install implements Callable<Integer> {
    @Option(names = "--user", description = "Install for the current user (the default): ~/.local/share/jupyter/kernels.")
    boolean user;

    @Option(names = "--prefix", paramLabel = "DIR", description = "Install into DIR/share/jupyter/kernels (e.g. a virtualenv or /usr/local).")
    Path prefix;

    @Override
    public Integer call() throws Exception {
      if (user && prefix != null) {
        throw new IllegalArgumentException("choose one of --user and --prefix");
      }
      Path kernels = prefix != null ? prefix.resolve("share/jupyter/kernels") : userKernels();
      Path dir = KernelSpec.writeForThisJvm(kernels);
      System.out.println("Installed kernelspec " + KernelSpec.NAME + " (" + KernelSpec.DISPLAY_NAME + ") in " + dir);
      return 0;
    }
  }

  /** Jupyter's per-user data directory's kernels folder. */
  static Path userKernels() {
    String data = System.getenv("JUPYTER_DATA_DIR");
    if (data != null && !data.isBlank()) {
      return Path.of(data, "kernels");
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("jupyter").resolve("kernels");
  }

  /** {@code kernel run CONNECTION_FILE}. */
  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the kernel on a Jupyter connection file.")
  static final class Run implements Callable<Integer> {
    @Parameters(paramLabel = "CONNECTION_FILE", description = "The connection file Jupyter wrote.")
    Path connectionFile;

    @Override
    public Integer call() throws Exception {
      FalconetKernel.serve(connectionFile);
      return 0;
    }
  }
}
