package org.falconet.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures a model shape on this machine: writes a random checkpoint of that shape, loads it memory-mapped, runs a
 * prefill and a batch-1 decode, and measures the machine's memory read bandwidth in the same run, since decoding is
 * bound by streaming the weights once per token.
 */
public final class ModelBenchmark {
  private ModelBenchmark() {}

  /**
   * What one run measured: {@code prefillRuns} and {@code decodeRuns} hold each repetition's tokens/s (a fresh cache
   * each time, after one warm-up), reported by their mean as llama-bench does.
   */
  public record Report(FalconConfig config, String weights, long checkpointBytes, double writeSeconds, double loadSeconds,
                       int promptTokens, List<Double> prefillRuns, int decodeTokens, List<Double> decodeRuns,
                       double decodeCpuShare, long decodeWeightBytes, double memoryBandwidth, long rssBytes) {
    public Report {
      prefillRuns = List.copyOf(prefillRuns);
      decodeRuns = List.copyOf(decodeRuns);
    }

    /** Mean prefill tokens/s over the repetitions. */
    public double prefillTokensPerSecond() {
      return mean(prefillRuns);
    }

    /** Mean decode tokens/s over the repetitions. */
    public double decodeTokensPerSecond() {
      return mean(decodeRuns);
    }

    private static double mean(List<Double> runs) {
      return runs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Weight bytes streamed per second while decoding. */
    public double decodeBytesPerSecond() {
      return decodeWeightBytes * decodeTokensPerSecond();
    }

    /** Decode weight bandwidth over the measured memory bandwidth. */
    public double bandwidthRatio() {
      return decodeBytesPerSecond() / memoryBandwidth;
    }
  }

  /** Writes a random {@code dtype} checkpoint of {@code config} into {@code dir} (config.json + model.safetensors). */
  public static long writeRandomCheckpoint(FalconConfig c, DType dtype, Path dir, long seed) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), c.toJson());
    long d = c.hiddenSize();
    List<SafetensorsWriter.Spec> specs = new ArrayList<>();
    specs.add(random("transformer.word_embeddings.weight", dtype, seed, 0.5f, c.vocabSize(), d));
    for (int i = 0; i < c.numLayers(); i++) {
      String b = "transformer.h." + i + ".";
      List<String> norms = c.twoLayerNorms() ? List.of("ln_attn", "ln_mlp")
          : !c.parallelAttn() && !c.newDecoderArchitecture() ? List.of("input_layernorm", "post_attention_layernorm")
          : List.of("input_layernorm");
      for (String n : norms) {
        specs.add(constant(b + n + ".weight", dtype, 1f, d));
        specs.add(constant(b + n + ".bias", dtype, 0f, d));
      }
      long[][] shapes = {{c.qkvOutDim(), d}, {d, (long) c.numHeads() * c.headDim()}, {c.ffnHiddenSize(), d}, {d, c.ffnHiddenSize()}};
      String[] names = {"self_attention.query_key_value", "self_attention.dense", "mlp.dense_h_to_4h", "mlp.dense_4h_to_h"};
      for (int k = 0; k < 4; k++) {
        specs.add(random(b + names[k] + ".weight", dtype, seed + 7L * i + k, (float) (1 / Math.sqrt(shapes[k][1])), shapes[k]));
        if (c.bias()) specs.add(constant(b + names[k] + ".bias", dtype, 0f, shapes[k][0]));
      }
    }
    specs.add(constant("transformer.ln_f.weight", dtype, 1f, d));
    specs.add(constant("transformer.ln_f.bias", dtype, 0f, d));
    if (!c.tieWordEmbeddings()) specs.add(random("lm_head.weight", dtype, seed + 99, (float) (1 / Math.sqrt(d)), c.vocabSize(), d));
    Path file = dir.resolve("model.safetensors");
    SafetensorsWriter.write(file, specs);
    return Files.size(file);
  }

  private static SafetensorsWriter.Spec random(String name, DType t, long seed, float scale, long... shape) {
    return new SafetensorsWriter.Spec(name, t, shape, (r, out) -> {
      long x = seed * 0x9E3779B97F4A7C15L + r * 0xBF58476D1CE4E5B9L + 1;
      for (int i = 0; i < out.length; i++) {       // xorshift64: uniform in (−scale, scale)
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        out[i] = scale * ((x >>> 40) / (float) (1L << 23) - 1f);
      }
    });
  }

  private static SafetensorsWriter.Spec constant(String name, DType t, float v, long... shape) {
    return new SafetensorsWriter.Spec(name, t, shape, (r, out) -> java.util.Arrays.fill(out, v));
  }

  /** How a benchmark loads the checkpoint it wrote: {@code Falcon::load}, or another backend's loader. */
  public interface Loader {
    CausalLanguageModel load(Path dir) throws IOException;
  }

  /** Runs the whole benchmark in {@code dir} (the checkpoint is written there; the caller deletes it). */
  public static Report run(FalconConfig c, DType dtype, Path dir, int promptTokens, int decodeTokens) throws IOException {
    return run(c, dtype, dir, promptTokens, decodeTokens, 1, Falcon::load);
  }

  /**
   * {@link #run(FalconConfig, DType, Path, int, int)} with the model loaded by {@code loader} (a backend), prefill and
   * decode measured {@code repetitions} times.
   */
  public static Report run(FalconConfig c, DType dtype, Path dir, int promptTokens, int decodeTokens, int repetitions,
                           Loader loader) throws IOException {
    long t0 = System.nanoTime();
    long bytes = writeRandomCheckpoint(c, dtype, dir, 1);
    double write = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    CausalLanguageModel model = loader.load(dir);
    double load = (System.nanoTime() - t0) / 1e9;
    return measure(model, dtype.name(), bytes, write, load, promptTokens, decodeTokens, repetitions);
  }

  /**
   * Measures an already loaded model ({@code weights} names its storage, e.g. Q8_0; the sizes and times of writing and
   * loading are reported as given), prefill and decode {@code repetitions} times.
   */
  public static Report measure(CausalLanguageModel model, String weights, long bytes, double write, double load, int promptTokens,
                               int decodeTokens, int repetitions) {
    if (repetitions < 1) throw new IllegalArgumentException("--repetitions must be at least 1, not " + repetitions);
    FalconConfig c = model.config();
    long t0;
    int[] prompt = new int[promptTokens];
    for (int i = 0; i < promptTokens; i++) prompt[i] = (i * 7919 + 13) % c.vocabSize();
    // Warm-up: the same prefill and a few decode steps compile the kernels, load ND4J and touch the weights.
    CausalLanguageModel.Cache warm = model.newCache();
    model.forwardLast(prompt, warm);
    for (int i = 0; i < 3; i++) model.forwardLast(new int[] {5}, warm);
    long rss = rss();                                // model and caches, before the bandwidth probe's 1 GiB
    double bwBefore = memoryBandwidth();

    List<Double> prefill = new ArrayList<>();
    List<Double> decode = new ArrayList<>();
    long wall = 0;
    long cpu = 0;
    for (int rep = 0; rep < repetitions; rep++) {
      CausalLanguageModel.Cache cache = model.newCache();
      t0 = System.nanoTime();
      float[] logits = model.forwardLast(prompt, cache);
      prefill.add(promptTokens / ((System.nanoTime() - t0) / 1e9));
      t0 = System.nanoTime();
      long cpu0 = processCpuNanos();
      int next = argmax(logits);
      for (int i = 0; i < decodeTokens; i++) next = argmax(model.forwardLast(new int[] {next}, cache));
      long w = System.nanoTime() - t0;
      cpu += processCpuNanos() - cpu0;
      wall += w;
      decode.add(decodeTokens / (w / 1e9));
    }
    // CPU time over wall time × cores: below 1 when other processes share the cores.
    double cpuShare = cpu / (double) wall / Runtime.getRuntime().availableProcessors();
    // On a shared machine bandwidth drifts: take the mean of a probe just before and just after the decode.
    double bw = (bwBefore + memoryBandwidth()) / 2;
    return new Report(c, weights, bytes, write, load, promptTokens, prefill, decodeTokens, decode, cpuShare,
        model.decodeWeightBytes(), bw, rss);
  }

  private static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static int argmax(float[] x) {
    int b = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[b]) b = i;
    return b;
  }

  private static final VectorSpecies<Float> F = org.falconet.model.internal.VectorWidth.FLOAT;

  /**
   * Memory read bandwidth in bytes/s: every core sums its own slice of a 1 GiB array (far beyond the caches),
   * best of three passes; the STREAM idea with a read-only kernel, which is what decoding does to the weights.
   */
  public static double memoryBandwidth() {
    int n = 1 << 28;                               // 2^28 floats = 1 GiB
    float[] a = new float[n];
    IntStream.range(0, 64).parallel().forEach(k -> java.util.Arrays.fill(a, n / 64 * k, n / 64 * (k + 1), 1f));
    int parts = Runtime.getRuntime().availableProcessors();
    double best = 0;
    float sink = 0;
    for (int pass = 0; pass < 3; pass++) {
      long t0 = System.nanoTime();
      double s = IntStream.range(0, parts).parallel().mapToDouble(p -> sum(a, n / parts * p, n / parts * (p + 1))).sum();
      double sec = (System.nanoTime() - t0) / 1e9;
      sink += (float) s;
      best = Math.max(best, 4.0 * n / sec);
    }
    if (sink == 42) System.out.print("");        // keep the sums alive
    return best;
  }

  private static float sum(float[] a, int from, int to) {
    FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
    int i = from;
    int step = F.length();
    for (; i <= to - 2 * step; i += 2 * step) {
      s0 = s0.add(FloatVector.fromArray(F, a, i));
      s1 = s1.add(FloatVector.fromArray(F, a, i + step));
    }
    float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) s += a[i];
    return s;
  }

  /** Resident set size of this process (Linux /proc/self/status), or -1. */
  public static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
