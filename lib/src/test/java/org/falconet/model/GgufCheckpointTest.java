package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.falconet.gguf.GgmlType;
import org.falconet.gguf.GgufFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Falcon GGUF files: the ones llama.cpp's gguf-py wrote from the parity fixtures (scripts/model/make_gguf_fixtures.py,
 * the converter's QKV reorder and names) give PyTorch's logits; our writer produces the same bytes; every type loads;
 * broken files are refused with the tensor named.
 */
class GgufCheckpointTest {
  static final String[] ROTARY = {"falcon-7b-style", "falcon-40b-style", "falcon-newarch-1ln"};

  @TempDir
  Path tmp;

  static Path pyGguf(String variant, String type) {
    return Fixtures.dir(variant).resolve("gguf-py." + type + ".gguf");
  }

  static float[] logits(Falcon m, int[] ids) {
    return m.forward(ids, m.newCache());
  }

  @ParameterizedTest
  @ValueSource(strings = {"falcon-7b-style", "falcon-40b-style", "falcon-newarch-1ln"})
  void llamaCppsF32FileGivesPyTorchsLogits(String variant) throws Exception {
    Fixtures.Expected ex = Fixtures.expected(variant);
    Falcon m = Falcon.load(pyGguf(variant, "f32"));
    float diff = Fixtures.maxAbsDiff(logits(m, ex.inputIds()), ex.logits());
    assertTrue(diff <= ParityTest.TOLERANCE, variant + ": GGUF logits differ from PyTorch by " + diff);
    float refDiff = Fixtures.maxAbsDiff(logits(m.reference(true), ex.inputIds()), ex.logits());
    assertTrue(refDiff <= ParityTest.TOLERANCE, variant + ": reference logits differ by " + refDiff);
  }

  @ParameterizedTest
  @ValueSource(strings = {"f32", "q8_0"})
  void ourWriterWritesWhatGgufPyWrites(String type) throws Exception {
    for (String variant : ROTARY) {
      Path ours = tmp.resolve(variant + "." + type + ".gguf");
      GgufExport.write(Falcon.load(Fixtures.dir(variant)), type.equals("f32") ? GgmlType.F32 : GgmlType.Q8_0, null, ours);
      GgufFile a = GgufFile.read(pyGguf(variant, type));
      GgufFile b = GgufFile.read(ours);
      for (String key : List.of("falcon.embedding_length", "falcon.block_count", "falcon.attention.head_count",
          "falcon.attention.head_count_kv", "falcon.context_length", "general.file_type")) {
        assertEquals(a.integer(key), b.integer(key), variant + " " + key);
      }
      assertEquals(a.string("falcon.tensor_data_layout"), b.string("falcon.tensor_data_layout"));
      assertEquals(a.tensors().size(), b.tensors().size(), variant);
      for (GgufFile.TensorInfo ta : a.tensors()) {
        GgufFile.TensorInfo tb = b.tensor(ta.name());
        assertTrue(tb != null, variant + ": we do not write " + ta.name());
        assertArrayEquals(ta.dims(), tb.dims(), ta.name());
        assertEquals(ta.type(), tb.type(), ta.name());
        assertArrayEquals(bytes(pyGguf(variant, type), a, ta), bytes(ours, b, tb), variant + ": data of " + ta.name());
      }
    }
  }

  static byte[] bytes(Path file, GgufFile g, GgufFile.TensorInfo t) throws IOException {
    long off = g.dataOffset(t);
    long n = t.numel() / t.ggmlType().blockSize * t.ggmlType().typeSize;
    byte[] all = Files.readAllBytes(file);
    return java.util.Arrays.copyOfRange(all, (int) off, (int) (off + n));
  }

  @ParameterizedTest
  @ValueSource(strings = {"falcon-7b-style", "falcon-40b-style", "falcon-newarch-1ln"})
  void q8ForwardAgreesWithTheDequantisedFloatForward(String variant) throws Exception {
    Fixtures.Expected ex = Fixtures.expected(variant);
    Falcon q8 = Falcon.load(pyGguf(variant, "q8_0"));
    assertTrue(q8.blocks().get(0).attn().qkv().weight().isQ8());
    Path f32 = tmp.resolve("dequantised.gguf");
    GgufExport.write(q8, GgmlType.F32, null, f32);            // the same weights, d·q, as float32
    Falcon dense = Falcon.load(f32);
    float[] want = logits(dense, ex.inputIds());
    float diff = Fixtures.maxAbsDiff(logits(q8, ex.inputIds()), want);
    assertTrue(diff <= 1e-4f, variant + ": Q8_0 kernels differ from the dequantised forward by " + diff);
    float refDiff = Fixtures.maxAbsDiff(logits(q8.reference(true), ex.inputIds()), want);
    assertTrue(refDiff <= 1e-4f, variant + ": Q8_0 scalar reference differs by " + refDiff);
    // decode (one token at a time) goes through the matrix-vector kernel; it must give the prefill's last logits
    KvCache cache = q8.newCache();
    float[] last = null;
    for (int id : ex.inputIds()) last = q8.reference(false).forwardLast(new int[] {id}, cache);
    int v = q8.config().vocabSize();
    float[] prefillLast = java.util.Arrays.copyOfRange(want, want.length - v, want.length);
    assertTrue(Fixtures.maxAbsDiff(last, prefillLast) <= 1e-4f, variant + ": Q8_0 decode differs from prefill");
  }

