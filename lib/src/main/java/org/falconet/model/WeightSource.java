package org.falconet.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a Falcon's weights come from: a Hugging Face model directory ({@link Checkpoint}) or a GGUF file as
 * llama.cpp writes it ({@link GgufCheckpoint}). Tensors are asked for by their Hugging Face names
 * ({@code transformer.h.0.self_attention.query_key_value.weight}) and checked against the shape the config implies;
 * each source maps names, layouts and element types to what {@link Falcon} uses.
 */
public interface WeightSource {
  /** The model's config. */
  FalconConfig config();

  /** Whether the source holds the tensor {@code name}. */
  boolean has(String name);

  /** The weight matrix {@code name} [rows, cols], failing with its name if missing or of another shape. */
  Matrix matrix(String name, long rows, long cols) throws IOException;

  /** The vector {@code name} [n] as floats (layer norms, biases). */
  float[] vector(String name, long n) throws IOException;

  /** Opens a model directory, or a {@code .gguf} file (recognised by its magic number). */
  static WeightSource open(Path path) throws IOException {
    return isGguf(path) ? GgufCheckpoint.open(path) : Checkpoint.open(path);
  }

  /** Whether {@code path} is a file that starts with GGUF's magic. */
  static boolean isGguf(Path path) throws IOException {
    if (!Files.isRegularFile(path)) return false;
    try (InputStream in = Files.newInputStream(path)) {
      byte[] m = in.readNBytes(4);
      return m.length == 4 && m[0] == 'G' && m[1] == 'G' && m[2] == 'U' && m[3] == 'F';
    }
  }
}
