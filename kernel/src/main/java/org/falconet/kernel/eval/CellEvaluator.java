package org.falconet.kernel.eval;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.VarSnippet;

/**
 * Evaluates Java cells with JShell: a cell may hold any number of statements, expressions and
 * declarations; declarations persist and can be redefined; the value of a cell whose last snippet
 * is an expression is returned as a live object.
 *
 * <pre>{@code
 * try (CellEvaluator ev = new CellEvaluator(List.of("import java.util.*;"))) {
 *   ev.eval("int x = 20;");
 *   Result r = ev.eval("x + 22");   // r.value() == 42
 * }
 * }</pre>
 */
public final class CellEvaluator implements AutoCloseable {
  private final CellExecutionControl.Provider engine = new CellExecutionControl.Provider();
  private final JShell shell;
  private final SourceCodeAnalysis analysis;
  private final Set<String> classpath = new LinkedHashSet<>();
  private volatile boolean evaluating;
  private volatile String cellName = "cell";
  /** Where each snippet came from (by JShell's snippet id), so that traces name the cell and its line. */
  private final Map<String, Origin> origins = new ConcurrentHashMap<>();

  /** A snippet's cell as the user sees it ({@code In [9]}) and the cell line it starts on (0-based). */
  private record Origin(String cell, int firstLine) {}

  /** A cell's outcome: whether its last snippet was an expression, and that expression's value. */
  public record Result(boolean hasValue, Object value) {
    static final Result NONE = new Result(false, null);
  }

  /**
   * A JShell whose compiler sees this JVM's class path, after running {@code startup} (imports).
   *
   * @throws IllegalStateException when a startup snippet fails
   */
  public CellEvaluator(List<String> startup) {
    shell = JShell.builder().executionEngine(engine, Map.of()).fileManager(ListingCache::new)
        .compilerOptions("-Xlint:none", "-proc:none").build();
    analysis = shell.sourceCodeAnalysis();
    addToClasspath(System.getProperty("java.class.path"));
    for (String s : startup) {
      try {
        eval(s);
      } catch (CellFailure e) {
        throw new IllegalStateException("start-up snippet failed: " + s + ": " + e.value());
      }
    }
  }

  /** Adds jars or class folders (separated by the platform's path separator) for later cells. */
  public void addToClasspath(String path) {
    List<String> added = new ArrayList<>();
    for (String p : path.split(File.pathSeparator)) {
      if (!p.isBlank() && classpath.add(p)) {
        added.add(p);
      }
    }
    if (!added.isEmpty()) {
      // One call for all: each call makes JShell re-read the whole class path, start a new compiler
      // pool and re-index the class path for completion.
      shell.addToClasspath(String.join(File.pathSeparator, added));
    }
  }

  /** Every entry added to the cells' class path, in order. */
  public List<String> classpath() {
    return List.copyOf(classpath);
  }

  /**
   * Names the cells evaluated from now on as the user sees them, e.g. {@code In [9]}: compile errors and
   * stack traces cite that name and the line within the cell. Mutates the evaluator; default {@code cell}.
   */
  public void nameCell(String name) {
    cellName = name;
  }

  /**
   * Runs every snippet of the cell in order.
   *
   * @throws CellFailure on a compile error (nothing of the failing snippet ran, earlier snippets
   *                     did), a runtime exception, or an interrupt
   */
  public Result eval(String cell) throws CellFailure {
    Result result = Result.NONE;
    int offset = 0;
    engine.control().clearStop();
    evaluating = true;
    try {
      while (offset < cell.length()) {
      String rest = cell.substring(offset);
      CompletionInfo ci = analysis.analyzeCompletion(rest);
      if (ci.completeness() == Completeness.EMPTY) {
        break;
      }
      String source;
      int consumed;
      if (ci.completeness().isComplete()) {
        source = ci.source();
        consumed = rest.length() - ci.remaining().length();
      } else {
        source = rest;
        consumed = rest.length();
      }
      int from = offset + sourceStart(rest, source);
      result = evalSnippet(cell, from, source);
      offset += Math.max(1, consumed);
      }
    } finally {
      evaluating = false;
    }
    return result;
  }

  /** Where JShell's (possibly semicolon-completed) snippet source begins in the cell's rest. */
  private static int sourceStart(String rest, String source) {
    String probe = source.endsWith(";") ? source.substring(0, source.length() - 1) : source;
    int at = rest.indexOf(probe);
    return at >= 0 ? at : leadingBlank(rest);
  }

