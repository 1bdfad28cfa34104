package org.falconet.filter.url;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.falconet.crawl.Manifest;
import org.falconet.crawl.WarcSource;
import org.falconet.pipeline.Filter.Verdict;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;

/** On the sample crawl, the URL filter removes exactly the pages planted for it, each for its planted reason. */
class UrlFilterSampleTest {

  static final Path CRAWL = Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/crawl");

  @Test
  void removesExactlyThePlantedUrls() throws IOException {
    Map<String, String> planted = new TreeMap<>();
    for (Map<String, String> row : Manifest.rows(CRAWL.resolve("MANIFEST.tsv"))) {
      if (row.get("expected_stage").equals("url_filter")) {
        planted.put(row.get("record_id"), row.get("defect"));
      }
    }
    Map<String, String> removed = new TreeMap<>();
    UrlFilter filter = new UrlFilter();
    WarcSource source = new WarcSource();
    List<Path> files;
    try (Stream<Path> s = Files.list(CRAWL)) {
      files = s.filter(source::accepts).sorted().toList();
    }
    for (Path f : files) {
      source.read(f, o -> {
        if (o instanceof Outcome.Kept) {
          Verdict v = filter.check(o.document());
          if (!v.keeps()) {
            removed.put(o.document().id(), v.reason());
          }
        }
      });
    }
    assertEquals(planted, removed);
  }
}
