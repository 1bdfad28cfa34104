package org.falconet.provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The machine a run ran on, as far as it can change results or speed: the Java runtime, the
 * operating system, the processor and the vector instructions it offers (the SIMD width decides
 * the last bits of floating-point sums, so a reader comparing numbers needs it).
 *
 * @param java        {@code java.version}
 * @param javaVendor  {@code java.vendor}
 * @param os          operating system name and version
 * @param arch        {@code os.arch}
 * @param cores       processors this JVM sees
 * @param cpu         the processor's model name ({@code /proc/cpuinfo}), or {@code unknown}
 * @param cpuFeatures the vector and math instruction sets the processor reports, sorted
 */
public record Machine(String java, String javaVendor, String os, String arch, int cores, String cpu,
                      List<String> cpuFeatures) {

  /** The CPU flags worth recording: those the JVM, ND4J and OpenBLAS choose code paths by. */
  static final Set<String> FEATURES = Set.of("sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw",
      "avx512vl", "avx512dq", "avx512_bf16", "avx512_vnni", "amx_tile", "asimd", "sve", "sve2", "neon");

  /** This machine. */
  public static Machine current() {
    String cpu = SourceVersion.UNKNOWN;
    List<String> features = new ArrayList<>();
    Path info = Path.of("/proc/cpuinfo");
    if (Files.isReadable(info)) {
      try {
        for (String line : Files.readAllLines(info)) {
          int colon = line.indexOf(':');
          if (colon < 0) {
            continue;
          }
          String key = line.substring(0, colon).trim();
          String value = line.substring(colon + 1).trim();
          if (cpu.equals(SourceVersion.UNKNOWN) && (key.equals("model name") || key.equals("Model"))) {
            cpu = value;
          }
          if (features.isEmpty() && (key.equals("flags") || key.equals("Features"))) {
            for (String f : value.split("\\s+")) {
              if (FEATURES.contains(f)) {
                features.add(f);
              }
            }
          }
        }
      } catch (IOException e) {
        // Unreadable cpuinfo: the model stays unknown.
      }
    }
    features.sort(null);
    return new Machine(System.getProperty("java.version"), System.getProperty("java.vendor"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(), cpu, List.copyOf(features));
  }
}
