package org.falconet.model;

import java.io.IOException;
import java.nio.file.Path;
import org.falconet.model.nd4j.Nd4jFalcon;

/**
 * Which code computes a model: {@link #JAVA}, Falconet's own Vector API kernels on the CPU (the fast CPU path and
 * the lesson), or {@link #ND4J}, the same model as ND4J array code, which runs on whatever ND4J backend the build
 * carries: {@code nd4j-native} on the CPU by default, CUDA when built with {@code mvn -Pcuda}.
 *
 * <pre>{@code
 * CausalLanguageModel m = Backend.defaultBackend().load(Path.of("models/falcon-tiny"));
 * }</pre>
 */
public enum Backend {
  /** Java arrays and the Vector API kernels of this package; CPU only. */
  JAVA,
  /** ND4J arrays ({@link Nd4jFalcon}): nd4j-native on the CPU, or the GPU in a {@code -Pcuda} build. */
  ND4J;

  /** ND4J's CUDA backend class, present only in a {@code -Pcuda} build. */
  private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

  /** Whether this build carries ND4J's CUDA backend (the {@code cuda} Maven profile); looks, loads nothing. */
  public static boolean cudaBuild() {
    try {
      Class.forName(CUDA_BACKEND, false, Backend.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** {@link #ND4J} in a CUDA build (the GPU is the point of it), {@link #JAVA} otherwise (faster on a CPU). */
  public static Backend defaultBackend() {
    return cudaBuild() ? ND4J : JAVA;
  }

  /** "java" or "nd4j" (any case); null means {@link #defaultBackend()}. */
  public static Backend parse(String name) {
    if (name == null) return defaultBackend();
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "java" -> JAVA;
      case "nd4j" -> ND4J;
      default -> throw new IllegalArgumentException("--backend: '" + name + "' is not java or nd4j");
    };
  }

  /** Loads a Hugging Face model directory onto this backend (ND4J: float32 weights). */
  public CausalLanguageModel load(Path dir) throws IOException {
    return this == JAVA ? Falcon.load(dir) : Nd4jFalcon.load(dir);
  }

  /** The weights of a loaded Java model on this backend (the model itself for {@link #JAVA}; ND4J copies them). */
  public CausalLanguageModel of(Falcon model) {
    return this == JAVA ? model : Nd4jFalcon.of(model);
  }

  /** Lower-case name, as the command line spells it. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
