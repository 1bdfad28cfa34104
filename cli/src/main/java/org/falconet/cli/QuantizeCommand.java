package org.falconet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.falconet.gguf.GgmlType;
import org.falconet.gguf.GgufFile;
import org.falconet.model.Falcon;
import org.falconet.model.GgufExport;
import org.falconet.model.WeightSource;
import org.falconet.tokenizer.GgufVocabulary;
import org.falconet.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./falconet quantize}: writes a Falcon model as a GGUF file (Q8_0, Q4_0, F16, BF16 or F32) that llama.cpp runs. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = "Write a Falcon model (Hugging Face directory or GGUF file) as a GGUF file llama.cpp loads: "
        + "matrices as q8_0, q4_0, f16, bf16 or f32, norms in f32, the vocabulary as tokenizer.ggml.* keys.")
final class QuantizeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Hugging Face model directory or .gguf file")
  Path model;

  @Option(names = "--out", required = true, description = "the .gguf file to write")
  Path out;

  @Option(names = "--type", defaultValue = "q8_0", description = "q8_0, q4_0, f16, bf16 or f32 (default: ${DEFAULT-VALUE})")
  String type;

  @Option(names = "--tokenizer", description = "tokenizer.json or a .gguf with a vocabulary (default: the model's own)")
  Path tokenizer;

  @Override
  public Integer call() throws Exception {
    GgmlType t = switch (type.toLowerCase()) {
      case "q8_0" -> GgmlType.Q8_0;
      case "q4_0" -> GgmlType.Q4_0;
      case "f16" -> GgmlType.F16;
      case "bf16" -> GgmlType.BF16;
      case "f32" -> GgmlType.F32;
      default -> throw new IllegalArgumentException("--type: '" + type + "' is not q8_0, q4_0, f16, bf16 or f32");
    };
    if (out.toAbsolutePath().equals(model.toAbsolutePath())) throw new IllegalArgumentException("--out would overwrite --model");
    Falcon m = Falcon.load(model);
    Tokenizer tok = tokenizer(tokenizer != null ? tokenizer : WeightSource.isGguf(model) ? model : model.resolve("tokenizer.json"));
    if (tok == null) {
      System.err.println("note: no tokenizer found (pass --tokenizer); the file has no vocabulary, which llama.cpp needs");
    }
    GgufExport.write(m, t, tok, out);
    System.out.printf("wrote %s: %s, %.2f GB (%d layers, %.2fB parameters)%n", out, t, Files.size(out) / 1e9,
        m.config().numLayers(), m.config().parameterCount() / 1e9);
    return 0;
  }

  /** A tokenizer.json, or the vocabulary of a GGUF file; null if the file is absent or a GGUF has none. */
  static Tokenizer tokenizer(Path p) throws java.io.IOException {
    if (!Files.isRegularFile(p)) return null;
    if (WeightSource.isGguf(p)) {
      GgufFile g = GgufFile.read(p);
      return g.has("tokenizer.ggml.model") ? GgufVocabulary.tokenizer(g, p.toString()) : null;
    }
    return Tokenizer.load(p);
  }
}
