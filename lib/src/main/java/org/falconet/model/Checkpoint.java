package org.falconet.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Hugging Face model directory: {@code config.json} plus either {@code model.safetensors} or shards listed in
 * {@code model.safetensors.index.json}. Tensors are looked up by name and checked against the shape the
 * config implies.
 */
public final class Checkpoint implements WeightSource {
  private final Path dir;
  private final FalconConfig config;
  private final Map<String, SafetensorsFile> fileOf;

  private Checkpoint(Path dir, FalconConfig config, Map<String, SafetensorsFile> fileOf) {
    this.dir = dir;
    this.config = config;
    this.fileOf = fileOf;
  }

  /** Opens a model directory: reads the config and every safetensors header (maps no data yet). */
  public static Checkpoint open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new CheckpointException(dir + ": not a model directory");
    FalconConfig config = FalconConfig.load(dir);
    Map<String, SafetensorsFile> fileOf = new HashMap<>();
    Path single = dir.resolve("model.safetensors");
    Path index = dir.resolve("model.safetensors.index.json");
    if (Files.exists(index)) {
      JsonNode json;
      try {
        json = new ObjectMapper().readTree(index.toFile());
      } catch (IOException e) {
        throw new CheckpointException(index + ": not valid JSON");
      }
      JsonNode map = json.path("weight_map");
      if (!map.isObject()) throw new CheckpointException(index + ": no weight_map");
      Map<String, SafetensorsFile> shards = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
        var e = it.next();
        String shardName = e.getValue().asText();
        Path shard = dir.resolve(shardName).normalize();
        if (!shard.startsWith(dir.normalize())) throw new CheckpointException(index + ": shard " + shardName + " is outside the model directory");
        SafetensorsFile f = shards.get(shardName);
        if (f == null) {
          if (!Files.exists(shard)) {
            throw new CheckpointException(index + ": tensor " + e.getKey() + " is in shard " + shardName + ", which is missing");
          }
          f = SafetensorsFile.open(shard);
          shards.put(shardName, f);
        }
        if (!f.entries().containsKey(e.getKey())) {
          throw new CheckpointException(shard + ": tensor " + e.getKey() + " is listed in the index but not in the shard");
        }
        fileOf.put(e.getKey(), f);
      }
    } else if (Files.exists(single)) {
      SafetensorsFile f = SafetensorsFile.open(single);
      for (String name : f.entries().keySet()) fileOf.put(name, f);
    } else if (Files.exists(dir.resolve("pytorch_model.bin")) || Files.exists(dir.resolve("pytorch_model.bin.index.json"))) {
      throw new CheckpointException(dir + ": PyTorch .bin checkpoints are Python pickles and are not read (unsafe to load, "
          + "and they need Python); convert once with transformers: AutoModelForCausalLM.from_pretrained(DIR)"
          + ".save_pretrained(OUT, safe_serialization=True), which writes model.safetensors");
    } else {
      throw new CheckpointException(dir + ": no model.safetensors or model.safetensors.index.json");
    }
    return new Checkpoint(dir, config, fileOf);
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /** The model's config. */
  @Override
  public FalconConfig config() {
    return config;
  }

  /** Names of all tensors, sorted. */
  public TreeSet<String> names() {
    return new TreeSet<>(fileOf.keySet());
  }

  /** Whether the checkpoint holds {@code name}. */
  @Override
  public boolean has(String name) {
    return fileOf.containsKey(name);
  }

  /** The stored shape of {@code name}, or null if absent. */
  public long[] shape(String name) {
    SafetensorsFile f = fileOf.get(name);
    return f == null ? null : f.entries().get(name).shape().clone();
  }

  /** Maps the tensor {@code name}, failing with its name if it is missing or not of {@code expectedShape}. */
  public Tensor tensor(String name, long... expectedShape) throws IOException {
    SafetensorsFile f = fileOf.get(name);
    if (f == null) throw new CheckpointException(dir + ": missing tensor " + name);
    long[] shape = f.entries().get(name).shape();
    if (!Arrays.equals(shape, expectedShape)) {
      throw new CheckpointException(f.path() + ": tensor " + name + " has shape " + Arrays.toString(shape)
          + " but the config implies " + Arrays.toString(expectedShape));
    }
    return f.map(name);
  }

  /** The matrix {@code name}: BF16 and F16 stay mapped (see {@link Matrix#of(Tensor)}), F32 is read into float32. */
  @Override
  public Matrix matrix(String name, long rows, long cols) throws IOException {
    return Matrix.of(tensor(name, rows, cols));
  }

  @Override
  public float[] vector(String name, long n) throws IOException {
    return tensor(name, n).toFloats();
  }
}
