package org.falconet.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CellEvaluatorTest {
  static CellEvaluator ev;

  @BeforeAll
  static void start() {
    ev = new CellEvaluator(List.of("import java.util.*;", "import org.falconet.corpus.*;"));
  }

  @AfterAll
  static void stop() {
    ev.close();
  }

  @Test
  void lastExpressionIsTheResult() throws Exception {
    CellEvaluator.Result r = ev.eval("int a = 20;\nint b = 22;\na + b");
    assertTrue(r.hasValue());
    assertEquals(42, r.value());
  }

  @Test
  void statementsAndDeclarationsHaveNoResult() throws Exception {
    assertFalse(ev.eval("int q = 3;").hasValue());
    assertFalse(ev.eval("System.out.print(\"\");").hasValue());
    assertFalse(ev.eval("void hi() {}").hasValue());
  }

  @Test
  void declarationsPersistAndCanBeRedefined() throws Exception {
    ev.eval("int twice(int x) { return 2 * x; }");
    assertEquals(10, ev.eval("twice(5)").value());
    ev.eval("int twice(int x) { return 3 * x; }");
    assertEquals(15, ev.eval("twice(5)").value());
    ev.eval("class Box { int v = 7; }");
    assertEquals(7, ev.eval("new Box().v").value());
  }

  @Test
  void multiSnippetCellWithLoopsAndMethods() throws Exception {
    String cell = """
        List<Integer> xs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          xs.add(i * i);
        }
        int sum(List<Integer> l) { return l.stream().mapToInt(Integer::intValue).sum(); }
        sum(xs)
        """;
    assertEquals(30, ev.eval(cell).value());
  }

  @Test
  void libraryIsOnTheClasspath() throws Exception {
    Object doc = ev.eval("Document.ofText(\"d1\", null, \"hello\")").value();
    assertEquals("org.falconet.corpus.Document", doc.getClass().getName());
  }

  @Test
  void expressionValuesAreNotKeptInJShellVariables() throws Exception {
    assertEquals(42, ev.eval("40 + 2").value());
    assertThrows(CellFailure.class, () -> ev.eval("Integer.parseInt(\"x\")"));
    ev.eval("int named = 5;\nnamed * 2");
    List<String> names = ev.variableNames();
    assertTrue(names.contains("named"), names.toString());
    assertTrue(names.stream().noneMatch(n -> n.startsWith("$")), names.toString());
  }

  @Test
  void compileErrorMarksTheFailingLine() throws Exception {
    CellFailure f = assertThrows(CellFailure.class, () -> ev.eval("int ok = 1;\nint bad = nope + 1;"));
    assertEquals("CompileError", f.name());
    assertTrue(f.value().contains("cannot find symbol"), f.value());
    int at = f.traceback().indexOf("   2 | int bad = nope + 1;");
    assertTrue(at >= 0, String.join("\n", f.traceback()));
    assertEquals(" ".repeat(7 + 10) + "^^^^", f.traceback().get(at + 1));
    assertEquals(1, ev.eval("ok").value(), "the snippet before the error ran");
  }

  @Test
  void runtimeErrorShowsCauseChainWithUserFramesFirst() throws Exception {
    ev.eval("void fail() { throw new IllegalStateException(\"outer\", new ArithmeticException(\"inner\")); }");
    CellFailure f = assertThrows(CellFailure.class, () -> ev.eval("fail();"));
    assertEquals("java.lang.IllegalStateException", f.name());
    assertEquals("outer", f.value());
    assertEquals("java.lang.IllegalStateException: outer", f.traceback().get(0));
    assertEquals("    at fail (cell, line 1)", f.traceback().get(1));
    assertTrue(f.traceback().contains("Caused by: java.lang.ArithmeticException: inner"), f.traceback().toString());
    assertEquals(2, ev.eval("1 + 1").value(), "session survives");
  }

  @Test
  void interruptStopsABusyLoopAndKeepsDefinitions() throws Exception {
    ev.eval("int kept = 99;");
    CompletableFuture<CellFailure> run = CompletableFuture.supplyAsync(() -> {
      try {
        ev.eval("while (true) {}");
        return null;
      } catch (CellFailure e) {
        return e;
      }
    });
    Thread.sleep(300);
    long t0 = System.nanoTime();
    ev.interrupt();
    CellFailure f = run.get(2, TimeUnit.SECONDS);
    assertTrue((System.nanoTime() - t0) / 1e9 < 2.0);
    assertEquals("Interrupted", f.name());
    assertEquals(99, ev.eval("kept").value());
  }

  @Test
  void completionSuggestsMembers() throws Exception {
    ev.eval("String s = \"x\";");
    CellEvaluator.Completion c = ev.complete("String s = \"x\";\ns.toUpp", 22);
    assertTrue(c.matches().contains("toUpperCase("), c.matches().toString());
    assertEquals(18, c.start());
  }

  @Test
  void inspectionGivesTheSignature() {
    String doc = ev.inspect("Math.max", 7);
    assertTrue(doc.contains("max(int"), doc);
  }

  @Test
  void isCompleteForConsoleInput() {
    assertEquals("complete", ev.isComplete("int x = 1;"));
    assertEquals("incomplete", ev.isComplete("for (int i = 0; i < 3; i++) {"));
    assertEquals("complete", ev.isComplete(""));
  }

  @Test
  void isCompleteAnswersInvalidForWhatCannotParse() {
    assertEquals("invalid", ev.isComplete("int = 7q;"));
    assertEquals("invalid", ev.isComplete("int ok = 1;\nint = 7q;"), "the second snippet is the broken one");
    assertEquals("invalid", ev.isComplete("x ++ ++ y;"));
    // Everything JShell accepts parses: statements, declarations, bare expressions, imports.
    for (String ok : List.of("int x = 1", "x + 1", "void f() { }", "record P(int a) {}", "import java.util.function.*;",
        "for (int i = 0; i < 3; i++) { }", "public static final int K = 3;", "var s = switch (2) { case 2 -> 1; default -> 0; };",
        "int y = undefinedButParses + 1;")) {
      assertEquals("complete", ev.isComplete(ok), ok);
    }
  }

  @Test
  void compileErrorNamesTheCellItsLineAndNoEmptyClass() throws Exception {
    ev.nameCell("In [9]");
    try {
      CellFailure f = assertThrows(CellFailure.class, () -> ev.eval("int fine = 1;\n\nint worse = nothing * 2;"));
      String first = f.traceback().get(0);
      assertTrue(first.startsWith("In [9], line 3: error: cannot find symbol"), first);
      assertTrue(first.contains("location: In [9]"), first);
      assertFalse(String.join("\n", f.traceback()).matches("(?s).*location: class\\s*(\n.*)?$"), f.traceback().toString());
    } finally {
      ev.nameCell("cell");
    }
  }

  @Test
  void runtimeTraceNamesTheCellsAsTheUserSeesThem() throws Exception {
    ev.nameCell("In [3]");
    ev.eval("// a helper\nint half(int n) {\n  if (n < 0) throw new IllegalArgumentException(\"negative\");\n  return n / 2;\n}");
    ev.eval("class Box { int open() { return half(-1); } }");
    ev.nameCell("In [9]");
    try {
      CellFailure f = assertThrows(CellFailure.class, () -> ev.eval("int a = 1;\nint b = 2;\nnew Box().open();"));
      assertEquals(List.of("java.lang.IllegalArgumentException: negative", "    at half (In [3], line 3)",
          "    at Box.open (In [3], line 1)", "    at <cell> (In [9], line 3)"), f.traceback().subList(0, 4));
    } finally {
      ev.nameCell("cell");
    }
  }
}