  /** Every matrix type: the weights read back are the written ones within the type's rounding. */
  @ParameterizedTest
  @ValueSource(strings = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
  void everyTypeRoundTrips(String typeName) throws Exception {
    GgmlType type = GgmlType.valueOf(typeName);
    Falcon src = Falcon.load(Fixtures.dir("falcon-40b-style"));
    Path f = tmp.resolve("m.gguf");
    GgufExport.write(src, type, null, f);
    Falcon back = Falcon.load(f);
    assertEquals(src.config(), back.config());
    Matrix a = src.blocks().get(1).attn().qkv().weight();   // the reordered one
    Matrix b = back.blocks().get(1).attn().qkv().weight();
    float[] ra = new float[a.cols()];
    float[] rb = new float[b.cols()];
    for (int r = 0; r < a.rows(); r++) {
      a.rowTo(r, ra, 0);
      b.rowTo(r, rb, 0);
      for (int blk = 0; blk < ra.length; blk += 32) {
        float amax = 0;
        for (int j = blk; j < blk + 32; j++) amax = Math.max(amax, Math.abs(ra[j]));
        for (int j = blk; j < blk + 32; j++) {
          // half a quantisation step (amax/127 for Q8_0, amax/8 for Q4_0) plus the f16 rounding of the scale
          float bound = switch (type) {
            case F32 -> 0f;
            case F16 -> Math.abs(ra[j]) * 0x1p-11f;
            case BF16 -> Math.abs(ra[j]) * 0x1p-8f;
            case Q8_0 -> amax / 127 * 0.5f + Math.abs(ra[j]) * 0x1p-11f + 1e-9f;
            case Q4_0 -> amax / 8 + Math.abs(ra[j]) * 0x1p-11f + 1e-9f;
          };
          assertTrue(Math.abs(ra[j] - rb[j]) <= bound, type + " row " + r + " col " + j + ": " + ra[j] + " read back as " + rb[j]);
        }
      }
    }
    assertEquals(type == GgmlType.Q8_0, b.isQ8());
    assertEquals(type == GgmlType.BF16, b.isBf16());
    assertEquals(type == GgmlType.F16, b.isF16());
  }

  /**
   * F16 weights kept as halves give the logits of the same weights widened to float32 (an F32 GGUF written from the
   * F16 model: the widening is exact), in one prefill and token by token through the decode kernels, mapped and on
   * the heap; and they take 2 bytes a weight where the F32 copy takes 4.
   */
  @Test
  void f16KeptAsHalvesEqualsTheWidenedFloat32() throws Exception {
    String variant = "falcon-40b-style";
    Path f16 = tmp.resolve("f16.gguf"), f32 = tmp.resolve("f32.gguf");
    GgufExport.write(Falcon.load(Fixtures.dir(variant)), GgmlType.F16, null, f16);
    GgufExport.write(Falcon.load(f16), GgmlType.F32, null, f32);
    Falcon wide = Falcon.load(f32);
    int[] ids = Fixtures.expected(variant).inputIds();
    String was = System.getProperty("falconet.weights");
    try {
      for (String where : new String[] {"mapped", "heap"}) {
        System.setProperty("falconet.weights", where);
        Falcon half = Falcon.load(f16);
        Matrix up = half.blocks().get(0).mlp().up().weight();
        assertTrue(up.isF16() && !up.isBf16() && up.data() == null, where);
        assertEquals(where.equals("heap"), up.isOnHeap());
        assertEquals(2L * up.rows() * up.cols(), up.bytes());
        assertEquals(wide.decodeWeightBytes(), 2 * half.decodeWeightBytes());
        float diff = Fixtures.maxAbsDiff(logits(half, ids), logits(wide, ids));
        assertTrue(diff <= 1e-5f, where + ": prefill logits differ by " + diff);
        KvCache a = half.newCache(), b = wide.newCache();
        for (int id : ids) {
          diff = Fixtures.maxAbsDiff(half.forwardLast(new int[] {id}, a), wide.forwardLast(new int[] {id}, b));
          assertTrue(diff <= 1e-5f, where + ": decode logits differ by " + diff);
        }
      }
    } finally {
      if (was == null) System.clearProperty("falconet.weights");
      else System.setProperty("falconet.weights", was);
    }
    long weights = 0;
    for (Block blk : wide.blocks()) {
      for (Matrix m : new Matrix[] {blk.attn().qkv().weight(), blk.attn().dense().weight(), blk.mlp().up().weight(),
          blk.mlp().down().weight()}) {
        weights += (long) m.rows() * m.cols();
      }
    }
    weights += (long) wide.lmHead().rows() * wide.lmHead().cols();
    assertEquals(4 * weights, wide.decodeWeightBytes());
  }

  /** The check: an F16 GGUF gives the logits of the same (F16) weights read from safetensors. */
  @Test
  void f16GgufEqualsF16Safetensors() throws Exception {
    String variant = "falcon-40b-style";
    Checkpoint ck = Checkpoint.open(Fixtures.dir(variant));
    Path dir = Files.createDirectories(tmp.resolve("f16"));
    Files.copy(Fixtures.dir(variant).resolve("config.json"), dir.resolve("config.json"));
    List<SafetensorsWriter.Spec> specs = new ArrayList<>();
    for (String name : ck.names()) {
      Tensor t = ck.tensor(name, ck.shape(name));
      specs.add(new SafetensorsWriter.Spec(name, DType.F16, t.shape(), (r, out) -> t.rowTo(r, out, 0)));
    }
    SafetensorsWriter.write(dir.resolve("model.safetensors"), specs);
    Path gguf = tmp.resolve("f16.gguf");
    GgufExport.write(Falcon.load(Fixtures.dir(variant)), GgmlType.F16, null, gguf);
    int[] ids = Fixtures.expected(variant).inputIds();
    float diff = Fixtures.maxAbsDiff(logits(Falcon.load(gguf), ids), logits(Falcon.load(dir), ids));
    assertTrue(diff <= 1e-5f, "F16 GGUF and F16 safetensors differ by " + diff);
  }

  // ---- broken files ----

  Path copy(String variant, String type) throws IOException {
    Path f = tmp.resolve(variant + "-" + type + ".gguf");
    Files.copy(pyGguf(variant, type), f);
    return f;
  }

  static String message(Path f) {
    return assertThrows(IOException.class, () -> Falcon.load(f)).getMessage();
  }

  @Test
  void truncatedFileNamesTheTensorCut() throws Exception {
    Path f = copy("falcon-7b-style", "q8_0");
    GgufFile g = GgufFile.read(f);
    GgufFile.TensorInfo last = g.tensors().stream().max(java.util.Comparator.comparingLong(GgufFile.TensorInfo::offset)).orElseThrow();
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(g.dataOffset(last) + 10);
    }
    String msg = message(f);
    assertTrue(msg.contains("tensor '" + last.name() + "'") && msg.contains("truncated"), msg);
  }

