package org.falconet.model.nd4j;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** What ND4J computes on in this process, in words: its backend and BLAS on a CPU, the GPU's name under CUDA. */
public final class Nd4jDevice {
  private Nd4jDevice() {}

  /**
   * Loads ND4J's backend (the native build this CPU runs, or CUDA), or fails with what to do: a {@code -Pcuda}
   * build needs an NVIDIA GPU and its driver.
   */
  public static void require() {
    org.falconet.model.internal.Nd4jGemm.available();   // picks the native build this CPU runs first
    try {
      Nd4j.getBackend();
    } catch (LinkageError | RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) root = root.getCause();
      throw new IllegalStateException("ND4J's backend did not load (" + root.getMessage() + "); a -Pcuda build needs "
          + "an NVIDIA GPU and driver: use --backend java, or build without -Pcuda", e);
    }
  }

  /** Whether ND4J runs on a GPU (the CUDA backend loaded). */
  public static boolean gpu() {
    return Nd4j.getBackend().getClass().getName().contains("jcublas");
  }

  /** e.g. {@code CPU, CpuBackend, OpenBLAS} or {@code GPU NVIDIA H100 80GB HBM3, JCublasBackend}. */
  public static String describe() {
    Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
    String backend = Nd4j.getBackend().getClass().getSimpleName();
    if (!gpu()) return "CPU, " + backend + ", BLAS " + env.getOrDefault("blas.vendor", "?");
    Object devices = env.get("cuda.devicesInformation");
    String name = "?";
    if (devices instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> m) {
      name = String.valueOf(m.get("cuda.deviceName"));
    }
    return "GPU " + name + ", " + backend;
  }
}
