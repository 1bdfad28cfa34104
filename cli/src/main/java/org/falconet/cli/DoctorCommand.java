package org.falconet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/** {@code ./falconet doctor}: what this machine has for Falconet, each line OK or a concrete fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check Java, Maven, the ND4J backend, BLAS, CPU features, Jupyter (root, port, JupyterLab); print fixes.")
final class DoctorCommand implements Callable<Integer> {
  /**
   * How to get JupyterLab where Debian has no package for it (Debian 12 has only parts of it, such as
   * python3-jupyterlab-server): from PyPI, in a virtual environment since Debian's Python is externally managed.
   */
  static final String JUPYTERLAB_FIX = "Debian has no jupyterlab package; from PyPI (needs access to pypi.org):"
      + " apt-get install python3-venv && python3 -m venv ~/jupyterlab && ~/jupyterlab/bin/pip install jupyterlab,"
      + " then put ~/jupyterlab/bin on PATH; or use the classic notebook (./falconet notebook without --lab)";
  /** Jupyter's default port. */
  static final int JUPYTER_PORT = 8888;
  private int problems;

  @Override
  public Integer call() {
    int feature = Runtime.version().feature();
    check("Java", feature >= 17, "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        "install JDK 17 or newer: apt-get install openjdk-17-jdk");
    String mvn = firstLine("mvn", "-v");
    check("Maven", mvn != null, mvn, "install Maven: apt-get install maven");
    nd4j();
    backend();
    String flags = cpuFlags();
    boolean avx2 = flags.contains(" avx2");
    boolean avx512 = flags.contains(" avx512f");
    check("CPU", avx2, Runtime.getRuntime().availableProcessors() + " cores; AVX2 " + yes(avx2) + ", AVX-512 " + yes(avx512)
        + ", AVX512-BF16 " + yes(flags.contains(" avx512_bf16")) + ", AMX " + yes(flags.contains(" amx_tile")),
        "no AVX2: ND4J falls back to its generic x86-64 build, expect slower model code");
    jupyter();
    System.out.println(problems == 0 ? "All checks passed." : problems + " problem(s) found.");
    return problems == 0 ? 0 : 1;
  }

  private void nd4j() {
    try {
      java.util.Properties env = org.nd4j.linalg.factory.Nd4j.getExecutioner().getEnvironmentInformation();
      String blas = String.valueOf(env.getOrDefault("blas.vendor", "?"));
      String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
      check("ND4J", true, org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName() + ", BLAS " + blas
          + ", native build " + (ext.isEmpty() ? "generic x86-64" : "linux-x86_64" + ext)
          + ", " + env.getOrDefault("cores", "?") + " cores", null);
    } catch (LinkageError | RuntimeException e) {
      check("ND4J", false, null, "the ND4J backend did not load (" + Falconet.oneLine(e)
          + "); rebuild with: mvn -q -DskipTests package (add -Pcuda for GPUs)");
    }
  }

  /** Which backend a model command uses without --backend, and on what device. */
  private void backend() {
    org.falconet.model.Backend b = org.falconet.model.Backend.defaultBackend();
    String cuda = org.falconet.model.Backend.cudaBuild() ? "this is a -Pcuda build" : "CPU build (mvn -Pcuda for GPUs)";
    try {
      String device = b == org.falconet.model.Backend.JAVA ? "CPU, Vector API kernels"
          : org.falconet.model.nd4j.Nd4jDevice.describe();
      check("Backend", true, "model commands use " + b + " (" + device + ") unless --backend java|nd4j; " + cuda, null);
    } catch (LinkageError | RuntimeException e) {
      check("Backend", false, null, "the default backend " + b + " cannot run here (" + Falconet.oneLine(e)
          + "); pass --backend java, or rebuild without -Pcuda on a machine without a GPU");
    }
  }

  /** The notebook server, JupyterLab (optional), running as root, and Jupyter's default port. */
  private void jupyter() {
    String notebook = firstLine("jupyter-notebook", "--version");
    check("Jupyter", notebook != null, "Jupyter Notebook " + notebook,
        "install Jupyter: apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient");
    String lab = firstLine("jupyter-lab", "--version");
    if (lab != null) {
      check("JupyterLab", true, "JupyterLab " + lab + " (./falconet notebook --lab)", null);
    } else {
      String candidate = aptCandidate("jupyterlab");
      note("JupyterLab", "not installed (optional, for --lab): " + (candidate != null
          ? "apt-get install jupyterlab (Debian has " + candidate + ")" : JUPYTERLAB_FIX));
    }
    if (NotebookServer.isRoot()) {
      note("root", "running as root: ./falconet notebook adds --allow-root, so notebook kernels run as root too");
    } else {
      check("root", true, "not root (" + System.getProperty("user.name") + ")", null);
    }
    boolean free = portFree(JUPYTER_PORT);
    if (free) {
      check("port", true, JUPYTER_PORT + " is free for Jupyter", null);
    } else {
      note("port", JUPYTER_PORT + " is in use (another Jupyter?): Jupyter takes the next free port, or choose one:"
          + " ./falconet notebook --port 8890");
    }
  }

  /** Whether a server could listen on {@code port} on the loopback address. */
  static boolean portFree(int port) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The version apt would install for {@code pkg}, or {@code null} (no such package, or no apt). */
  static String aptCandidate(String pkg) {
    try {
      Process p = new ProcessBuilder("apt-cache", "policy", pkg).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return out.lines().map(String::strip).filter(l -> l.startsWith("Candidate:")).map(l -> l.substring(10).strip())
          .filter(v -> !v.isEmpty() && !v.equals("(none)")).findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String yes(boolean b) {
    return b ? "yes" : "no";
  }

  private void check(String what, boolean ok, String detail, String fix) {
    if (ok) {
      System.out.printf("OK    %-10s %s%n", what, detail);
    } else {
      problems++;
      System.out.printf("FIX   %-10s %s%n", what, fix);
    }
  }

  /** Something worth knowing that is not a problem (optional software, a choice the launcher handles). */
  private static void note(String what, String detail) {
    System.out.printf("NOTE  %-10s %s%n", what, detail);
  }

  private static String cpuFlags() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags")).findFirst()
          .map(l -> l + " ").orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  static String firstLine(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out.lines().map(l -> l.replaceAll("\u001B\\[[;\\d]*m", "")).findFirst().orElse("");
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
