package org.falconet.filter.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Gopher measures of fourteen real documents against golden values computed by an independent
 * Python implementation ({@code golden/compute_golden.py}, provenance in {@code golden/PROVENANCE.md}).
 */
class GoldenMeasuresTest {
  private static final String DIR = "/org/falconet/filter/quality/golden/";
  private static final double TOLERANCE = 1e-9;

  private static String resource(String name) throws IOException {
    try (InputStream in = GoldenMeasuresTest.class.getResourceAsStream(DIR + name)) {
      assertTrue(in != null, "missing test resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode golden() throws IOException {
    return new ObjectMapper().readTree(resource("golden.json"));
  }

  @Test
  void repetitionMeasuresMatchTheIndependentScript() throws IOException {
    GopherRepetitionFilter filter = GopherRepetitionFilter.paper();
    JsonNode golden = golden();
    assertTrue(golden.size() >= 12, "a dozen documents");
    List<String> checked = new ArrayList<>();
    for (Iterator<String> it = golden.fieldNames(); it.hasNext(); ) {
      String file = it.next();
      JsonNode want = golden.get(file).get("repetition");
      GopherRepetitionFilter.Measures got = filter.measure(resource(file));
      assertEquals(want.get("dup_line_frac").asDouble(), got.dupLineFrac(), TOLERANCE, file);
      assertEquals(want.get("dup_para_frac").asDouble(), got.dupParaFrac(), TOLERANCE, file);
      assertEquals(want.get("dup_line_char_frac").asDouble(), got.dupLineCharFrac(), TOLERANCE, file);
      assertEquals(want.get("dup_para_char_frac").asDouble(), got.dupParaCharFrac(), TOLERANCE, file);
      compare(file + " top", want.get("top_n_gram_char_frac"), got.topNGramCharFrac());
      compare(file + " dup", want.get("dup_n_gram_char_frac"), got.dupNGramCharFrac());
      checked.add(file);
    }
    assertEquals(golden.size(), checked.size());
  }

  private static void compare(String what, JsonNode want, Map<Integer, Double> got) {
    assertEquals(want.size(), got.size(), what);
    want.fields().forEachRemaining(e ->
        assertEquals(e.getValue().asDouble(), got.get(Integer.parseInt(e.getKey())), TOLERANCE, what + " n=" + e.getKey()));
  }

  @Test
  void qualityMeasuresMatchTheIndependentScript() throws IOException {
    GopherQualityFilter filter = GopherQualityFilter.paper();
    JsonNode golden = golden();
    for (Iterator<String> it = golden.fieldNames(); it.hasNext(); ) {
      String file = it.next();
      JsonNode want = golden.get(file).get("quality");
      GopherQualityFilter.Measures got = filter.measure(resource(file));
      assertEquals(want.get("words").asInt(), got.words(), file);
      assertEquals(want.get("stop_words").asInt(), got.stopWords(), file);
      assertEquals(want.get("mean_word_length").asDouble(), got.meanWordLength(), TOLERANCE, file);
      assertEquals(want.get("hash_ratio").asDouble(), got.hashRatio(), TOLERANCE, file);
      assertEquals(want.get("ellipsis_ratio").asDouble(), got.ellipsisRatio(), TOLERANCE, file);
      assertEquals(want.get("bullet_line_frac").asDouble(), got.bulletLineFrac(), TOLERANCE, file);
      assertEquals(want.get("ellipsis_line_frac").asDouble(), got.ellipsisLineFrac(), TOLERANCE, file);
      assertEquals(want.get("alpha_word_frac").asDouble(), got.alphaWordFrac(), TOLERANCE, file);
    }
  }
}
