package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.falconet.crawl.WarcSource;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/**
 * Executes notebooks/01-common-crawl-and-warc.ipynb and checks its counts against counts made here,
 * directly with jwarc and the library's reader, and against the sample's manifest.
 */
class NotebookCommonCrawlIT {
  static final Path CRAWL = Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/crawl");

  @Test
  void countsAreTheLibrarysAndTheManifests() throws Exception {
    JsonNode nb = NotebookCheck.run("01-common-crawl-and-warc.ipynb", 300);

    List<Path> warcs;
    try (Stream<Path> s = Files.list(CRAWL)) {
      warcs = s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
    }
    Map<String, Integer> types = new TreeMap<>();
    for (Path f : warcs) {
      try (WarcReader r = new WarcReader(f)) {
        for (WarcRecord rec : r) {
          types.merge(rec.type(), 1, Integer::sum);
        }
      }
    }
    JsonNode typeCell = NotebookCells.code(nb, "byType.merge(rec.type()");
    assertEquals(4, types.size());
    types.forEach((type, n) -> assertEquals((long) n, NotebookCells.number(typeCell, type), type));

    Map<String, Integer> outcomes = new TreeMap<>();
    Map<String, Integer> contentTypes = new TreeMap<>();
    WarcSource reader = new WarcSource();
    for (Path f : warcs) {
      reader.read(f, o -> {
        outcomes.merge(o instanceof Outcome.Removed r ? "removed: " + r.reason() : "kept (an HTML page)", 1, Integer::sum);
        contentTypes.merge(String.valueOf(o.document().meta("content_type")), 1, Integer::sum);
      });
    }
    JsonNode readCell = NotebookCells.code(nb, "reader.read(f, outcomes::add)");
    outcomes.forEach((o, n) -> assertEquals((long) n, NotebookCells.number(readCell, o), o));
    long manifestRows = Files.readAllLines(CRAWL.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8).size() - 1;
    assertEquals(manifestRows, outcomes.values().stream().mapToInt(Integer::intValue).sum(), "one outcome per response");
    assertEquals(manifestRows, (long) types.get("response"));
    assertTrue(Jupyter.text(readCell).startsWith(manifestRows + " response records read"), Jupyter.text(readCell));

    JsonNode ctCell = NotebookCells.code(nb, "byContentType.merge");
    contentTypes.forEach((t, n) -> assertEquals((long) n, NotebookCells.number(ctCell, t), t));

    // languages: the planted column sums to the kept pages; English is the manifest's English among them
    JsonNode langCell = NotebookCells.code(nb, "LANG_ATTR.matcher");
    long en = NotebookCells.number(langCell, "en");
    long planted = 0;
    for (String line : Files.readAllLines(CRAWL.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
      String[] c = line.split("\t", -1);
      if (c[5].equals("en") && !c[4].equals("warc_reader")) {   // columns language, expected_stage
        planted++;
      }
    }
    assertEquals(planted, en);

    String damaged = NotebookCells.html(NotebookCells.code(nb, "reading truncated files"));
    assertTrue(damaged.contains("removed: truncated_record"), damaged);
    assertTrue(damaged.contains("removed: truncated_gzip_member"), damaged);
  }
}
