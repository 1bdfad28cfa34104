package org.falconet.train;

import java.util.ArrayList;
import java.util.List;
import org.falconet.model.FalconConfig;

/**
 * Prints training throughput (tokens/s) and achieved GFLOP/s of a Falcon-shaped model's full step
 * (forward, backward, AdamW), for comparison with scripts/train/bench_torch.py on the same shape, and
 * the sgemm GFLOP/s of ND4J and of {@link Gemm} measured in the same process.
 *
 * <p>Usage: {@code TrainingBenchmark VOCAB HIDDEN LAYERS HEADS BATCH SEQ STEPS}
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int vocab = Integer.parseInt(args[0]);
    int hidden = Integer.parseInt(args[1]);
    int layers = Integer.parseInt(args[2]);
    int heads = Integer.parseInt(args[3]);
    int batch = Integer.parseInt(args[4]);
    int seq = Integer.parseInt(args[5]);
    int steps = Integer.parseInt(args[6]);
    FalconConfig c = FalconConfig.tiny(vocab, hidden, layers, heads);
    TrainableFalcon model = new TrainableFalcon(TrainableFalcon.initialize(c, 1));
    long params = model.parameters().stream().mapToLong(Parameter::size).sum();
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < 200; d++) {
      docs.add(r.ints(seq * 2, 0, vocab - 1).toArray());
    }
    PackedSequences data = PackedSequences.pack(docs, vocab - 1, 0.0, 1);
    PackedSequences.Sampler sampler = data.sampler(batch, seq, 1, 0);
    AdamW opt = new AdamW(model.parameters(), AdamW.Params.LLM_PRETRAINING);
    int warm = 3;
    long t0 = 0;
    long cpu0 = 0;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int s = 0; s < warm + steps; s++) {
      if (s == warm) {
        t0 = System.nanoTime();
        cpu0 = os.getProcessCpuTime();
      }
      model.parameters().forEach(Parameter::zeroGrad);
      model.loss(sampler.next(), true, 1);
      AdamW.clipGradNorm(model.parameters(), 1.0);
      opt.step(1e-3);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    double tokens = (double) batch * seq * steps;
    // Model FLOPs per token (Kaplan et al. 2020; PaLM's MFU, Chowdhery et al. 2022, App. B): 6·N for the
    // matrix products with every parameter (forward 2N, backward 4N; the tied head's V·d products are
    // in N through the embedding, its lookup is free) plus 12·L·T·d for attention's Q·Kᵀ and P·V over a
    // T-token context (forward 4·T·d per layer, backward twice that), counted in full although the
    // causal mask lets the kernels skip about half of it.
    double flopsPerToken = 6.0 * params + 12.0 * layers * seq * hidden;
    double gflops = tokens * flopsPerToken / seconds / 1e9;
    // CPU seconds of the whole process over wall seconds: how many cores the step kept busy.
    System.out.printf("falconet: params=%d batch=%d seq=%d steps=%d threads=%d  %.0f tokens/s  %.1f GFLOP/s  (%.2f MFLOP/token = 6N + 12LTd)  cores busy %.2f, %.1f GFLOP per CPU-second%n",
        params, batch, seq, steps, Runtime.getRuntime().availableProcessors(), tokens / seconds, gflops, flopsPerToken / 1e6,
        cpuSeconds / seconds, tokens * flopsPerToken / cpuSeconds / 1e9);
    // The same process's GEMM peaks, for model FLOP utilisation: ND4J's sgemm (its bundled OpenBLAS) and Gemm.
    double nd512 = GemmBenchmark.nd4j(512, 512, 512, 0.5);
    double nd2048 = GemmBenchmark.nd4j(2048, 2048, 2048, 1.5);
    double our2048 = GemmBenchmark.ours(2048, 2048, 2048, false, false, 1.5);
    double peak = Math.max(nd512, nd2048);
    System.out.printf("sgemm GFLOP/s: ND4J n=512 %.1f, n=2048 %.1f; Gemm n=2048 %.1f; training step = %.0f%% of ND4J's best%n",
        nd512, nd2048, our2048, 100 * gflops / peak);
  }
}
