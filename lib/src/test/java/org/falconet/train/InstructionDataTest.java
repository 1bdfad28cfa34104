package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstructionDataTest {
  /** One token per character, so positions can be counted by hand. */
  private static int[] chars(String s) {
    return s.chars().toArray();
  }

  @Test
  void onlyResponseTokensAreTargets() {
    InstructionData.Example e = new InstructionData.Example("Hi?", "Yo");
    InstructionData.Encoded enc = InstructionData.encode(e, InstructionDataTest::chars, 0);
    String prompt = "User: Hi?\nAssistant:";
    assertEquals(prompt.length(), enc.responseStart());
    assertEquals(prompt.length() + 3 + 1, enc.tokens().length);   // " Yo" + <|endoftext|>
    PackedSequences.Batch b = InstructionData.batch(List.of(enc), 1, 32, 0, new SplittableRandom(1));
    int start = enc.responseStart();
    for (int t = 0; t < 32; t++) {
      int expected = t + 1 >= start && t + 1 < enc.tokens().length ? enc.tokens()[t + 1] : -1;
      assertEquals(expected, b.targets()[t], "target at " + t);
    }
    assertEquals(' ', b.targets()[start - 1]);                     // the last prompt position predicts the response
    assertEquals(0, b.targets()[enc.tokens().length - 2]);         // and the response ends with <|endoftext|>
  }
}
