package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.falconet.model.internal.HeapWeights;
import org.falconet.gguf.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weights copied onto the heap ({@code -Dfalconet.weights=heap}) and left mapped ({@code mapped}) run the decode
 * kernels over a byte[] and over a mapped buffer in the same order of operations: the same logits, bit for bit, in
 * prefill and decoding, for bf16 and Q8_0; and a bad setting is refused. The copy holds the file's bytes across
 * chunk boundaries, and {@link HeapWeights#release} unmaps the mapped chunks at once (and nothing else).
 */
class HeapWeightsTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"bf16", "q8_0"})
  void heapAndMappedWeightsGiveTheSameLogits(String type) throws Exception {
    String variant = "falcon-7b-style";
    Path file = tmp.resolve(type + ".gguf");
    GgmlType t = type.equals("bf16") ? GgmlType.BF16 : GgmlType.Q8_0;
    GgufExport.write(Falcon.load(Fixtures.dir(variant)), t, null, file);
    Fixtures.Expected ex = Fixtures.expected(variant);
    String was = System.getProperty("falconet.weights");
    try {
      System.setProperty("falconet.weights", "mapped");
      Falcon mapped = Falcon.load(file);
      System.setProperty("falconet.weights", "heap");
      Falcon heap = Falcon.load(file);
      assertFalse(mapped.blocks().get(0).mlp().up().weight().isOnHeap());
      assertTrue(heap.blocks().get(0).mlp().up().weight().isOnHeap());
      assertTrue(heap.lmHead().isOnHeap());
      // prefill (several tokens), then decoding one token at a time: the matrix-vector kernels
      KvCache a = mapped.newCache();
      KvCache b = heap.newCache();
      assertArrayEquals(mapped.forward(ex.inputIds(), a), heap.forward(ex.inputIds(), b));
      for (int id : new int[] {5, 17, 3}) {
        float[] la = mapped.forwardLast(new int[] {id}, a);
        float[] lb = heap.forwardLast(new int[] {id}, b);
        assertArrayEquals(la, lb, type + ": decode step on token " + id);
      }
      System.setProperty("falconet.weights", "sometimes");
      assertThrows(IllegalArgumentException.class, () -> Falcon.load(file));
    } finally {
      if (was == null) System.clearProperty("falconet.weights");
      else System.setProperty("falconet.weights", was);
    }
  }

  @Test
  void heapCopyHoldsTheFileBytesAcrossChunksAndReleaseUnmapsThem() throws Exception {
    int rows = 37, cols = 10;                                       // 20-byte rows, 3 per chunk: 13 chunks, the last of 1
    float[] data = new float[rows * cols];
    for (int i = 0; i < data.length; i++) data[i] = (float) Math.sin(i) * (i + 1);
    Path file = tmp.resolve("one.safetensors");
    SafetensorsWriter.write(file, List.of(SafetensorsWriter.Spec.of("w", DType.BF16, data, rows, cols)));
    byte[] whole = Files.readAllBytes(file);
    byte[] expected = Arrays.copyOfRange(whole, whole.length - rows * cols * 2, whole.length); // the only tensor ends the file
    Tensor t = SafetensorsFile.open(file).map("w", 3 * cols * 2);
    assertEquals(13, t.chunks().length);
    ByteBuffer[] copy = HeapWeights.copy(t.chunks());
    assertTrue(HeapWeights.onHeap(copy));
    byte[] joined = new byte[expected.length];
    int at = 0;
    for (ByteBuffer c : copy) {
      c.get(0, joined, at, c.limit());
      at += c.limit();
    }
    assertEquals(expected.length, at);
    assertArrayEquals(expected, joined);
    assertEquals(DType.bf16ToFloat(DType.floatToBf16(data[rows * cols - 1])), new Tensor(t.name(), t.dtype(), t.shape(),
        copy, t.rowsPerChunk()).toFloats()[rows * cols - 1]);

    assertEquals(0, HeapWeights.release(copy));                     // heap arrays: nothing to unmap
    assertEquals(0, HeapWeights.release(new ByteBuffer[] {t.chunks()[0].slice(0, 4)})); // a slice: its parent owns the mapping
    assertTrue(mappings(file) > 0 || !Files.exists(Path.of("/proc/self/maps")));
    assertEquals(13, HeapWeights.release(t.chunks()));
    assertEquals(0, mappings(file));
    assertArrayEquals(expected, joined);
  }

  @Test
  void aMatrixHandedOutTwiceIsCopiedOnceAndNotUnmappedUnderTheOtherName() throws Exception {
    // A source that hands out one mapped matrix for every layer's attention output (a legal WeightSource): the heap
    // load must copy it once and must not unmap what another name still holds; a crash or other logits would show it.
    Path bf16 = tmp.resolve("bf16.gguf");
    GgufExport.write(Falcon.load(Fixtures.dir("falcon-7b-style")), GgmlType.BF16, null, bf16);
    Fixtures.Expected ex = Fixtures.expected("falcon-7b-style");
    String was = System.getProperty("falconet.weights");
    try {
      System.setProperty("falconet.weights", "mapped");
      Falcon m = Falcon.load(sharingDense(WeightSource.open(bf16)));
      float[] mapped = m.forward(ex.inputIds(), m.newCache());
      System.setProperty("falconet.weights", "heap");
      Falcon heap = Falcon.load(sharingDense(WeightSource.open(bf16)));
      assertTrue(heap.blocks().get(1).attn().dense().weight().isOnHeap());
      assertTrue(heap.blocks().get(0).attn().dense().weight() == heap.blocks().get(1).attn().dense().weight());
      assertArrayEquals(mapped, heap.forward(ex.inputIds(), heap.newCache()));
    } finally {
      if (was == null) System.clearProperty("falconet.weights");
      else System.setProperty("falconet.weights", was);
    }
  }

  /** {@code src} with layer 0's self_attention.dense handed out for every layer's. */
  private static WeightSource sharingDense(WeightSource src) {
    return new WeightSource() {
      private Matrix dense;

      @Override
      public FalconConfig config() {
        return src.config();
      }

      @Override
      public boolean has(String name) {
        return src.has(name);
      }

      @Override
      public Matrix matrix(String name, long rows, long cols) throws IOException {
        if (!name.endsWith("self_attention.dense.weight")) return src.matrix(name, rows, cols);
        if (dense == null) dense = src.matrix(name, rows, cols);
        return dense;
      }

      @Override
      public float[] vector(String name, long n) throws IOException {
        return src.vector(name, n);
      }
    };
  }

  /** Lines of /proc/self/maps naming {@code file} (0 where there is no /proc). */
  private static long mappings(Path file) throws Exception {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.exists(maps)) return 0;
    String name = file.toRealPath().toString();
    return Files.readAllLines(maps).stream().filter(l -> l.endsWith(name)).count();
  }
}
