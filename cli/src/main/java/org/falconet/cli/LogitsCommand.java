package org.falconet.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.falconet.model.Falcon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./falconet logits}: the model's logits for a sequence of ids, as raw float32 for comparison with PyTorch. */
@Command(name = "logits", mixinStandardHelpOptions = true,
    description = "Write a Falcon model's logits for the given token ids: float32 little-endian [T, vocab].")
final class LogitsCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Hugging Face model directory (config.json + safetensors) or a Falcon .gguf file")
  Path model;

  @Option(names = "--input-ids", required = true, description = "comma-separated token ids, e.g. 1,2,3")
  String inputIds;

  @Option(names = "--out", required = true, description = "output file: float32 little-endian [T, vocab]")
  Path out;

  @Option(names = "--reference", description = "use the scalar reference kernels instead of the optimised ones")
  boolean reference;

  @Mixin
  BackendOption backend;

  @Override
  public Integer call() throws Exception {
    int[] ids = ModelArgs.ids("--input-ids", inputIds);
    if (reference && backend.backend() != org.falconet.model.Backend.JAVA) {
      throw new IllegalArgumentException("--reference selects the Java backend's scalar kernels; it needs --backend java");
    }
    org.falconet.model.CausalLanguageModel m = reference ? Falcon.load(model).reference(true) : backend.load(model);
    float[] logits = m.forward(ids, m.newCache());
    ByteBuffer b = ByteBuffer.allocate(logits.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(logits);
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out))) {
      os.write(b.array());
    }
    System.err.println("wrote " + out + ": [" + ids.length + ", " + m.config().vocabSize() + "] float32, computed by " + m.device());
    return 0;
  }
}
