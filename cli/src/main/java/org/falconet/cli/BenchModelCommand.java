package org.falconet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.falconet.model.DType;
import org.falconet.model.FalconConfig;
import org.falconet.model.ModelBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./falconet bench-model}: prefill and decode speed of a model shape beside this machine's memory bandwidth. */
@Command(name = "bench-model", mixinStandardHelpOptions = true,
    description = "Benchmark a Falcon shape on random weights: prefill and decode tokens/s, decode weight bytes/s "
        + "beside the memory bandwidth measured in the same run.")
final class BenchModelCommand implements Callable<Integer> {
  @Option(names = "--config", defaultValue = "small",
      description = "shape: tiny, small, 7b, 40b, rw-1b, or a config.json path (default: ${DEFAULT-VALUE})")
  String config;

  @Option(names = "--model", description = "measure this model (directory or .gguf file) instead of random weights")
  Path model;

  @Option(names = "--layers", description = "cut the shape to this many layers")
  Integer layers;

  @Option(names = "--dtype", defaultValue = "f32", description = "weights as f32 or bf16 (bf16 stays bf16 in memory)")
  String dtype;

  @Option(names = "--prompt-tokens", defaultValue = "64", description = "prefill length")
  int promptTokens;

  @Option(names = "--decode-tokens", defaultValue = "16", description = "tokens decoded one at a time")
  int decodeTokens;

  @Option(names = "--repetitions", defaultValue = "1",
      description = "measure prefill and decode this many times after the warm-up and report the mean, as llama-bench -r "
          + "does (default: ${DEFAULT-VALUE})")
  int repetitions;

  @Option(names = "--dir", description = "where to write the random checkpoint (default: a temporary directory)")
  Path dir;

  @Option(names = "--keep", description = "keep the checkpoint written")
  boolean keep;

  @Mixin
  BackendOption backend;

  @Option(names = "--write-only", description = "write the random checkpoint into --dir and stop (for other tools to read)")
  boolean writeOnly;

  @Override
  public Integer call() throws Exception {
    if (model != null) {
      long t0 = System.nanoTime();
      org.falconet.model.Falcon m = org.falconet.model.Falcon.load(model);
      double load = (System.nanoTime() - t0) / 1e9;
      org.falconet.model.Matrix w = m.blocks().get(0).mlp().up().weight();
      String weights = (w.isQ8() ? "Q8_0" : w.isBf16() ? "BF16" : w.isF16() ? "F16" : "F32")
          + (w.isOnHeap() ? " (on the heap)" : " (memory-mapped)");
      FalconConfig mc = m.config();
      System.out.printf("model: %s, d=%d layers=%d heads=%d kv=%d vocab=%d, %.2fB parameters, %s in memory%n", model,
          mc.hiddenSize(), mc.numLayers(), mc.numHeads(), mc.numKvHeads(), mc.vocabSize(), mc.parameterCount() / 1e9, weights);
      long bytes = Files.isDirectory(model) ? 0 : Files.size(model);
      print(ModelBenchmark.measure(m, weights, bytes, 0, load, promptTokens, decodeTokens, repetitions));
      return 0;
    }
    FalconConfig c = switch (config) {
      case "tiny" -> FalconConfig.tiny(4096, 128, 4, 4);
      case "small" -> FalconConfig.tiny(32768, 1024, 8, 16);
      case "7b" -> FalconConfig.falcon7b();
      case "40b" -> FalconConfig.falcon40b();
      case "rw-1b" -> FalconConfig.falconRw1b();
      default -> FalconConfig.load(Path.of(config));
    };
    if (layers != null) c = c.withNumLayers(layers);
    DType t = switch (dtype.toLowerCase()) {
      case "f32" -> DType.F32;
      case "bf16" -> DType.BF16;
      default -> throw new IllegalArgumentException("--dtype: '" + dtype + "' is not f32 or bf16");
    };
    if (writeOnly) {
      if (dir == null) throw new IllegalArgumentException("--write-only needs --dir");
      long bytes = ModelBenchmark.writeRandomCheckpoint(c, t, dir, 1);
      System.out.printf("wrote %s: %.2f GB, %s, %.2fB parameters%n", dir, bytes / 1e9, t, c.parameterCount() / 1e9);
      return 0;
    }
    Path d = dir != null ? dir : Files.createTempDirectory("falconet-bench-");
    System.out.printf("shape: d=%d layers=%d heads=%d kv=%d vocab=%d, %.2fB parameters, %s%n", c.hiddenSize(),
        c.numLayers(), c.numHeads(), c.numKvHeads(), c.vocabSize(), c.parameterCount() / 1e9, t);
    try {
      String[] device = {""};
      ModelBenchmark.Report r = ModelBenchmark.run(c, t, d, promptTokens, decodeTokens, repetitions, dir -> {
        org.falconet.model.CausalLanguageModel m = backend.load(dir);
        device[0] = m.device();
        return m;
      });
      System.out.println("backend: " + device[0]);
      print(r);
    } finally {
      if (!keep) {
        try (Stream<Path> s = Files.walk(d)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
      }
    }
    return 0;
  }

  private static void print(ModelBenchmark.Report r) {
    System.out.printf("checkpoint: %.2f GB written in %.1f s, loaded (mapped, or copied onto the heap) in %.2f s%n",
        r.checkpointBytes() / 1e9, r.writeSeconds(), r.loadSeconds());
    System.out.printf("prefill: %d tokens at %.1f tokens/s%s%n", r.promptTokens(), r.prefillTokensPerSecond(),
        runs(r.prefillRuns(), "%.1f"));
    System.out.printf("decode:  %d tokens at %.2f tokens/s (batch 1; this process had %.0f%% of the cores' time)%s%n",
        r.decodeTokens(), r.decodeTokensPerSecond(), 100 * r.decodeCpuShare(), runs(r.decodeRuns(), "%.2f"));
    System.out.printf("decode weight traffic: %.2f GB/token, %.2f GB/s%n", r.decodeWeightBytes() / 1e9,
        r.decodeBytesPerSecond() / 1e9);
    System.out.printf("memory read bandwidth (measured just before and after decoding, %d threads): %.2f GB/s%n",
        Runtime.getRuntime().availableProcessors(), r.memoryBandwidth() / 1e9);
    System.out.printf("decode / bandwidth: %.0f%%%n", 100 * r.bandwidthRatio());
    System.out.printf("resident memory after warm-up: %.2f GiB (mapped weights included)%n", r.rssBytes() / (double) (1L << 30));
  }

  /** ", mean of a / b / c" for more than one repetition, else nothing. */
  private static String runs(java.util.List<Double> runs, String format) {
    if (runs.size() < 2) return "";
    return runs.stream().map(v -> String.format(format, v)).collect(java.util.stream.Collectors.joining(" / ", ", mean of ", ""));
  }
}
