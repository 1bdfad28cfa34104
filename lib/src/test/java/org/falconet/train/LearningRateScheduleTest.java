package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private final LearningRateSchedule s = new LearningRateSchedule(1e-3, 1e-4, 10, 110);

  @Test
  void warmsUpLinearly() {
    assertEquals(1e-4, s.at(0), 1e-15);   // 1e-3 * 1/10
    assertEquals(5e-4, s.at(4), 1e-15);   // 1e-3 * 5/10
    assertEquals(1e-3, s.at(9), 1e-15);
  }

  @Test
  void decaysAlongHalfACosine() {
    assertEquals(1e-3, s.at(10), 1e-15);                    // cos(0) = 1: the peak
    assertEquals(1e-4 + 0.5 * 9e-4, s.at(60), 1e-15);       // halfway: cos(pi/2) = 0
    assertEquals(1e-4 + 0.5 * (1 + Math.cos(Math.PI / 4)) * 9e-4, s.at(35), 1e-15);
    assertEquals(1e-4, s.at(110), 1e-15);
    assertEquals(1e-4, s.at(1000), 1e-15);
  }
}
