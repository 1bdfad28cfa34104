package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading safetensors checkpoints, and every way a broken one is refused with the tensor named. */
class CheckpointTest {
  @TempDir
  Path tmp;

  /** A copy of the 7B-style fixture we may damage. */
  Path copyOf(String variant) throws IOException {
    Path src = Fixtures.dir(variant);
    Path dst = tmp.resolve(variant);
    Files.createDirectories(dst);
    try (Stream<Path> s = Files.list(src)) {
      for (Path p : s.toList()) Files.copy(p, dst.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    return dst;
  }

  static String message(Path dir) {
    return assertThrows(IOException.class, () -> Falcon.load(dir)).getMessage();
  }

  /** Rewrites the JSON header of a safetensors file, keeping the data that follows it. */
  static void editHeader(Path file, String from, String to) throws IOException {
    byte[] all = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String h = new String(all, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(h.contains(from), "header lacks " + from);
    byte[] eb = h.replace(from, to).getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + eb.length + all.length - 8 - (int) n).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(eb.length).put(eb).put(all, 8 + (int) n, all.length - 8 - (int) n);
    Files.write(file, out.array());
  }

  @Test
  void truncatedFileNamesTheTensorCut() throws IOException {
    Path d = copyOf("falcon-7b-style");
    Path f = d.resolve("model.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(raf.length() - 100);
    }
    String msg = message(d);
    assertTrue(msg.contains("transformer.ln_f.bias") && msg.contains("truncated"), msg);
  }

  @Test
  void fileShorterThanItsHeaderIsRefused() throws IOException {
    Path d = copyOf("falcon-7b-style");
    Path f = d.resolve("model.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(200);
    }
    String msg = message(d);
    assertTrue(msg.contains("header length") && msg.contains("truncated"), msg);
  }

  @Test
  void absurdHeaderLengthIsRefusedWithoutAllocating() throws IOException {
    Path d = copyOf("falcon-7b-style");
    Path f = d.resolve("model.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE / 2).array());
    }
    assertTrue(message(d).contains("header length"));
  }

  @Test
  void offsetsSpanningTheWrongSizeNameTheTensor() throws IOException {
    Path d = copyOf("falcon-7b-style");
    // ln_f.weight is [64] F32 = 256 bytes: claim it is 4 elements wider than its offsets say.
    editHeader(d.resolve("model.safetensors"), "\"transformer.ln_f.weight\":{\"dtype\":\"F32\",\"shape\":[64]",
        "\"transformer.ln_f.weight\":{\"dtype\":\"F32\",\"shape\":[68]");
    String msg = message(d);
    assertTrue(msg.contains("transformer.ln_f.weight") && msg.contains("needs 272"), msg);
  }

  @Test
  void offsetsPastTheEndNameTheTensor() throws IOException {
    Path d = copyOf("falcon-7b-style");
    Path f = d.resolve("model.safetensors");
    String h = header(f);
    // Move the first tensor's interval far beyond the data, keeping its length.
    String marker = "\"transformer.word_embeddings.weight\":{\"dtype\":\"F32\",\"shape\":[97,64],\"data_offsets\":[0,24832]}";
    assertTrue(h.contains(marker), h);
    editHeader(f, marker, marker.replace("[0,24832]", "[900000000,900024832]"));
    String msg = message(d);
    assertTrue(msg.contains("transformer.word_embeddings.weight") && msg.contains("truncated"), msg);
  }

  @Test
  void overlappingTensorsAreRefused() throws IOException {
    Path d = copyOf("falcon-7b-style");
    Path f = d.resolve("model.safetensors");
    String marker = "\"data_offsets\":[0,24832]";
    editHeader(f, marker, "\"data_offsets\":[256,25088]");
    String msg = message(d);
    assertTrue(msg.contains("overlaps"), msg);
  }

  @Test
  void headerThatIsNotJsonIsRefused() throws IOException {
    Path d = copyOf("falcon-7b-style");
    editHeader(d.resolve("model.safetensors"), "{\"__metadata__\"", "[\"__metadata__\"");
    assertTrue(message(d).contains("not valid JSON"));
  }

  @Test
  void missingTensorIsNamed() throws IOException {
    Path d = copyOf("falcon-7b-style");
    editHeader(d.resolve("model.safetensors"), "\"transformer.h.1.mlp.dense_4h_to_h.weight\"", "\"transformer.h.1.mlp.dense_4h_to_h.wEight\"");
    String msg = message(d);
    assertTrue(msg.contains("missing tensor transformer.h.1.mlp.dense_4h_to_h.weight"), msg);
  }

  @Test
  void shapeDisagreeingWithConfigIsNamed() throws IOException {
    Path d = copyOf("falcon-7b-style");
    Path cfg = d.resolve("config.json");
    Files.writeString(cfg, Files.readString(cfg).replace("\"vocab_size\": 97", "\"vocab_size\": 98"));
    String msg = message(d);
    assertTrue(msg.contains("transformer.word_embeddings.weight") && msg.contains("[97, 64]") && msg.contains("[98, 64]"), msg);
  }

  @Test
  void unsupportedDtypeIsNamed() throws IOException {
    Path d = copyOf("falcon-7b-style");
    editHeader(d.resolve("model.safetensors"), "\"transformer.ln_f.bias\":{\"dtype\":\"F32\"", "\"transformer.ln_f.bias\":{\"dtype\":\"I32\"");
    String msg = message(d);
    assertTrue(msg.contains("transformer.ln_f.bias") && msg.contains("I32"), msg);
  }

  @Test
  void pytorchBinIsRefusedWithConversionAdvice() throws IOException {
    Path d = tmp.resolve("bin");
    Files.createDirectories(d);
    Files.copy(Fixtures.dir("falcon-7b-style").resolve("config.json"), d.resolve("config.json"));
    Files.write(d.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
    String msg = message(d);
    assertTrue(msg.contains("pickle") && msg.contains("safe_serialization=True"), msg);
  }

  @Test
  void shardMissingFromDiskIsNamed() throws IOException {
    Path d = copyOf("falcon-40b-style");
    Files.delete(d.resolve("model-00002-of-00002.safetensors"));
    String msg = message(d);
    assertTrue(msg.contains("model-00002-of-00002.safetensors") && msg.contains("missing"), msg);
  }

  @Test
  void indexListingATensorTheShardLacksIsNamed() throws IOException {
    Path d = copyOf("falcon-40b-style");
    Path idx = d.resolve("model.safetensors.index.json");
    Files.writeString(idx, Files.readString(idx).replace("\"transformer.ln_f.weight\": \"model-00002-of-00002.safetensors\"",
        "\"transformer.ln_f.weight\": \"model-00001-of-00002.safetensors\""));
    String msg = message(d);
    assertTrue(msg.contains("transformer.ln_f.weight") && msg.contains("not in the shard"), msg);
  }

  @Test
  void dtypesRoundTripThroughOurWriter() throws IOException {
    float[] data = {1f, -2.5f, 0.1f, 3.14159f, 65504f, 1e-6f};
    Path f = tmp.resolve("t.safetensors");
    SafetensorsWriter.write(f, List.of(
        SafetensorsWriter.Spec.of("a", DType.F32, data, 2, 3),
        SafetensorsWriter.Spec.of("b", DType.F16, data, 2, 3),
        SafetensorsWriter.Spec.of("c", DType.BF16, data, 6)));
    SafetensorsFile sf = SafetensorsFile.open(f);
    float[] a = sf.map("a").toFloats();
    float[] b = sf.map("b").toFloats();
    float[] c = sf.map("c").toFloats();
    for (int i = 0; i < data.length; i++) {
      assertEquals(data[i], a[i]);
      assertEquals(data[i], b[i], Math.abs(data[i]) * 1e-3 + 6e-8);  // half: 11 significant bits
      assertEquals(data[i], c[i], Math.abs(data[i]) * 4e-3);          // bfloat16: 8 significant bits
    }
    // Hand-computed encodings: 0.1 in bfloat16 is 0x3DCD = 0.10009765625; 3.14159 in half is 0x4248 = 3.140625.
    assertEquals(0.10009765625f, c[2]);
    assertEquals(3.140625f, b[3]);
  }

  @Test
  void tensorsSplitIntoSeveralMappingsReadTheSame() throws IOException {
    // Tensors over 2 GiB are mapped in several row-aligned chunks; force that with 3-row chunks.
    int rows = 10, cols = 7;
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) w[i] = (float) Math.sin(i);
    Path f = tmp.resolve("big.safetensors");
    SafetensorsWriter.write(f, List.of(SafetensorsWriter.Spec.of("w", DType.BF16, w, rows, cols)));
    SafetensorsFile sf = SafetensorsFile.open(f);
    Tensor whole = sf.map("w");
    Tensor chunked = sf.map("w", 3L * cols * 2);
    assertEquals(1, whole.chunks().length);
    assertEquals(4, chunked.chunks().length);
    float[] x = new float[cols];
    for (int i = 0; i < cols; i++) x[i] = i - 3;
    float[] y1 = new float[rows];
    float[] y2 = new float[rows];
    Matrix.of(whole).matmul(x, 1, y1);
    Matrix.of(chunked).matmul(x, 1, y2);
    for (int r = 0; r < rows; r++) {
      assertEquals(y1[r], y2[r]);
      float expect = 0;
      for (int c = 0; c < cols; c++) expect += DType.roundToBf16(w[r * cols + c]) * x[c];
      assertEquals(expect, y2[r], 1e-5);
    }
  }

  static String header(Path f) throws IOException {
    byte[] all = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return new String(all, 8, (int) n, StandardCharsets.UTF_8);
  }

  @Test
  void randomCheckpointsOfEveryArrangementLoadAndRun() throws IOException {
    FalconConfig mqa = FalconConfig.tiny(50, 32, 2, 4);
    FalconConfig gqa = new FalconConfig(50, 32, 2, 8, 2, 48, 1e-5, false, false, true, true, true, 2, 1e4, false, 64, 1, 2);
    FalconConfig rw = new FalconConfig(50, 32, 2, 4, 4, 128, 1e-5, true, true, false, false, false, 2, 1e4, true, 64, 1, 2);
    int k = 0;
    for (FalconConfig c : new FalconConfig[] {mqa, gqa, rw}) {
      for (DType t : new DType[] {DType.F32, DType.BF16}) {
        Path d = tmp.resolve("random" + k++);
        ModelBenchmark.writeRandomCheckpoint(c, t, d, 3);
        Falcon m = Falcon.load(d);
        assertEquals(c, m.config());
        assertEquals(t == DType.BF16, m.blocks().get(0).mlp().up().weight().isBf16());
        float[] logits = m.forward(new int[] {1, 2, 3}, m.newCache());
        assertEquals(3 * 50, logits.length);
        for (float v : logits) assertTrue(Float.isFinite(v));
      }
    }
  }
}
