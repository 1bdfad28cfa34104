package org.falconet.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.falconet.kernel.wire.Message;

/**
 * The {@code falconet} kernelspec: a {@code kernel.json} whose {@code argv} runs this JVM's java with
 * the full class path and the JVM options ND4J needs, interrupting by message (a SIGINT would end a
 * JVM).
 */
public final class KernelSpec {
  /** The kernelspec's directory name, the {@code kernel_name} clients ask for. */
  public static final String NAME = "falconet";
  public static final String DISPLAY_NAME = "Java (Falconet)";
  /**
   * System property with the kernel's class path, when it differs from the running JVM's (the CLI's
   * includes Spark, which the kernel does not need: each jar on a JShell class path slows every cell).
   */
  public static final String CLASSPATH_PROPERTY = "falconet.kernel.classpath";

  private KernelSpec() {}

  /**
   * Writes {@code kernelsDir/falconet/kernel.json} and returns its directory.
   *
   * @param kernelsDir a Jupyter {@code kernels} directory (e.g. {@code ~/.local/share/jupyter/kernels})
   * @param classpath  the kernel JVM's class path, absolute entries
   * @param jvmOptions options placed before {@code -cp}
   */
  public static Path write(Path kernelsDir, String classpath, List<String> jvmOptions) throws IOException {
    Path dir = kernelsDir.resolve(NAME);
    Files.createDirectories(dir);
    ObjectNode spec = Message.object();
    ArrayNode argv = spec.putArray("argv");
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    jvmOptions.forEach(argv::add);
    argv.add("-cp").add(classpath).add(KernelMain.class.getName()).add("{connection_file}");
    spec.put("display_name", DISPLAY_NAME).put("language", "java").put("interrupt_mode", "message");
    spec.putObject("metadata").put("debugger", false);
    Files.writeString(dir.resolve("kernel.json"), Message.json().writerWithDefaultPrettyPrinter().writeValueAsString(spec));
    return dir;
  }

  /**
   * Writes the kernelspec for the running JVM: its class path (or, when the system property
   * {@value #CLASSPATH_PROPERTY} is set, as the launcher does, that narrower class path) and
   * {@link #jvmOptions()}.
   */
  public static Path writeForThisJvm(Path kernelsDir) throws IOException {
    return write(kernelsDir, String.join(java.io.File.pathSeparator, thisClasspath()), jvmOptions());
  }

  /**
   * This JVM's class path as absolute entries, with manifest-only jars (as Maven's test runners
   * use) replaced by the entries of their {@code Class-Path}.
   */
  static List<String> thisClasspath() throws IOException {
    List<String> abs = new ArrayList<>();
    String kernelClasspath = System.getProperty(CLASSPATH_PROPERTY, "");
    String classpath = kernelClasspath.isBlank() ? System.getProperty("java.class.path") : kernelClasspath;
    for (String p : classpath.split(java.io.File.pathSeparator)) {
      if (p.isBlank()) {
        continue;
      }
      Path path = Path.of(p).toAbsolutePath();
      String manifestCp = null;
      if (p.endsWith(".jar") && Files.isRegularFile(path)) {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(path.toFile())) {
          java.util.jar.Manifest mf = jar.getManifest();
          manifestCp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
        }
      }
      if (manifestCp != null && jarHasNoClasses(path)) {
        for (String entry : manifestCp.trim().split("\\s+")) {
          abs.add(Path.of(path.getParent().toUri().resolve(entry)).toString());
        }
      } else {
        abs.add(path.toString());
      }
    }
    return abs;
  }

  private static boolean jarHasNoClasses(Path jar) throws IOException {
    try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
      return j.stream().noneMatch(e -> e.getName().endsWith(".class"));
    }
  }

  /**
   * The kernel JVM's options: a larger thread stack, the vector API, ND4J's native build for this
   * CPU (as the {@code falconet} launcher picks it), quiet logging and the repository root if known.
   */
  public static List<String> jvmOptions() {
    List<String> o = new ArrayList<>(List.of("-Xss4m", "--add-modules", "jdk.incubator.vector",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    String ext = System.getProperty("org.bytedeco.javacpp.platform.extension");
    if (ext == null) {
      ext = cpuExtension();
    }
    o.add("-Dorg.bytedeco.javacpp.platform.extension=" + ext);
    String repo = System.getProperty("falconet.repo");
    if (repo != null) {
      o.add("-Dfalconet.repo=" + repo);
    }
    return o;
  }

  private static String cpuExtension() {
    try {
      String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
          .findFirst().orElse("") + " ";
      return flags.contains(" avx512f ") ? "-avx512" : flags.contains(" avx2 ") ? "-avx2" : "";
    } catch (IOException e) {
      return "";
    }
  }
}
