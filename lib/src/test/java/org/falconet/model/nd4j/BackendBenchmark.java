package org.falconet.model.nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.falconet.model.Backend;
import org.falconet.model.CausalLanguageModel;
import org.falconet.model.DType;
import org.falconet.model.Falcon;
import org.falconet.model.FalconConfig;
import org.falconet.model.ModelBenchmark;
import org.falconet.train.AdamW;
import org.falconet.train.PackedSequences;
import org.falconet.train.Parameter;
import org.falconet.train.TrainableFalcon;
import org.falconet.train.TrainableModel;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The two backends side by side in one process, on the same weights: prefill and batch-1 decode tokens/s, and
 * training tokens/s (forward, backward, clipping, AdamW). Run by scripts/model/backend-bench.sh (CPU) and
 * scripts/gpu/check.sh (GPU).
 *
 * <p>Usage: {@code BackendBenchmark infer SHAPE LAYERS DTYPE ND4J_WEIGHTS PROMPT DECODE BACKENDS} with SHAPE
 * tiny|small|7b, DTYPE f32|bf16 (the checkpoint), ND4J_WEIGHTS f32|f16|bf16, BACKENDS e.g. java,nd4j; or
 * {@code BackendBenchmark train VOCAB HIDDEN LAYERS HEADS BATCH SEQ STEPS BACKENDS}.
 */
public final class BackendBenchmark {
  private BackendBenchmark() {}

  public static void main(String[] a) throws Exception {
    if (a[0].equals("infer")) {
      infer(a[1], Integer.parseInt(a[2]), a[3], a[4], Integer.parseInt(a[5]), Integer.parseInt(a[6]), a[7].split(","));
    } else {
      train(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]),
          Integer.parseInt(a[5]), Integer.parseInt(a[6]), Integer.parseInt(a[7]), a[8].split(","));
    }
  }

  static FalconConfig shape(String name) {
    return switch (name) {
      case "tiny" -> FalconConfig.tiny(4096, 128, 4, 4);
      case "small" -> FalconConfig.tiny(32768, 1024, 8, 16);
      case "7b" -> FalconConfig.falcon7b();
      default -> throw new IllegalArgumentException("shape " + name);
    };
  }

  static void infer(String shape, int layers, String dtype, String nd4jWeights, int prompt, int decode, String[] backends)
      throws Exception {
    FalconConfig c = shape(shape).withNumLayers(layers);
    Path dir = Files.createTempDirectory("falconet-backends-");
    try {
      ModelBenchmark.writeRandomCheckpoint(c, dtype.equals("bf16") ? DType.BF16 : DType.F32, dir, 1);
      DataType w = switch (nd4jWeights) {
        case "f16" -> DataType.HALF;
        case "bf16" -> DataType.BFLOAT16;
        default -> DataType.FLOAT;
      };
      int[] ids = new int[prompt];
      for (int i = 0; i < prompt; i++) ids[i] = (i * 7919 + 13) % c.vocabSize();
      System.out.printf("shape %s cut to %d layers (%.3fB parameters), checkpoint %s, prompt %d, decode %d%n", shape,
          layers, c.parameterCount() / 1e9, dtype, prompt, decode);
      for (String b : backends) {
        CausalLanguageModel m = Backend.parse(b) == Backend.JAVA ? Falcon.load(dir) : Nd4jFalcon.load(dir, w);
        for (int round = 0; round < 2; round++) {           // the first round warms up (JIT, ND4J, page cache)
          CausalLanguageModel.Cache cache = m.newCache();
          long t0 = System.nanoTime();
          float[] logits = m.forwardLast(ids, cache);
          double prefill = prompt / ((System.nanoTime() - t0) / 1e9);
          t0 = System.nanoTime();
          int next = argmax(logits);
          for (int i = 0; i < decode; i++) next = argmax(m.forwardLast(new int[] {next}, cache));
          double seconds = (System.nanoTime() - t0) / 1e9;
          if (round == 1) {
            System.out.printf("%-5s %s: prefill %.1f tokens/s, decode %.2f tokens/s, decode weight traffic %.2f GB/s%n",
                b, m.device(), prefill, decode / seconds, m.decodeWeightBytes() * decode / seconds / 1e9);
          }
        }
      }
    } finally {
      try (var s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  static void train(int vocab, int hidden, int layers, int heads, int batch, int seq, int steps, String[] backends) {
    FalconConfig c = FalconConfig.tiny(vocab, hidden, layers, heads);
    System.out.printf("training shape d=%d layers=%d heads=%d vocab=%d (%.1fM parameters), batch %d x %d%n", hidden,
        layers, heads, vocab, c.parameterCount() / 1e6, batch, seq);
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < 200; d++) docs.add(r.ints(seq * 2, 0, vocab - 1).toArray());
    PackedSequences data = PackedSequences.pack(docs, vocab - 1, 0.0, 1);
    for (String b : backends) {
      TrainableFalcon base = new TrainableFalcon(TrainableFalcon.initialize(c, 1));
      TrainableModel model = Backend.parse(b) == Backend.JAVA ? base : new Nd4jTrainableFalcon(base);
      PackedSequences.Sampler sampler = data.sampler(batch, seq, 1, 0);
      AdamW opt = new AdamW(model.parameters(), AdamW.Params.LLM_PRETRAINING);
      int warm = 2;
      long t0 = 0;
      double loss = 0;
      for (int s = 0; s < warm + steps; s++) {
        if (s == warm) t0 = System.nanoTime();
        model.parameters().forEach(Parameter::zeroGrad);
        loss = model.loss(sampler.next(), true, 1);
        AdamW.clipGradNorm(model.parameters(), 1.0);
        opt.step(1e-3);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%-5s training: %.0f tokens/s (last loss %.4f)%n", b, (double) batch * seq * steps / seconds, loss);
    }
  }

  private static int argmax(float[] x) {
    int b = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[b]) b = i;
    return b;
  }
}
