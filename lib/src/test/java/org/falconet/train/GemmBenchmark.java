package org.falconet.train;

import java.util.SplittableRandom;
import org.falconet.model.internal.Nd4jGemm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints GFLOP/s of {@link Gemm} and of ND4J's sgemm ({@code INDArray.mmul}, its bundled OpenBLAS) on
 * square products n = 128..2048 and on the training step's shapes, in one process.
 *
 * <p>Usage: {@code GemmBenchmark [SECONDS_PER_CASE]}
 */
public final class GemmBenchmark {
  private GemmBenchmark() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
    ours(256, 256, 256, false, false, 2);                  // JIT warm-up of both before the first row
    nd4j(256, 256, 256, 1);
    System.out.printf("%-28s %10s %10s%n", "M x K x N (transposition)", "Gemm", "ND4J");
    int[][] shapes = {{128, 128, 128}, {256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048},
        {2048, 256, 1024}, {2048, 1024, 256}, {1024, 2048, 256}};
    for (int[] s : shapes) {
      for (int variant = 0; variant < (s[0] == s[1] && s[1] == s[2] ? 1 : 3); variant++) {
        boolean ta = variant == 2;
        boolean tb = variant == 1;
        double ours = ours(s[0], s[1], s[2], ta, tb, seconds);
        double nd = variant == 0 ? nd4j(s[0], s[1], s[2], seconds) : Double.NaN;
        System.out.printf("%-28s %10.1f %10s%n", s[0] + "x" + s[1] + "x" + s[2] + (ta ? " (Aᵀ)" : tb ? " (Bᵀ)" : ""),
            ours, Double.isNaN(nd) ? "" : String.format("%.1f", nd));
      }
    }
  }

  /** GFLOP/s of C = op(A)·op(B), op(A) [m, k], op(B) [k, n]. */
  static double ours(int m, int k, int n, boolean transA, boolean transB, double seconds) {
    float[] a = random(m * k, 1);
    float[] b = random(k * n, 2);
    float[] c = new float[m * n];
    Runnable op = () -> Gemm.gemm(transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, c, 0, n, false, true);
    return 2.0 * m * n * k / time(op, seconds) / 1e9;
  }

  /** GFLOP/s of ND4J's C = A·B on [m, k]·[k, n], or NaN if ND4J does not load. */
  static double nd4j(int m, int k, int n, double seconds) {
    if (!Nd4jGemm.available()) {
      return Double.NaN;
    }
    INDArray a = Nd4j.create(random(m * k, 1), new long[] {m, k}, 'c');
    INDArray b = Nd4j.create(random(k * n, 2), new long[] {k, n}, 'c');
    INDArray c = Nd4j.create(DataType.FLOAT, new long[] {m, n}, 'c');
    return 2.0 * m * n * k / time(() -> a.mmuli(b, c), seconds) / 1e9;
  }

  /** Seconds per call, after a warm-up, over about {@code seconds} of calls. */
  static double time(Runnable op, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 0.3e9);
    while (System.nanoTime() < end) {
      op.run();
    }
    int calls = 0;
    long t0 = System.nanoTime();
    end = t0 + (long) (seconds * 1e9);
    long now;
    do {
      op.run();
      calls++;
      now = System.nanoTime();
    } while (now < end);
    return (now - t0) / 1e9 / calls;
  }

  private static float[] random(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[size];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }
}
