package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedSequencesTest {
  private static List<int[]> docs(int n) {
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < n; d++) {
      int[] doc = new int[3 + d % 4];
      Arrays.fill(doc, 100 + d);
      docs.add(doc);
    }
    return docs;
  }

  @Test
  void documentsAreSeparatedByEndOfTextAndSplitWhole() {
    PackedSequences p = PackedSequences.pack(docs(50), 11, 0.2, 3);
    int[] all = new int[p.trainTokens().length + p.validationTokens().length];
    int eot = 0;
    for (int[] stream : new int[][] {p.trainTokens(), p.validationTokens()}) {
      for (int i = 0; i < stream.length; i++) {
        if (stream[i] == 11) {
          eot++;
        } else {
          assertTrue(i + 1 < stream.length, "every document ends with <|endoftext|>");
        }
      }
    }
    assertEquals(50, eot);
    assertEquals(docs(50).stream().mapToInt(d -> d.length + 1).sum(), all.length);
    // No document appears in both streams.
    for (int t : p.validationTokens()) {
      if (t != 11) {
        assertTrue(Arrays.stream(p.trainTokens()).noneMatch(x -> x == t));
      }
    }
    assertTrue(p.validationTokens().length > 0);
  }

  @Test
  void targetsAreInputsShiftedByOneAndTheSamplerResumes() {
    PackedSequences p = PackedSequences.pack(docs(80), 11, 0.1, 3);
    PackedSequences.Sampler s = p.sampler(2, 5, 42, 0);
    s.next();
    s.next();
    PackedSequences.Batch third = s.next();
    for (int b = 0; b < 2; b++) {
      for (int t = 0; t < 4; t++) {
        assertEquals(third.inputs()[b * 5 + t + 1], third.targets()[b * 5 + t]);
      }
    }
    PackedSequences.Batch resumed = p.sampler(2, 5, 42, 2).next();
    assertArrayEquals(third.inputs(), resumed.inputs());
    assertArrayEquals(third.targets(), resumed.targets());
  }
}
