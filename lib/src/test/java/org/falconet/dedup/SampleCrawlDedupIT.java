package org.falconet.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.falconet.pipeline.CurationOutput;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline over the sample crawl: the three dedup stages remove exactly the duplicates
 * planted in it (datasets-sample/crawl/MANIFEST.tsv), each by the stage the manifest names.
 */
class SampleCrawlDedupIT {
  @TempDir
  Path tmp;

  @Test
  void everyPlantedDuplicateIsRemovedByItsStageAndNothingElse() throws Exception {
    Path crawl = Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/crawl");
    Map<String, String> defect = new HashMap<>();
    List<String> manifest = Files.readAllLines(crawl.resolve("MANIFEST.tsv"));
    for (String line : manifest.subList(1, manifest.size())) {
      String[] f = line.split("\t", -1);
      defect.put(f[1], f[3]);
    }
    List<Path> inputs;
    try (Stream<Path> s = Files.list(crawl)) {
      inputs = s.filter(p -> p.toString().endsWith(".warc.gz")).sorted().toList();
    }
    Path out = tmp.resolve("run");
    new PipelineRunner(RefinedWeb.source(), RefinedWeb.stages(RefinedWeb.STAGE_NAMES), new PipelineRunner.Options(2, 500))
        .run(inputs, out);

    Map<String, Map<String, Long>> removedByStage = new TreeMap<>();
    for (CurationOutput.Removal r : CurationOutput.open(out).removals()) {
      if (Set.of("minhash_dedup", "exact_substring_dedup", "url_dedup").contains(r.stage())) {
        removedByStage.computeIfAbsent(r.stage(), k -> new TreeMap<>()).merge(defect.getOrDefault(r.id(), "unplanted"), 1L, Long::sum);
      }
    }
    Map<String, Long> planted = defect.values().stream().collect(Collectors.groupingBy(d -> d, Collectors.counting()));
    // MinHash: near-duplicates, exact copies on other sites, and the same URL crawled again with the same content.
    assertEquals(Map.of("near_duplicate", planted.get("near_duplicate"), "exact_duplicate", planted.get("exact_duplicate"),
        "duplicate_url_same_content", planted.get("duplicate_url_same_content")), removedByStage.get("minhash_dedup"));
    // URL dedup: recrawls of a URL (tracking parameters added) with new content.
    assertEquals(Map.of("duplicate_url", planted.get("duplicate_url")), removedByStage.get("url_dedup"));
    // Exact-substring dedup cuts the shared licence passages out of pages but leaves each page enough text.
    assertEquals(null, removedByStage.get("exact_substring_dedup"));
    long cut = CurationOutput.open(out).kept().stream()
        .filter(d -> "dup_boilerplate_passage".equals(defect.get(d.id())) && d.meta("exact_dup_bytes_removed") != null).count();
    assertEquals(planted.get("dup_boilerplate_passage").longValue(), cut, "every page with a planted passage was cut");
  }
}
