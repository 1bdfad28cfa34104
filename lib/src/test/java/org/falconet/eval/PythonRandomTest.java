package org.falconet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Our draws against CPython's own, recorded by python-random.py with Debian's Python 3.11. */
class PythonRandomTest {
  private final JsonNode expected;

  PythonRandomTest() throws Exception {
    expected = new ObjectMapper().readTree(getClass().getResourceAsStream("/eval/python-random.json"));
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static List<Long> longs(JsonNode arr) {
    List<Long> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asLong()));
    return out;
  }

  @Test
  void getrandbitsMatchesCPython() {
    PythonRandom r = new PythonRandom(1234);
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      got.add(r.getrandbits(32));
    }
    assertEquals(longs(expected.get("bits32")), got);
    PythonRandom big = new PythonRandom(5_000_000_000L);
    assertEquals(longs(expected.get("bits32_bigseed")), List.of(big.getrandbits(32), big.getrandbits(32), big.getrandbits(32)));
  }

  @Test
  void randbelowAndRandomMatchCPython() {
    PythonRandom r = new PythonRandom(1234);
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      got.add((long) r.randbelow(1000));
    }
    assertEquals(longs(expected.get("randbelow_1000")), got);
    PythonRandom f = new PythonRandom(1234);
    for (JsonNode d : expected.get("random")) {
      assertEquals(d.asDouble(), f.random(), 0.0);
    }
  }

  @Test
  void sampleMatchesCPythonOnBothAlgorithms() {
    PythonRandom r = new PythonRandom(1234);
    assertEquals(longs(expected.get("sample_10_of_20")), r.sample(range(20), 10).stream().map(Integer::longValue).toList());
    // Large population: CPython switches to its set-based algorithm; the generator state carries over.
    for (JsonNode draw : expected.get("sample_5_of_1119_x3")) {
      assertEquals(longs(draw), r.sample(range(1119), 5).stream().map(Integer::longValue).toList());
    }
    PythonRandom s = new PythonRandom(1234);
    assertEquals(longs(expected.get("sample_26_of_100")), s.sample(range(100), 26).stream().map(Integer::longValue).toList());
  }
}
