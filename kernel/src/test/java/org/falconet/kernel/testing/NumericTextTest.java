package org.falconet.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NumericTextTest {
  @Test
  void lastBitsOfADecimalFromAnotherCpuAgree() {
    // The difference issue 19 saw: notebook 15's TruthfulQA MC2 on AVX2 against AVX-512 (1.2e-7 relative).
    assertTrue(NumericText.agree("mc2 0.47100435627446974", "mc2 0.47100441451423114"));
    assertTrue(NumericText.agree("loss 3.4567 after 40 steps", "loss 3.4568 after 40 steps"));   // one unit, last digit
    assertTrue(NumericText.agree("<td>1.2e-05</td>", "<td>1.2000001e-05</td>"));
    assertTrue(NumericText.agree("|   0.4710  |", "|  0.47100001  |"));   // padding follows the width
  }

  @Test
  void aChangedCountWordOrRealDifferenceStillFails() {
    assertFalse(NumericText.agree("kept 709 of 1361", "kept 710 of 1361"));
    assertFalse(NumericText.agree("kept 709", "lost 709"));
    assertFalse(NumericText.agree("mc2 0.4710", "mc2 0.4720"));      // ten units in the last digit
    assertFalse(NumericText.agree("share 0.47", "share 0.48"));      // two digits shown: no last-digit allowance
    assertFalse(NumericText.agree("3.5 tokens", "3 tokens"));        // another format is another output
    assertFalse(NumericText.agree("a 1.0 b", "a 1.0 b 2"));          // one more number
    assertFalse(NumericText.agree("x=0.5", "x=-0.5"));
  }

  @Test
  void numbersInsideNamesAreText() {
    assertEquals(List.of("falcon-7b uses x86 and ", "1.5", " GB"), NumericText.split("falcon-7b uses x86 and 1.5 GB"));
    assertEquals(List.of("12ms v1.0.0"), NumericText.split("12ms v1.0.0"));
    assertFalse(NumericText.agree("falcon-7b", "falcon-8b"));
    assertEquals(List.of("", "-3", " then ", "4.5e-3", ""), NumericText.split("-3 then 4.5e-3"));
  }

  @Test
  void integersAreExactAndDecimalsUseTheStatedTolerance() {
    assertTrue(NumericText.numbersAgree("1000.0", "1000.09"));     // 9e-5 relative
    assertFalse(NumericText.numbersAgree("1000.0", "1000.2"));     // 2e-4 relative, two units of the last digit
    assertFalse(NumericText.numbersAgree("1000", "1000.0"));
    assertTrue(NumericText.numbersAgree("2026", "2026"));
  }
}