  @Test
  void unknownTypeNamesTheTensor() throws Exception {
    Path f = copy("falcon-7b-style", "f32");
    GgufFile g = GgufFile.read(f);
    GgufFile.TensorInfo t = g.tensor("blk.1.ffn_up.weight");
    // the type field sits 12 bytes before the end of the entry's offset field; find the entry by its name
    byte[] all = Files.readAllBytes(f);
    int at = indexOf(all, t.name().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + t.name().length() + 4 + 8 * t.dims().length;
    ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 12);   // Q4_K
    Files.write(f, all);
    String msg = message(f);
    assertTrue(msg.contains("tensor 'blk.1.ffn_up.weight' has ggml type 12"), msg);
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void missingOrMisshapenTensorsAreNamed() throws Exception {
    Falcon m = Falcon.load(Fixtures.dir("falcon-7b-style"));
    Path f = tmp.resolve("m.gguf");
    GgufExport.write(m, GgmlType.F32, null, f);
    byte[] all = Files.readAllBytes(f);
    byte[] renamed = all.clone();
    int at = indexOf(renamed, "blk.1.attn_output.weight".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    renamed[at + 4] = 'x';                                   // blk.1.xttn_output.weight
    Files.write(f, renamed);
    assertTrue(message(f).contains("missing tensor blk.1.attn_output.weight"), message(f));
    byte[] reshaped = all.clone();
    at = indexOf(reshaped, "output_norm.weight".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ByteBuffer.wrap(reshaped).order(ByteOrder.LITTLE_ENDIAN).putLong(at + 18 + 4, 32);   // dims[0] 64 → 32
    Files.write(f, reshaped);
    assertTrue(message(f).contains("tensor output_norm.weight has ggml shape [32] but the config implies [64]"), message(f));
  }

  @Test
  void notFalconIsRefused() throws Exception {
    Path f = tmp.resolve("x.gguf");
    new org.falconet.gguf.GgufWriter().putString("general.architecture", "llama").write(f);
    assertTrue(message(f).contains("general.architecture 'llama' is not falcon"), message(f));
  }
}
