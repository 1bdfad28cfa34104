package org.falconet.kernel.eval;

import java.util.ArrayList;
import java.util.List;
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
   * A compile error: each diagnostic's message, then the failing line of the cell with the error's
   * span marked by carets under it.
   *
   * @param cell        the whole cell
   * @param snippetFrom where in the cell the failing snippet starts
   */
  static CellFailure compile(String cell, int snippetFrom, List<Diag> diags) {
    List<String> lines = new ArrayList<>();
    String first = null;
    for (Diag d : diags) {
      if (!d.isError()) {
        continue;
      }
      String msg = d.getMessage(null);
      if (first == null) {
        first = msg.lines().findFirst().orElse(msg);
      }
      lines.add("error: " + msg);
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
    int lineNo = (int) cell.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
    String prefix = String.format("%4d | ", lineNo);
    int width = Math.max(1, Math.min(to, lineEnd) - from);
    return List.of(prefix + cell.substring(lineStart, lineEnd),
        " ".repeat(prefix.length() + from - lineStart) + "^".repeat(width));
  }

  /** A runtime exception: the cause chain, each with the user's cell frames first. */
  static CellFailure runtime(JShellException e) {
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
          user.add("    at " + f.getMethodName() + " (cell snippet " + f.getFileName() + ", line " + f.getLineNumber() + ")");
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
