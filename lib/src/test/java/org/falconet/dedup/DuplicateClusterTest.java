package org.falconet.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.falconet.dedup.minhash.MinHashDeduplicator;
import org.falconet.dedup.url.UrlDeduplicator;
import org.falconet.pipeline.JsonlSource;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.pipeline.RunStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Clusters read back from a run of the pipeline runner, shown as a table and as HTML. */
class DuplicateClusterTest {
  @TempDir
  Path tmp;

  static final String STORY = "Local bakery wins the regional bread contest for the third year in a row, "
      + "with a sourdough loaf made from flour milled in the village and water from the old well behind "
      + "the church, the judges said on Sunday afternoon.";

  @Test
  void clustersFromARunOfTheRunner() throws IOException {
    Path in = tmp.resolve("in.jsonl");
    JsonlFiles.write(in, List.of(
        Document.ofText("a", "https://a.example/bread", STORY),
        Document.ofText("x", "https://x.example/", "Nothing to do with bread: the train timetable changes in May."),
        Document.ofText("b", "https://b.example/bread", STORY.replace("Sunday", "SUNDAY") + " "),
        Document.ofText("c", "https://c.example/bread", "Breaking: " + STORY)));
    Path out = tmp.resolve("out");
    RunStats stats = new PipelineRunner(new JsonlSource(),
        List.of(new MinHashDeduplicator(), new UrlDeduplicator()), new PipelineRunner.Options(1, 2))
        .run(List.of(in), out);
    assertEquals(2, stats.stage("minhash_dedup").removed());

    List<DuplicateCluster> clusters = DuplicateCluster.fromRun(out, "minhash_dedup");
    assertEquals(1, clusters.size());
    DuplicateCluster c = clusters.get(0);
    assertEquals(List.of("a", "b", "c"), c.members().stream().map(DuplicateCluster.Member::id).toList());
    Table t = c.table();
    assertEquals(List.of("kept", "removed", "removed"), t.stringColumn("role").asList());
    assertEquals(STORY.length(), t.intColumn("chars").get(0));
    String html = c.html(40);
    assertTrue(html.contains("<th") && html.contains("https://c.example/bread") && html.contains("…"), html);
    assertTrue(!html.contains(STORY), "texts cut at 40 characters");
  }

  @Test
  void htmlEscapesText() {
    DuplicateCluster c = new DuplicateCluster("minhash_dedup",
        List.of(new DuplicateCluster.Member("1", null, "<script>x & y</script>")));
    assertTrue(c.html().contains("&lt;script&gt;x &amp; y&lt;/script&gt;"));
    // Left-aligned without styles too (Jupyter right-aligns cells; untrusted notebooks drop styles).
    assertTrue(c.html().contains("<div align=\"left\">&lt;script&gt;x &amp; y&lt;/script&gt;</div></td>"), c.html());
  }
}
