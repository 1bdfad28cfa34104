package org.falconet.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.tools.Diagnostic;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/** Turns JShell's diagnostics and exceptions into readable {@link CellFailure}s. */
final class Errors {
  private static final int LIBRARY_FRAMES_SHOWN = 6;

  private Errors() {}

  /**
   * A compile error: each diagnostic's message headed by the cell's name and line, then the failing
   * line of the cell with the error's span marked by carets under it. JShell's wrapper class has no
   * name, so javac's {@code location: class } with nothing after it names the cell instead.
   *
   * @param cell        the whole cell
   * @param snippetFrom where in the cell the failing snippet starts
   * @param cellName    the cell as the user sees it, e.g. {@code In [9]}
   */
  static CellFailure compile(String cell, int snippetFrom, List<Diag> diags, String cellName) {
    List<String> lines = new ArrayList<>();
    String first = null;
    for (Diag d : diags) {
      if (!d.isError()) {
        continue;
      }
      String msg = d.getMessage(null).replaceAll("(?m)^(\\s*location: )class\\s*$", "$1" + cellName);
      if (first == null) {
        first = msg.lines().findFirst().orElse(msg);
      }
      String where = cellName;
      if (d.getStartPosition() != Diagnostic.NOPOS) {
        int at = snippetFrom + (int) d.getStartPosition();
        where += ", line " + (lineNumber(cell, Math.max(0, Math.min(at, cell.length()))));
      }
      lines.add(where + ": error: " + msg);
      if (d.getStartPosition() != Diagnostic.NOPOS) {
        lines.addAll(mark(cell, snippetFrom + (int) d.getStartPosition(), snippetFrom + (int) d.getEndPosition()));
      }
    }
    return new CellFailure("CompileError", first == null ? "the cell does not compile" : first, lines);
  }

  /** The line holding {@code from}, numbered as in the cell, with {@code ^} under [from, to). */
  static List<String> mark(String cell, int from, int to) {
    from = Math.max(0, Math.min(from, cell.length()));
    to = Math.max(from + 1, Math.min(to, cell.length()));
    int lineStart = cell.lastIndexOf('\n', from - 1) + 1;
    int lineEnd = cell.indexOf('\n', from);
    if (lineEnd < 0) {
      lineEnd = cell.length();
    }
    String prefix = String.format("%4d | ", lineNumber(cell, from));
    int width = Math.max(1, Math.min(to, lineEnd) - from);
    return List.of(prefix + cell.substring(lineStart, lineEnd),
        " ".repeat(prefix.length() + from - lineStart) + "^".repeat(width));
  }

  /** The 1-based line of {@code cell} that holds offset {@code at}. */
  private static int lineNumber(String cell, int at) {
    return (int) cell.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }

  /**
   * A runtime exception: the cause chain, each with the user's cell frames first.
   *
   * @param where a cell frame's place as the user sees it, from JShell's snippet file ({@code #12}) and line
   */
  static CellFailure runtime(JShellException e, BiFunction<String, Integer, String> where) {
    List<String> lines = new ArrayList<>();
    String name = className(e);
    String value = e.getMessage() == null ? "" : e.getMessage();
    Throwable t = e;
    boolean firstInChain = true;
    while (t != null) {
      lines.add((firstInChain ? "" : "Caused by: ") + className(t) + (t.getMessage() == null ? "" : ": " + t.getMessage()));
      List<String> user = new ArrayList<>();
      List<String> library = new ArrayList<>();
      for (StackTraceElement f : t.getStackTrace()) {
        String c = f.getClassName();
        if (c.startsWith("REPL.") || (f.getFileName() != null && f.getFileName().startsWith("#"))) {
          user.add("    at " + frameName(c, f.getMethodName()) + " (" + where.apply(f.getFileName(), f.getLineNumber()) + ")");
        } else if (!c.startsWith("jdk.internal.reflect.") && !c.startsWith("java.lang.reflect.")
            && !c.startsWith("jdk.jshell.") && !c.startsWith("org.falconet.kernel.eval.")) {
          library.add("    at " + f);
        }
      }
      lines.addAll(user);
      lines.addAll(library.subList(0, Math.min(LIBRARY_FRAMES_SHOWN, library.size())));
      if (library.size() > LIBRARY_FRAMES_SHOWN) {
        lines.add("    ... " + (library.size() - LIBRARY_FRAMES_SHOWN) + " more library frames");
      }
      t = t.getCause();
      firstInChain = false;
    }
    return new CellFailure(name, value, lines);
  }

  /**
   * A cell frame's method as the user wrote it: {@code Foo.In.m} for a method of a class declared in a
   * cell, {@code f} for a method declared at the top of a cell, {@code <cell>} for the cell's own
   * statements and {@code <lambda>} for a lambda in them (JShell's wrapper classes and methods have no
   * name the user knows).
   */
  static String frameName(String className, String method) {
    String type = className.replaceFirst("^REPL\\.\\$JShell\\$\\d+[A-Z]?\\$?", "").replace('$', '.');
    String m = method.isEmpty() || method.startsWith("do_it$") ? "<cell>" : method.startsWith("lambda$") ? "<lambda>" : method;
    return type.isEmpty() ? m : type + "." + m;
  }

  private static String className(Throwable t) {
    if (t instanceof EvalException ee) {
      return ee.getExceptionClassName();
    }
    if (t instanceof UnresolvedReferenceException ure) {
      return "UnresolvedReference(" + ure.getSnippet().source().strip().lines().findFirst().orElse("") + ")";
    }
    return t.getClass().getName();
  }
}
