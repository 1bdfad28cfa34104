package org.falconet.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerplexityTest {

  @Test
  void windowsPredictEveryTokenExactlyOnce() {
    int[] tokens = new int[23];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = 100 + i;
    }
    List<int[][]> windows = Perplexity.windows(tokens, 7, 8);
    List<Integer> predicted = new ArrayList<>();
    for (int[][] w : windows) {
      assertEquals(true, w[0].length + w[1].length <= 9, "context + window fits maxLength + 1");
      for (int t : w[1]) {
        predicted.add(t);
      }
    }
    List<Integer> all = new ArrayList<>();
    for (int t : tokens) {
      all.add(t);
    }
    assertEquals(all, predicted);
    assertArrayEquals(new int[] {7}, windows.get(0)[0]);
    // Later windows see the tokens just before them.
    assertArrayEquals(new int[] {107}, windows.get(1)[0]);
  }

  @Test
  void bitsPerByteOfAUniformModelIsKnown() {
    // Every character has p = 1/256 under a model with nothing listed: ln(256) per byte of ASCII = 8 bits.
    CharUnigramModel uniform = new CharUnigramModel(Map.of((char) 0, 1.0 / 256 * 2));
    Perplexity.Result r = Perplexity.evaluate(List.of("some ascii text", "more"), uniform);
    double pRest = (1 - 2.0 / 256) / 254;
    assertEquals(-Math.log(pRest) / Math.log(2), r.bitsPerByte(), 1e-12);
    assertEquals(19, r.bytes());
    assertEquals(4, r.words());
    assertEquals(Math.exp(-r.logLikelihood() / 4), r.wordPerplexity(), 1e-9);
  }
}
