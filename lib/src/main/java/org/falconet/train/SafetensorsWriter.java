package org.falconet.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.falconet.model.DType;

/**
 * Training's view of {@link org.falconet.model.SafetensorsWriter}: float32 tensors by name, laid out
 * in name order (so the same tensors always give the same bytes), the file appearing atomically so
 * a run killed while checkpointing never leaves a half-written checkpoint behind.
 */
final class SafetensorsWriter {
  private SafetensorsWriter() {}

  /** A float32 tensor to write. */
  record Tensor(int[] shape, float[] data) {}

  static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    List<org.falconet.model.SafetensorsWriter.Spec> specs = new ArrayList<>();
    new TreeMap<>(tensors).forEach((name, t) -> specs.add(org.falconet.model.SafetensorsWriter.Spec.of(name, DType.F32,
        t.data(), java.util.Arrays.stream(t.shape()).asLongStream().toArray())));
    Path tmp = file.resolveSibling(".tmp-" + file.getFileName());
    org.falconet.model.SafetensorsWriter.write(tmp, specs);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
