package org.falconet.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.falconet.pipeline.Outcome;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reader against the sample crawl's manifest, written by the script that made the crawl. */
class SampleCrawlTest {

  static final Path CRAWL = Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/crawl");
  static List<Map<String, String>> manifest;
  static Map<String, Outcome> byId = new HashMap<>();
  static int outcomes;

  @BeforeAll
  static void readAll() throws IOException {
    manifest = Manifest.rows(CRAWL.resolve("MANIFEST.tsv"));
    try (Stream<Path> files = Files.list(CRAWL)) {
      for (Path f : files.filter(RefinedWeb.source()::accepts).sorted().toList()) {
        new WarcSource().read(f, o -> {
          byId.put(o.document().id(), o);
          outcomes++;
        });
      }
    }
  }

  @Test
  void everyResponseRecordIsOneOutcomeAndNothingElseIs() {
    assertEquals(manifest.size(), outcomes);
    assertEquals(manifest.size(), byId.size());
  }

  @Test
  void nonHtmlAndNon200AreRemovedWithTheirReasonsAndEverythingElseIsKept() {
    for (Map<String, String> row : manifest) {
      Outcome o = byId.get(row.get("record_id"));
      assertNotNull(o, row.get("record_id"));
      String want = switch (row.get("defect")) {
        case "not_html" -> "not_html";
        case "http_status_not_200" -> "http_status_not_200";
        default -> "kept";
      };
      assertEquals(want, WarcSourceTest.reason(o), row.toString());
      assertEquals(row.get("url"), o.document().url());
      assertEquals(Integer.parseInt(row.get("http_status")), o.document().meta("http_status"));
    }
  }

  static final Map<String, Set<String>> CHARSET_NAMES = Map.of(
      "utf-8", Set.of("UTF-8"), "windows-1252", Set.of("windows-1252"), "shift_jis", Set.of("Shift_JIS"),
      "gbk", Set.of("GBK", "gb18030"), "windows-1251", Set.of("windows-1251"), "iso-8859-2", Set.of("ISO-8859-2"));
  static final Map<String, Pattern> SCRIPT = Map.of(
      "ja", Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}]"), "zh", Pattern.compile("\\p{IsHan}"),
      "ru", Pattern.compile("\\p{IsCyrillic}"));

  @Test
  void pagesAreDecodedInTheCharsetTheyWereWrittenIn() {
    int checked = 0;
    for (Map<String, String> row : manifest) {
      Outcome o = byId.get(row.get("record_id"));
      if (!(o instanceof Outcome.Kept)) {
        continue;
      }
      String html = o.document().html();
      assertTrue(CHARSET_NAMES.get(row.get("charset")).contains(o.document().meta("charset")),
          row + " read as " + o.document().meta("charset") + " (" + o.document().meta("charset_source") + ")");
      assertFalse(html.contains("\uFFFD"), row.toString());
      Pattern script = SCRIPT.get(row.get("language"));
      if (script != null) {
        assertTrue(script.matcher(html).find(), row.toString());
      }
      String declared = row.get("charset_declared");
      String source = (String) o.document().meta("charset_source");
      switch (declared) {
        case "header" -> assertEquals("http_header", source, row.toString());
        case "meta-charset", "http-equiv" -> assertEquals("meta", source, row.toString());
        default -> assertTrue(source.equals("sniffed") || source.equals("default"), row.toString());
      }
      checked++;
    }
    assertTrue(checked > 1200, "checked " + checked);
  }
}
