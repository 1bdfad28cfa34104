package org.falconet.model.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prefill GEMM through ND4J's BLAS ({@code INDArray.mmul}), used for float32 weights when many tokens go through
 * a matrix at once, where BLAS beats the Java tiles (measured here, CPU time, AVX2, [4672 × 4544] weights:
 * ND4J 11 / 27 / 45 GFLOP per CPU-second at T = 16 / 64 / 256, the Java 4×4 tiles ~22 at every T). If ND4J's
 * backend cannot load (say {@code -Pcuda} on a machine without a GPU) it reports itself unavailable and the Java
 * tiles are used.
 */
public final class Nd4jGemm {
  private Nd4jGemm() {}

  /** Fewest tokens for which the BLAS path is taken. */
  public static final int MIN_TOKENS = 64;

  private static volatile Boolean available;

  /** Whether ND4J loaded (tried once). */
  public static boolean available() {
    Boolean a = available;
    if (a == null) {
      synchronized (Nd4jGemm.class) {
        if (available == null) {
          try {
            chooseNativeBuild();
            Nd4j.create(DataType.FLOAT, 1, 1);
            available = !Boolean.getBoolean("falconet.noNd4j");
          } catch (LinkageError | RuntimeException e) {
            available = false;
          }
        }
        a = available;
      }
    }
    return a;
  }

  /**
   * Without {@code org.bytedeco.javacpp.platform.extension}, JavaCPP may load the AVX-512 build of ND4J on a CPU
   * without AVX-512 and the process dies of SIGILL; pick the build this CPU runs, as the launcher does.
   */
  private static void chooseNativeBuild() {
    String key = "org.bytedeco.javacpp.platform.extension";
    if (System.getProperty(key) != null) return;
    String flags = "";
    try {
      flags = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"));
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: leave JavaCPP's default
    }
    System.setProperty(key, flags.contains(" avx512f") ? "-avx512" : flags.contains(" avx2") ? "-avx2" : "");
  }

  /** The weights [rows, cols] as an ND4J array (a copy off the Java heap). */
  public static INDArray weights(float[] w, int rows, int cols) {
    return Nd4j.create(w, new long[] {rows, cols}, 'c');
  }

  /** y [T, rows] = x [T, cols] · Wᵀ; x and y may be longer than that (reused work arrays). */
  public static void matmul(INDArray w, float[] x, int T, float[] y) {
    int cols = (int) w.size(1);
    float[] xs = x.length == T * cols ? x : java.util.Arrays.copyOf(x, T * cols);
    INDArray xa = Nd4j.create(xs, new long[] {T, cols}, 'c');
    INDArray ya = xa.mmul(w.transpose());            // [T, rows]
    float[] out = ya.dup('c').data().asFloat();
    System.arraycopy(out, 0, y, 0, out.length);
  }
}
