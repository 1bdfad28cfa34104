package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.falconet.gguf.GgmlType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weights copied onto the heap ({@code -Dfalconet.weights=heap}) and left mapped ({@code mapped}) run the decode
 * kernels over a byte[] and over a mapped buffer in the same order of operations: the same logits, bit for bit, in
 * prefill and decoding, for bf16 and Q8_0; and a bad setting is refused.
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
}
