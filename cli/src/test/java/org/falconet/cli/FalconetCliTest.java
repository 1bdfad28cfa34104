package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FalconetCliTest {
  @TempDir
  Path tmp;

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Falconet.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int status = cl.execute(args);
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void unknownSubcommandPrintsUsageAndExitsTwo() {
    Result r = run("no-such-command");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("Usage: falconet"), r.err());
  }

  @Test
  void everySubcommandHasHelp() {
    for (String name : Falconet.commandLine().getSubcommands().keySet()) {
      Result r = run(name, "--help");
      assertEquals(0, r.status(), name);
      assertTrue(r.out().contains("Usage: falconet " + name), name + ": " + r.out());
    }
  }

  @Test
  void missingInputIsAOneLineErrorNamingIt() {
    Result r = run("curate", "--input", tmp.resolve("absent.jsonl").toString(), "--output", tmp.resolve("o").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("absent.jsonl"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void unknownStageListsTheValidOnes() throws Exception {
    Path in = tmp.resolve("in.jsonl");
    JsonlFiles.write(in, List.of(Document.ofText("a", null, "text")));
    Result r = run("curate", "--input", in.toString(), "--output", tmp.resolve("o").toString(), "--stages", "bogus_stage");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("unknown stage 'bogus_stage'") && r.err().contains("valid stages"), r.err());
  }

  @Test
  void malformedLineNamesFileAndLine() throws Exception {
    Path in = tmp.resolve("bad.jsonl");
    Files.writeString(in, "{\"id\":\"a\",\"text\":\"ok\"}\n\n{\"id\":\"b\"\n");
    Path out = tmp.resolve("o");
    Result r = run("curate", "--input", in.toString(), "--output", out.toString(), "--stages", "");
    assertEquals(1, r.status());
    assertTrue(r.err().contains(in + ":3:"), r.err());
    assertFalse(Files.exists(out.resolve("stats.json")));
  }

  @Test
  void curateWritesTheLayoutOnUserJsonl() throws Exception {
    Path in = tmp.resolve("in.jsonl");
    Files.writeString(in, "{\"id\": \"1\", \"url\": \"https://a.example/\", \"text\": \"hello\"}\n");
    Path out = tmp.resolve("o");
    Result r = run("curate", "--input", in.toString(), "--output", out.toString(), "--stages", "");
    assertEquals(0, r.status(), r.err());
    assertTrue(Files.exists(out.resolve("stats.json")));
    assertTrue(Files.exists(out.resolve("kept/part-00000.jsonl.gz")));
    assertEquals(1, JsonlFiles.readAll(out.resolve("kept/part-00000.jsonl.gz")).size());
  }

  /** What a command printed on standard output (langid and curate print there, not to picocli's writer). */
  static String printed(String... args) {
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      Result r = run(args);
      assertEquals(0, r.status(), r.err());
    } finally {
      System.setOut(old);
    }
    return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void langidUsesLid176AndTheSmallModelOnRequest() throws Exception {
    // fasttext predict-prob lid.176.ftz: cy 0.950469; the 37-language model has no Welsh label
    Path welsh = tmp.resolve("cy.txt");
    Files.writeString(welsh, "Genir pawb yn rhydd ac yn gydradd â'i gilydd mewn urddas a hawliau. Fe'u cynysgaeddir â "
        + "rheswm a chydwybod, a dylai pawb ymddwyn y naill at y llall mewn ysbryd cymodlon.\n");
    assertEquals("cy\t0.9505", printed("langid", welsh.toString()).strip());
    String small = printed("langid", "--model", "debian-36", welsh.toString());
    assertTrue(!small.startsWith("cy\t") && small.matches("[a-z]+\t0\\.\\d{4}\n"), small);
    Result missing = run("langid", "--model", tmp.resolve("nope.ftz").toString(), welsh.toString());
    assertTrue(missing.status() != 0 && missing.err().contains("nope.ftz"), missing.err());
  }

  @Test
  void curateTakesTheLanguageModelByName() throws Exception {
    Path in = tmp.resolve("in.jsonl");
    Files.writeString(in, "{\"id\": \"1\", \"url\": \"https://a.example/\", \"text\": \"Genir pawb yn rhydd ac yn gydradd "
        + "â'i gilydd mewn urddas a hawliau.\"}\n");
    String funnel = printed("curate", "--input", in.toString(), "--output", tmp.resolve("o").toString(), "--stages",
        "language_filter", "--language-model", "debian-36");
    assertTrue(funnel.contains("1 records in, 0 kept, 1 removed"), funnel);
    Result spark = run("curate", "--input", in.toString(), "--output", tmp.resolve("s").toString(), "--engine", "spark",
        "--language-model", "debian-36");
    assertTrue(spark.status() != 0 && spark.err().contains("--language-model needs --engine local"), spark.err());
  }

  /** Every ./falconet command the README shows must be a real subcommand. */
  @Test
  void readmeCommandsExist() throws Exception {
    Path readme = Path.of(System.getProperty("falconet.repo", "..")).resolve("README.md");
    String text = Files.readString(readme);
    Set<String> subcommands = Falconet.commandLine().getSubcommands().keySet();
    Matcher m = Pattern.compile("\\./falconet(?:[ \\t]+([a-z][a-z0-9-]*))?").matcher(text);
    List<String> seen = new ArrayList<>();
    while (m.find()) {
      String sub = m.group(1);
      if (sub != null) {
        seen.add(sub);
        assertTrue(subcommands.contains(sub), "README mentions './falconet " + sub + "', which --help does not list");
      }
    }
    assertTrue(seen.contains("demo") && seen.contains("test"), "README must show the two quick-start commands");
    // Quick start: exactly the two set-up commands.
    String quick = text.substring(text.indexOf("## Quick start"));
    quick = quick.substring(0, quick.indexOf("\n## ", 5));
    Matcher q = Pattern.compile("(?m)^\\./falconet (\\S+)\\s*$").matcher(quick);
    List<String> quickCommands = new ArrayList<>();
    while (q.find()) {
      quickCommands.add(q.group(1));
    }
    assertEquals(List.of("demo", "test"), quickCommands);
  }
}
