package org.falconet.kernel.eval;

import com.sun.source.util.JavacTask;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Whether one JShell snippet is syntactically Java, by javac's parser alone (no types resolved, nothing
 * run): what Jupyter's {@code is_complete} calls {@code invalid} is a snippet that parses as none of the
 * things JShell accepts: statements, a class member (field, method, type), an expression, or an import.
 *
 * <pre>{@code
 * Syntax.parses("int x = 7;")  // true
 * Syntax.parses("int = 7q;")   // false
 * }</pre>
 */
final class Syntax {
  private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
  private static final StandardJavaFileManager FILES =
      JAVAC == null ? null : JAVAC.getStandardFileManager(null, null, StandardCharsets.UTF_8);

  private Syntax() {}

  /** True when {@code snippet} (one complete snippet, as JShell splits a cell) parses as something JShell runs. */
  static boolean parses(String snippet) {
    if (JAVAC == null) {
      return true; // a JRE without javac: JShell itself could not run, so say nothing here
    }
    String s = snippet.strip();
    String expression = s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    // Each wrapper keeps the snippet on lines of its own, so no wrapper text can complete a broken snippet.
    return parsesAs("class W { void m() throws Throwable {\n" + s + "\n} }")
        || parsesAs("class W {\n" + s + "\n}")
        || parsesAs("class W { Object v = (\n" + expression + "\n); }")
        || parsesAs(s + "\nclass W {}");
  }

  private static boolean parsesAs(String source) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///W.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    synchronized (FILES) {
      JavacTask task = (JavacTask) JAVAC.getTask(null, FILES, diagnostics, List.of("-proc:none", "-Xlint:none"), null, List.of(file));
      try {
        task.parse();
      } catch (java.io.IOException | RuntimeException e) {
        return false;
      }
    }
    return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
  }
}