  private static int leadingBlank(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private Result evalSnippet(String cell, int from, String source) throws CellFailure {
    CellExecutionControl control = engine.control();
    List<SnippetEvent> events = control.wasStopped() ? List.of() : shell.eval(source);
    // Stack frames count lines from the snippet's first non-blank character (JShell strips the rest).
    Origin origin = new Origin(cellName, lineOf(cell, from + leadingBlank(source)));
    for (SnippetEvent e : events) {
      if (e.causeSnippet() == null) {
        origins.put(e.snippet().id(), origin);
      }
    }
    try {
      if (control.wasStopped()) {
        throw new CellFailure("Interrupted", "the cell was interrupted",
            List.of("Interrupted: the cell was stopped; everything defined before it is still there."));
      }
      Result result = Result.NONE;
      for (SnippetEvent e : events) {
        if (e.causeSnippet() != null) {
          continue;
        }
        Snippet s = e.snippet();
        if (e.status() == Snippet.Status.REJECTED) {
          throw Errors.compile(cell, from, shell.diagnostics(s).toList(), origin.cell());
        }
        JShellException ex = e.exception();
        if (ex != null) {
          throw Errors.runtime(ex, this::where);
        }
        if (isValueSnippet(s)) {
          result = new Result(true, control.lastValue());
        } else {
          result = Result.NONE;
        }
      }
      return result;
    } finally {
      dropTemporaries(events);
    }
  }

  /** The 0-based line of {@code cell} that holds offset {@code at}. */
  private static int lineOf(String cell, int at) {
    return (int) cell.substring(0, Math.min(at, cell.length())).chars().filter(c -> c == '\n').count();
  }

  /**
   * A stack frame's place as the user sees it: {@code In [3], line 4} for a frame in JShell's snippet
   * file {@code #12} at snippet line 2 of a snippet that starts on the cell's third line.
   */
  String where(String snippetFile, int snippetLine) {
    Origin o = snippetFile == null || !snippetFile.startsWith("#") ? null : origins.get(snippetFile.substring(1));
    if (o == null) {
      return "cell snippet " + snippetFile + ", line " + snippetLine;
    }
    return o.cell() + ", line " + (o.firstLine() + snippetLine);
  }

  /**
   * Drops the variable ({@code $1}, {@code $2}, ...) JShell declares for an expression's value once the
   * value is taken. The kernel never shows these names, so nothing can use them; kept, every later
   * cell's wrapper would import each of them and its compiler tasks resolve them all (a trivial cell
   * cost twice as much after 300 cells), and each would hold its value, however large, for the session.
   */
  private void dropTemporaries(List<SnippetEvent> events) {
    for (SnippetEvent e : events) {
      Snippet s = e.snippet();
      if (e.causeSnippet() == null && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
          && e.status().isDefined()) {
        shell.drop(s);
        origins.remove(s.id());
      }
    }
  }

  /** The names of the session's variables, for tests. */
  List<String> variableNames() {
    return shell.variables().map(VarSnippet::name).toList();
  }

  private static boolean isValueSnippet(Snippet s) {
    return switch (s.subKind()) {
      case TEMP_VAR_EXPRESSION_SUBKIND -> s instanceof VarSnippet;
      case VAR_VALUE_SUBKIND -> s instanceof ExpressionSnippet;
      default -> false;
    };
  }

  /** Stops the running cell (from another thread); its definitions so far are kept. */
  public void interrupt() {
    CellExecutionControl control = engine.control();
    if (control != null && evaluating) {
      control.stop();
    }
  }

  /** Completion candidates at {@code cursor}: the replaced span and the candidates. */
  public record Completion(int start, int end, List<String> matches) {}

  /** JShell's suggestions for the snippet holding the cursor. */
  public Completion complete(String cell, int cursor) {
    int from = snippetStart(cell, cursor);
    String snippet = cell.substring(from, cursor);
    int[] anchor = new int[1];
    List<String> smart = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(snippet, snippet.length(), anchor)) {
      (s.matchesType() ? smart : other).add(s.continuation());
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(smart);
    all.addAll(other);
    return new Completion(from + anchor[0], cursor, List.copyOf(all));
  }

  /** The signature and javadoc (when the JDK has sources) of what is under the cursor, or "". */
  public String inspect(String cell, int cursor) {
    int from = snippetStart(cell, cursor);
    int end = cursor;
    while (end < cell.length() && Character.isJavaIdentifierPart(cell.charAt(end))) {
      end++;
    }
    String snippet = cell.substring(from, end);
    StringBuilder sb = new StringBuilder();
    List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
    if (docs.isEmpty()) {
      docs = analysis.documentation(snippet + "(", snippet.length() + 1, true);
    }
    for (SourceCodeAnalysis.Documentation d : docs) {
      sb.append(d.signature()).append('\n');
      if (d.javadoc() != null && !d.javadoc().isBlank()) {
        sb.append('\n').append(d.javadoc().strip()).append("\n\n");
      }
    }
    if (sb.length() == 0) {
      String type = analysis.analyzeType(snippet, snippet.length());
      if (type != null && !type.isBlank()) {
        sb.append(snippet.strip()).append(" : ").append(type);
      }
    }
    return sb.toString().strip();
  }

  /**
   * Jupyter's is_complete answer for console input: {@code complete}, {@code incomplete} (more lines
   * are needed) or {@code invalid} (a snippet that javac cannot parse, such as {@code int = 7q;}).
   */
  public String isComplete(String cell) {
    String rest = cell;
    while (true) {
      CompletionInfo ci = analysis.analyzeCompletion(rest);
      switch (ci.completeness()) {
        case EMPTY:
          return "complete";
        case COMPLETE:
        case COMPLETE_WITH_SEMI:
          if (!Syntax.parses(ci.source())) {
            return "invalid";
          }
          if (ci.remaining().isBlank()) {
            return "complete";
          }
          rest = ci.remaining();
          break;
        case DEFINITELY_INCOMPLETE:
        case CONSIDERED_INCOMPLETE:
          return "incomplete";
        default:
          return "invalid";
      }
    }
  }

  /** Where the snippet holding {@code cursor} begins. */
  private int snippetStart(String cell, int cursor) {
    int offset = 0;
    String prefix = cell.substring(0, Math.min(cursor, cell.length()));
    while (offset < prefix.length()) {
      CompletionInfo ci = analysis.analyzeCompletion(prefix.substring(offset));
      if (!ci.completeness().isComplete() || ci.remaining().isBlank()) {
        break;
      }
      offset = prefix.length() - ci.remaining().length();
    }
    return offset + leadingBlank(prefix.substring(offset));
  }

  @Override
  public void close() {
    shell.close();
  }
}
