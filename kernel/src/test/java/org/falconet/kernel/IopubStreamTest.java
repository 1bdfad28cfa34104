package org.falconet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IopubStreamTest {
  @Test
  void flushKeepsASplitMultiByteCharacterForTheNextFlush() {
    List<String> sent = new ArrayList<>();
    IopubStream s = new IopubStream(sent::add);
    byte[] euro = "a\u20ac".getBytes(StandardCharsets.UTF_8); // 'a' then 3 bytes
    s.write(euro, 0, 2);
    s.flush();
    s.write(euro, 2, 2);
    s.flush();
    s.flush();
    assertEquals(List.of("a", "\u20ac"), sent);
  }
}
