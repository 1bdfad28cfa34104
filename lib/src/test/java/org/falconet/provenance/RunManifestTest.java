package org.falconet.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.falconet.pipeline.JsonlSource;
import org.falconet.pipeline.PipelineRunner;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's parts against independent truths: NIST's SHA-256 vector, the paper's parameters, git itself. */
class RunManifestTest {
  @TempDir
  Path tmp;

  @Test
  void fileDigestIsNistsSha256OfAbc() throws Exception {
    Path f = Files.writeString(tmp.resolve("abc.txt"), "abc");
    FileDigest d = FileDigest.of(f, "abc.txt");
    // FIPS 180-2, appendix B.1: SHA-256("abc").
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", d.sha256());
    assertEquals(3, d.bytes());
  }

  @Test
  void stagesAreRecordedWithThePapersParametersAndTheLanguageModel() throws Exception {
    Path in = Files.writeString(tmp.resolve("in.jsonl"), "{\"id\":\"a\",\"text\":\"hello\"}\n");
    RunManifest m = RunManifest.forCuration("curate", new JsonlSource(),
        RefinedWeb.stages(List.of("language_filter", "gopher_quality", "minhash_dedup", "pii_redaction")),
        new PipelineRunner.Options(2, 500), List.of(in));
    assertEquals(List.of("language_filter", "gopher_quality", "minhash_dedup", "pii_redaction"),
        m.stages.stream().map(RunManifest.StageEntry::name).toList());
    // RefinedWeb section 3.1: English above 0.65; Gopher: at least 50 words; appendix G.3: 450 bands of 20.
    assertEquals(0.65, m.stages.get(0).params().get("threshold").asDouble());
    assertEquals("[\"en\"]", m.stages.get(0).params().get("languages").toString());
    assertEquals(50, m.stages.get(1).params().get("minWords").asInt());
    assertEquals(450, m.stages.get(2).params().get("bands").asInt());
    assertEquals(20, m.stages.get(2).params().get("rows").asInt());
    // Sets are written sorted, so a manifest does not depend on Set.of's per-JVM iteration order.
    JsonNode words = m.stages.get(3).params().get("versionWords");
    List<String> listed = IntStream.range(0, words.size()).mapToObj(i -> words.get(i).asText()).toList();
    assertEquals(listed.stream().sorted().toList(), listed);
    RunManifest.Model lid = m.models.get(0);
    assertEquals("language_id", lid.role());
    assertEquals("embedded:lid.176.ftz", lid.file());   // the paper's model, the language filter's default
    assertEquals(Files.size(Path.of(System.getProperty("falconet.repo"),
        "lib/src/main/resources/org/falconet/filter/lang/lid.176.ftz")), lid.bytes());
    assertEquals(new RunManifest.Engine("local", 2, 500, null), m.engine);
    assertEquals("jsonl_reader", m.source);
    assertEquals(FileDigest.sha256(in), m.inputs.get(0).sha256());
  }

  record WordList(Set<String> words) {}

  @Test
  void longListsAreSummarisedByCountAndTheSha256OfTheirSortedEntries() throws Exception {
    Set<String> many = IntStream.range(0, 100).mapToObj(i -> "w" + i).collect(Collectors.toSet());
    JsonNode json = ParamsJson.of(new WordList(many));
    StringBuilder expected = new StringBuilder();
    new TreeSet<>(many).forEach(w -> expected.append(w).append('\n'));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(expected.toString().getBytes(StandardCharsets.UTF_8)));
    assertEquals(100, json.get("words").get("count").asInt());
    assertEquals(sha, json.get("words").get("sha256").asText());
    assertEquals("{\"words\":[\"a\",\"b\",\"c\"]}", ParamsJson.of(new WordList(Set.of("c", "a", "b"))).toString());
  }

  @Test
  void theCommitIsWhatGitAndTheFilesUnderDotGitBothSay() throws Exception {
    SourceVersion v = SourceVersion.current();
    Path root = SourceVersion.repositoryRoot();
    assertNotNull(root, "tests run inside the clone");
    assertTrue(v.commit().matches("[0-9a-f]{40}"), v.commit());
    // Two independent readings of HEAD: git's own, and ours of .git's files (worktree link, refs, packed refs).
    assertEquals(v.commit(), SourceVersion.readHead(root));
    assertNotNull(v.dirty(), "git is installed here, so the dirty flag is known");
    assertTrue(v.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), "Maven filled in the version: " + v.version());
  }

  @Test
  void aJarOutsideAnyCloneSaysUnknown() {
    assertNull(SourceVersion.readHead(tmp));
  }

  @Test
  void writeThenReadGivesTheSameManifestAndANewerSchemaIsRefused() throws Exception {
    Path in = Files.writeString(tmp.resolve("in.jsonl"), "{\"id\":\"a\",\"text\":\"hello\"}\n");
    Path out = Files.createDirectories(tmp.resolve("out/kept"));
    Files.writeString(out.resolve("part-00000.jsonl"), "x");
    RunManifest m = RunManifest.forCuration("curate", new JsonlSource(), RefinedWeb.stages(List.of("gopher_quality")),
        new PipelineRunner.Options(1, 10), List.of(in)).finish(tmp.resolve("out"), List.of("kept", "removed"));
    RunManifest back = RunManifest.read(tmp.resolve("out/manifest.json"));
    assertEquals(m.toJson(), back.toJson());
    assertEquals(List.of(new FileDigest("kept/part-00000.jsonl", 1,
        "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")), back.outputs); // SHA-256("x")
    assertTrue(back.finishedAt.compareTo(back.startedAt) >= 0);
    Files.writeString(tmp.resolve("out/manifest.json"),
        Files.readString(tmp.resolve("out/manifest.json")).replace("\"manifestVersion\" : 1", "\"manifestVersion\" : 99"));
    assertTrue(assertThrows(java.io.IOException.class, () -> RunManifest.read(tmp.resolve("out/manifest.json")))
        .getMessage().contains("manifest version 99 is newer"));
  }
}
