package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./falconet dedup} end to end on JSONL: the three stages, curate's output layout, the URL set across runs. */
class DedupCommandTest {
  @TempDir
  Path tmp;

  static final String NEWS = "The city council met on Tuesday evening to discuss the new budget for the public "
      + "library, the repair of three bridges over the river and a proposal to extend the tram line to the "
      + "northern suburbs, which residents have requested for more than ten years.";

  static List<Document> docs() {
    List<Document> docs = new ArrayList<>();
    docs.add(Document.ofText("orig", "https://news.example.com/council", NEWS));
    docs.add(Document.ofText("near", "https://mirror.example.org/council", NEWS.replace("Tuesday", "TUESDAY!")));
    docs.add(Document.ofText("other", "https://news.example.com/weather?utm_source=feed",
        "Rain is expected over the weekend with temperatures falling to five degrees at night."));
    docs.add(Document.ofText("again", "http://NEWS.example.com:80/weather#today",
        "A different text on the same page address, seen again later in the crawl."));
    return docs;
  }

  static int run(String... args) {
    CommandLine cl = Falconet.commandLine();
    cl.setErr(new PrintWriter(new StringWriter()));
    return cl.execute(args);
  }

  static List<String> removedReasons(Path out) throws IOException {
    List<String> reasons = new ArrayList<>();
    try (Stream<Path> files = Files.list(out.resolve("removed"))) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f.getFileName().toString().endsWith(".gz")
            ? gunzip(f) : f)) {
          reasons.add(line.replaceAll(".*\"id\":\"([^\"]*)\".*\"reason\":\"([^\"]*)\".*", "$1:$2"));
        }
      }
    }
    reasons.sort(null);
    return reasons;
  }

  static Path gunzip(Path f) throws IOException {
    Path out = Files.createTempFile("removed", ".jsonl");
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
      Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return out;
  }

  @Test
  void runsTheThreeStagesWithCuratesLayout() throws IOException {
    Path in = tmp.resolve("in.jsonl");
    JsonlFiles.write(in, docs());
    Path out = tmp.resolve("out");
    assertEquals(0, run("dedup", "--input", in.toString(), "--output", out.toString(), "--threads", "1"));
    assertTrue(Files.exists(out.resolve("stats.json")));
    assertEquals(List.of("again:url_duplicate", "near:minhash_duplicate"), removedReasons(out));
    List<Document> kept = new ArrayList<>();
    try (Stream<Path> files = Files.list(out.resolve("kept"))) {
      for (Path f : files.filter(JsonlFiles::isJsonl).sorted().toList()) {
        kept.addAll(JsonlFiles.readAll(f));
      }
    }
    assertEquals(List.of("orig", "other"), kept.stream().map(Document::id).toList());
    String stats = Files.readString(out.resolve("stats.json"));
    for (String stage : DedupCommand.DEDUP_STAGES) {
      assertTrue(stats.contains(stage), stage + " in stats.json");
    }
  }

  @Test
  void urlSetCarriesAcrossRuns() throws IOException {
    Path set = tmp.resolve("urls.bin");
    Path first = tmp.resolve("part1.jsonl");
    JsonlFiles.write(first, docs().subList(2, 3));
    assertEquals(0, run("dedup", "--input", first.toString(), "--output", tmp.resolve("o1").toString(),
        "--stages", "url_dedup", "--url-set", set.toString()));
    Path second = tmp.resolve("part2.jsonl");
    JsonlFiles.write(second, docs().subList(3, 4));
    assertEquals(0, run("dedup", "--input", second.toString(), "--output", tmp.resolve("o2").toString(),
        "--stages", "url_dedup", "--url-set", set.toString()));
    assertEquals(List.of("again:url_duplicate"), removedReasons(tmp.resolve("o2")));
  }

  @Test
  void unknownStageIsAnError() throws IOException {
    Path in = tmp.resolve("in.jsonl");
    JsonlFiles.write(in, docs());
    assertEquals(1, run("dedup", "--input", in.toString(), "--output", tmp.resolve("o").toString(),
        "--stages", "gopher_quality"));
  }
}
