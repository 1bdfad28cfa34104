package org.falconet.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run needs to continue exactly where it stopped, in one directory:
 * {@code model.safetensors} (weights by checkpoint key, float32), {@code optimizer.safetensors}
 * (AdamW's moments as {@code exp_avg.KEY} and {@code exp_avg_sq.KEY}) and {@code trainer_state.json}
 * (step, optimizer steps, batches drawn, the loss log). The model's {@code config.json} and
 * {@code tokenizer.json} are written beside them by whoever knows the model.
 */
public final class TrainingCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainingCheckpoint() {}

  /** The trainer's own state. */
  public record State(int step, long batchesDrawn, long optimizerSteps, float[][] firstMoments, float[][] secondMoments,
                      List<Trainer.LogLine> log) {}

  public static void write(Path dir, List<Parameter> params, State state) throws IOException {
    Map<String, SafetensorsWriter.Tensor> weights = new LinkedHashMap<>();
    Map<String, SafetensorsWriter.Tensor> moments = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      weights.put(p.name(), new SafetensorsWriter.Tensor(p.shape(), p.value()));
      moments.put("exp_avg." + p.name(), new SafetensorsWriter.Tensor(p.shape(), state.firstMoments()[i]));
      moments.put("exp_avg_sq." + p.name(), new SafetensorsWriter.Tensor(p.shape(), state.secondMoments()[i]));
    }
    SafetensorsWriter.write(dir.resolve("model.safetensors"), weights);
    SafetensorsWriter.write(dir.resolve("optimizer.safetensors"), moments);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("step", state.step());
    meta.put("batches_drawn", state.batchesDrawn());
    meta.put("optimizer_steps", state.optimizerSteps());
    meta.put("log", state.log());
    Path tmp = dir.resolve(".tmp-trainer_state.json");
    JSON.writeValue(tmp.toFile(), meta);
    Files.move(tmp, dir.resolve("trainer_state.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Loads weights into {@code params} (mutating them) and returns the trainer state. */
  public static State read(Path dir, List<Parameter> params) throws IOException {
    Map<String, float[]> weights = readF32(dir.resolve("model.safetensors"));
    Map<String, float[]> moments = readF32(dir.resolve("optimizer.safetensors"));
    float[][] m = new float[params.size()][];
    float[][] v = new float[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      float[] w = require(weights, p.name(), p.size(), dir);
      System.arraycopy(w, 0, p.value(), 0, w.length);
      m[i] = require(moments, "exp_avg." + p.name(), p.size(), dir);
      v[i] = require(moments, "exp_avg_sq." + p.name(), p.size(), dir);
    }
    JsonNode meta = JSON.readTree(dir.resolve("trainer_state.json").toFile());
    List<Trainer.LogLine> log = new ArrayList<>();
    for (JsonNode l : meta.path("log")) {
      log.add(JSON.treeToValue(l, Trainer.LogLine.class));
    }
    return new State(meta.path("step").asInt(), meta.path("batches_drawn").asLong(), meta.path("optimizer_steps").asLong(),
        m, v, log);
  }

  private static float[] require(Map<String, float[]> tensors, String name, int size, Path dir) throws IOException {
    float[] t = tensors.get(name);
    if (t == null || t.length != size) {
      throw new IOException(dir + ": checkpoint " + (t == null ? "lacks tensor " + name
          : "tensor " + name + " has " + t.length + " values, the model needs " + size));
    }
    return t;
  }

  /** Reads every tensor of a safetensors file as float32, through the model's checked reader. */
  static Map<String, float[]> readF32(Path file) throws IOException {
    org.falconet.model.SafetensorsFile f = org.falconet.model.SafetensorsFile.open(file);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String name : f.entries().keySet()) {
      out.put(name, f.map(name).toFloats());
    }
    return out;
  }
}
