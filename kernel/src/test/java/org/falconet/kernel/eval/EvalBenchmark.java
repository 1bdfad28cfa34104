package org.falconet.kernel.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.falconet.kernel.FalconetKernel;

/**
 * Times a trivial cell through {@link CellEvaluator} in-process, without the wire: wall time and the
 * evaluating thread's CPU time per {@code eval}, medians over many rounds after a warm-up.
 *
 * <pre>java -cp kernel/target/classes:kernel/target/test-classes:lib/target/classes:$(cat kernel/target/classpath.txt) \
 *   org.falconet.kernel.eval.EvalBenchmark [ROUNDS] [CELL] [WARM-UP CELLS]</pre>
 */
public final class EvalBenchmark {
  private EvalBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    String cell = args.length > 1 ? args[1] : "1";
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    try (CellEvaluator ev = new CellEvaluator(FalconetKernel.STARTUP)) {
      ev.eval("1 + 1");
      System.out.printf("evaluator ready and first result: %.2f s%n", (System.nanoTime() - t0) / 1e9);
      int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 200;
      for (int i = 0; i < warmUp; i++) {
        ev.eval(cell);
      }
      double[] wall = new double[rounds];
      double[] cpu = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        long c = mx.getCurrentThreadCpuTime();
        long w = System.nanoTime();
        ev.eval(cell);
        wall[i] = (System.nanoTime() - w) / 1e6;
        cpu[i] = (mx.getCurrentThreadCpuTime() - c) / 1e6;
      }
      for (int b = 0; b + 100 <= rounds; b += 100) {
        double[] block = Arrays.copyOfRange(cpu, b, b + 100);
        Arrays.sort(block);
        System.out.printf("  rounds %d-%d: thread CPU median %.2f ms%n", b, b + 99, block[50]);
      }
      Arrays.sort(wall);
      Arrays.sort(cpu);
      System.out.printf("eval(\"%s\"), %d rounds: wall median %.2f ms (p10 %.2f, p90 %.2f), thread CPU median %.2f ms%n",
          cell, rounds, wall[rounds / 2], wall[rounds / 10], wall[9 * rounds / 10], cpu[rounds / 2]);
      System.out.printf("load average: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
