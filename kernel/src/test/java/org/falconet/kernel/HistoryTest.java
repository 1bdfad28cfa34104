package org.falconet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.falconet.kernel.wire.Message;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static History history() {
    History h = new History();
    h.add(1, "int a = 1;", "");
    h.add(2, "6 * 7", "42");
    h.add(3, "6 * 7", "42");
    h.add(4, "a + 1", "2");
    return h;
  }

  private static ObjectNode req(String type) {
    return Message.object().put("hist_access_type", type).put("output", false).put("raw", true);
  }

  @Test
  void tailGivesTheLastN() {
    assertEquals("[[1,3,\"6 * 7\"],[1,4,\"a + 1\"]]", history().answer(req("tail").put("n", 2)).toString());
  }

  @Test
  void rangeIsHalfOpenAndOutputPairsInputWithOutput() {
    assertEquals("[[1,2,[\"6 * 7\",\"42\"]]]",
        history().answer(req("range").put("session", 1).put("start", 2).put("stop", 3).put("output", true)).toString());
  }

  @Test
  void searchMatchesWholeInputsByGlobWithUniqueAndN() {
    assertEquals(2, history().answer(req("search").put("pattern", "6*7")).size());
    assertEquals("[[1,3,\"6 * 7\"]]", history().answer(req("search").put("pattern", "6*7").put("unique", true)).toString());
    assertEquals(1, history().answer(req("search").put("pattern", "a?+ 1")).size());
    assertEquals(0, history().answer(req("search").put("pattern", "7")).size());
  }
}
