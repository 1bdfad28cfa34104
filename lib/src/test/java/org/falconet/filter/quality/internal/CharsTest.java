package org.falconet.filter.quality.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whitespace set against Python 3.11's {@code str.isspace()}, which the golden script uses. */
class CharsTest {

  @Test
  void whitespaceIsPythonsIsspace() {
    // Printed by: /usr/bin/python3 -c "print([hex(c) for c in range(0x10000) if chr(c).isspace()])"
    List<Integer> python = List.of(0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
        0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029,
        0x202f, 0x205f, 0x3000);
    List<Integer> ours = new ArrayList<>();
    for (int c = 0; c < 0x10000; c++) {
      if (Chars.isSpace((char) c)) {
        ours.add(c);
      }
    }
    assertEquals(python, ours);
  }

  @Test
  void punctuationIsUnicodeCategoryP() {
    // Python: ''.join(chr(c) for c in range(128) if unicodedata.category(chr(c)).startswith('P'))
    String python = "!\"#%&'()*,-./:;?@[\\]_{}";
    StringBuilder ours = new StringBuilder();
    for (int c = 0; c < 128; c++) {
      if (Chars.isPunctuation(c)) {
        ours.append((char) c);
      }
    }
    assertEquals(python, ours.toString());
    assertEquals(true, Chars.isPunctuation('…'));
    assertEquals(true, Chars.isPunctuation('«'));
    assertEquals(false, Chars.isPunctuation('€'));
  }

  @Test
  void codePointsCountSurrogatePairsOnce() {
    assertEquals(3, Chars.codePoints("a😀b", 0, 4));
  }
}
