package org.falconet.train;

import java.util.ArrayList;
import java.util.List;
import org.falconet.model.FalconConfig;

/**
 * Prints training throughput (tokens/s) and achieved GFLOP/s of a Falcon-shaped model's full step
 * (forward, backward, AdamW), for comparison with scripts/train/bench_torch.py on the same shape.
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
    for (int s = 0; s < warm + steps; s++) {
      if (s == warm) {
        t0 = System.nanoTime();
      }
      model.parameters().forEach(Parameter::zeroGrad);
      model.loss(sampler.next(), true, 1);
      AdamW.clipGradNorm(model.parameters(), 1.0);
      opt.step(1e-3);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double tokens = (double) batch * seq * steps;
    // 6·N per token for the matmuls (forward 2N, backward 4N) plus attention's 12·L·T·d (Kaplan et al. 2020).
    double flopsPerToken = 6.0 * params + 12.0 * layers * seq * hidden;
    System.out.printf("falconet: params=%d batch=%d seq=%d steps=%d  %.0f tokens/s  %.1f GFLOP/s%n", params, batch, seq,
        steps, tokens / seconds, tokens * flopsPerToken / seconds / 1e9);
  }
}
