package org.falconet.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.falconet.model.Backend;
import org.falconet.model.CausalLanguageModel;
import org.falconet.model.Falcon;
import org.falconet.model.nd4j.Nd4jFalcon;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Option;

/** The {@code --backend} and {@code --nd4j-weights} options the model commands share (a picocli mixin). */
final class BackendOption {
  @Option(names = "--backend", paramLabel = "java|nd4j",
      description = "which code computes the model: java (Vector API kernels, CPU) or nd4j (ND4J arrays: the CPU, "
          + "or the GPU in a -Pcuda build); default: java, or nd4j in a -Pcuda build")
  String name;

  @Option(names = "--nd4j-weights", paramLabel = "f32|f16|bf16", defaultValue = "f32",
      description = "with --backend nd4j: the matrices' type (f16/bf16 products are meant for a GPU; default: ${DEFAULT-VALUE})")
  String weights;

  /** The backend asked for, or the build's default. */
  Backend backend() {
    return Backend.parse(name);
  }

  /** The ND4J weight type asked for. */
  DataType weightType() {
    return switch (weights.toLowerCase(java.util.Locale.ROOT)) {
      case "f32" -> DataType.FLOAT;
      case "f16" -> DataType.HALF;
      case "bf16" -> DataType.BFLOAT16;
      default -> throw new IllegalArgumentException("--nd4j-weights: '" + weights + "' is not f32, f16 or bf16");
    };
  }

  /** Loads {@code dir} on the chosen backend. */
  CausalLanguageModel load(Path dir) throws IOException {
    Backend b = backend();
    checkWeights(b);
    return b == Backend.JAVA ? Falcon.load(dir) : Nd4jFalcon.load(dir, weightType());
  }

  /** A loaded Java model's weights on the chosen backend. */
  CausalLanguageModel of(Falcon model) {
    Backend b = backend();
    checkWeights(b);
    return b == Backend.JAVA ? model : Nd4jFalcon.of(model, weightType());
  }

  private void checkWeights(Backend b) {
    DataType t = weightType();
    if (b == Backend.JAVA && t != DataType.FLOAT) {
      throw new IllegalArgumentException("--nd4j-weights applies to --backend nd4j only");
    }
  }
}
