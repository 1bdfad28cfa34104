package org.falconet.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.falconet.kernel.display.Html;
import org.falconet.kernel.display.Markdown;
import org.falconet.kernel.display.MimeBundle;
import org.falconet.kernel.eval.CellEvaluator;
import org.falconet.kernel.eval.CellFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellsTest {
  @TempDir
  static Path dir;
  static CellEvaluator ev;
  static Cells cells;
  static MagicContext ctx;

  @BeforeAll
  static void start() throws Exception {
    ev = new CellEvaluator(List.of("import java.util.*;"));
    Path repo = dir.resolve("m2");
    installDemoArtifacts(repo);
    cells = BuiltinMagics.register(new Cells(), new MavenResolver(repo, List.of(MavenResolver.CENTRAL), true));
    ctx = new MagicContext() {
      @Override
      public CellEvaluator evaluator() {
        return ev;
      }

      @Override
      public Path workingDirectory() {
        return dir;
      }

      @Override
      public Cells.Value runCell(String code) throws CellFailure {
        return cells.run(code, this);
      }
    };
  }

  @AfterAll
  static void stop() {
    ev.close();
  }

  /** demo:greeter:1.0 depends on demo:words:1.0; each jar holds one compiled class. */
  private static void installDemoArtifacts(Path repo) throws IOException {
    jarOf(repo, "words", "package demo.words; public class Words { public static String word() { return \"falcon\"; } }",
        "demo/words/Words", "");
    jarOf(repo, "greeter", "package demo.greeter; public class Greeter { public static String greet() { return \"hello \" + demo.words.Words.word(); } }",
        "demo/greeter/Greeter",
        "<dependencies><dependency><groupId>demo</groupId><artifactId>words</artifactId><version>1.0</version></dependency></dependencies>");
  }

  private static void jarOf(Path repo, String artifact, String source, String classPath, String deps) throws IOException {
    Path src = dir.resolve("src-" + artifact);
    Path out = dir.resolve("classes-" + artifact);
    Files.createDirectories(src);
    Files.createDirectories(out);
    Path file = src.resolve(classPath.substring(classPath.lastIndexOf('/') + 1) + ".java");
    Files.writeString(file, source);
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
        "-cp", dir.resolve("classes-words").toString(), file.toString());
    assertEquals(0, rc);
    Path home = repo.resolve("demo").resolve(artifact).resolve("1.0");
    Files.createDirectories(home);
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(home.resolve(artifact + "-1.0.jar")))) {
      jar.putNextEntry(new JarEntry(classPath + ".class"));
      jar.write(Files.readAllBytes(out.resolve(classPath + ".class")));
      jar.closeEntry();
    }
    Files.writeString(home.resolve(artifact + "-1.0.pom"), "<project><modelVersion>4.0.0</modelVersion><groupId>demo</groupId>"
        + "<artifactId>" + artifact + "</artifactId><version>1.0</version>" + deps + "</project>");
  }

  private static String stdout(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  private interface Cell {
    void run() throws Exception;
  }

  private static Runnable unchecked(Cell c) {
    return () -> {
      try {
        c.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  @Test
  void mavenAddsTheArtifactAndItsDependenciesToTheSession() throws Exception {
    String out = stdout(unchecked(() -> cells.run("%maven demo:greeter:1.0", ctx)));
    assertEquals("%maven: 2 jar(s) on the class path\n", out);
    assertEquals("hello falcon", cells.run("demo.greeter.Greeter.greet()", ctx).value());
  }

  @Test
  void badCoordinatesAndMissingArtifactsAreClearErrors() throws Exception {
    CellFailure bad = assertThrows(CellFailure.class, () -> cells.run("%maven nonsense", ctx));
    assertEquals("MagicError", bad.name());
    assertTrue(bad.value().startsWith("bad Maven coordinates 'nonsense'"), bad.value());
    CellFailure missing = assertThrows(CellFailure.class, () -> cells.run("%maven demo:absent:9.9", ctx));
    assertTrue(missing.value().startsWith("cannot resolve demo:absent:9.9"), missing.value());
    assertEquals(3, cells.run("1 + 2", ctx).value(), "session intact");
  }

  @Test
  void lineMagicsAndJavaMixInOrder() throws Exception {
    String out = stdout(unchecked(() -> assertEquals(10, cells.run("int m = 5;\n%time int n = m * 2;\nn", ctx).value())));
    assertTrue(out.matches("Wall time: [0-9.]+ ms\n"), out);
  }

  @Test
  void loadRunsAFileAsACell() throws Exception {
    Files.writeString(dir.resolve("defs.jsh"), "int loaded() { return 7; }\nloaded() * 6");
    assertEquals(42, cells.run("%load defs.jsh", ctx).value());
    CellFailure f = assertThrows(CellFailure.class, () -> cells.run("%load missing.jsh", ctx));
    assertTrue(f.value().startsWith("%load: no such file: "), f.value());
  }

  @Test
  void jarsAndClasspathAddEntriesAndCheckPaths() throws Exception {
    Path lib = dir.resolve("lib");
    Files.createDirectories(lib);
    Files.copy(dir.resolve("m2/demo/words/1.0/words-1.0.jar"), lib.resolve("words.jar"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    // Looked up before the jar is there: the compiler's remembered package listings must not hide it later.
    assertThrows(CellFailure.class, () -> cells.run("demo.words.Words.word()", ctx));
    stdout(unchecked(() -> cells.run("%jars lib/*.jar", ctx)));
    assertEquals("falcon", cells.run("demo.words.Words.word()", ctx).value());
    assertTrue(((String) cells.run("%classpath", ctx).value()).contains(lib.resolve("words.jar").toString()));
    CellFailure f = assertThrows(CellFailure.class, () -> cells.run("%classpath /no/such/dir", ctx));
    assertEquals("%classpath: no such file or directory: /no/such/dir", f.value());
  }

  @Test
  void cellMagicsWrapTheirBody() throws Exception {
    assertEquals(new Html("<b>x</b>\n"), cells.run("%%html\n<b>x</b>\n", ctx).value());
    assertEquals(new Markdown("# T"), cells.run("%%markdown\n# T", ctx).value());
    MimeBundle js = (MimeBundle) cells.run("%%javascript\nconsole.log(1)", ctx).value();
    assertEquals("console.log(1)", js.get("application/javascript"));
  }

  @Test
  void shellRunsInTheWorkingDirectoryAndReportsFailure() throws Exception {
    Files.writeString(dir.resolve("marker.txt"), "");
    String out = stdout(unchecked(() -> cells.run("%sh ls marker.txt", ctx)));
    assertEquals("marker.txt\n", out);
    CellFailure f = assertThrows(CellFailure.class, () -> cells.run("%sh exit 3", ctx));
    assertEquals("%sh: command exited with status 3", f.value());
  }

  @Test
  void unknownMagicIsAnError() {
    CellFailure f = assertThrows(CellFailure.class, () -> cells.run("%nosuch", ctx));
    assertTrue(f.value().startsWith("unknown line magic %nosuch"), f.value());
  }

}
