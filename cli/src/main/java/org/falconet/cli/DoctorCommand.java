package org.falconet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/** {@code ./falconet doctor}: what this machine has for Falconet, each line OK or a concrete fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check Java, Maven, the ND4J backend, BLAS, CPU features and Jupyter; print fixes.")
final class DoctorCommand implements Callable<Integer> {
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
    String jupyter = firstLine("jupyter", "--version");
    check("Jupyter", jupyter != null, jupyter == null ? null : "jupyter on PATH",
        "install Jupyter: apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient");
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

  private static String yes(boolean b) {
    return b ? "yes" : "no";
  }

  private void check(String what, boolean ok, String detail, String fix) {
    if (ok) {
      System.out.printf("OK    %-8s %s%n", what, detail);
    } else {
      problems++;
      System.out.printf("FIX   %-8s %s%n", what, fix);
    }
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
