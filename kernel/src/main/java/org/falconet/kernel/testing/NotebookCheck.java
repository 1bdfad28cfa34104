package org.falconet.kernel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.falconet.kernel.wire.Message;

/**
 * Runs one of the repository's notebooks through the real kernel and checks that what it shows now is
 * what the committed notebook shows: notebooks are committed with their outputs, so a change in the
 * library that changes a notebook's results fails here until the notebook is re-executed
 * ({@code ./falconet notebook --execute notebooks/NAME.ipynb}) and the new outputs are reviewed.
 *
 * <p>Compared per code cell: all {@code stdout} text, all {@code stderr} text, and, in order, each rich
 * output's {@code text/plain}, {@code text/html}, {@code text/markdown}, {@code text/latex},
 * {@code image/svg+xml} and {@code application/json} (PNG images are not compared: font rendering
 * differs between machines). Text is compared as {@link NumericText} says: words and integers exactly,
 * decimal numbers within a relative {@value NumericText#RELATIVE}, so a last-bit difference between
 * CPUs (AVX2 against AVX-512 sums) is not a failure while a changed word or count is. A cell whose metadata tags include {@value #VOLATILE} (timings, progress,
 * anything that differs run to run by nature) is executed but not compared. An error output always fails.
 *
 * <pre>{@code
 * JsonNode cells = NotebookCheck.run("05-repetition-removal.ipynb", 300).path("cells");
 * assertTrue(Jupyter.text(cells.get(7)).contains("kept 709"));
 * }</pre>
 */
public final class NotebookCheck {
  /** The cell tag that exempts a cell's outputs from the committed-output comparison. */
  public static final String VOLATILE = "volatile";

  private static final List<String> COMPARED_MIMES =
      List.of("text/plain", "text/html", "text/markdown", "text/latex", "image/svg+xml", "application/json");

  private NotebookCheck() {}

  /** The repository's {@code notebooks/} directory (system property {@code falconet.repo}, else {@code ..}). */
  public static Path notebooks() {
    return Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize().resolve("notebooks");
  }

  /**
   * Executes {@code notebooks/fileName} top to bottom and asserts its outputs equal the committed ones.
   *
   * @return the executed notebook, for assertions on particular outputs
   * @throws AssertionError when a compared output differs or a cell fails
   */
  public static JsonNode run(String fileName, long timeoutSeconds) throws IOException, InterruptedException {
    Path nb = notebooks().resolve(fileName);
    if (!Files.isRegularFile(nb)) {
      throw new AssertionError(nb + ": no such notebook");
    }
    JsonNode committed = Message.json().readTree(nb.toFile());
    JsonNode executed;
    try {
      executed = Jupyter.inTempDir().executeNotebook(nb, timeoutSeconds);
    } catch (IllegalStateException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    List<String> differences = differences(committed, executed);
    if (!differences.isEmpty()) {
      throw new AssertionError(fileName + ": " + differences.size() + " cell(s) differ from the committed notebook"
          + " (if intended, re-run ./falconet notebook --execute notebooks/" + fileName + " and review the diff):\n"
          + String.join("\n", differences));
    }
    for (String t : toleratedDifferences(committed, executed)) {
      System.err.println(fileName + ": within tolerance, not identical: " + t);
    }
    return executed;
  }

  /** Compared cells whose outputs agree as {@link NumericText} reads them but are not identical text. */
  public static List<String> toleratedDifferences(JsonNode committed, JsonNode executed) {
    List<String> out = new ArrayList<>();
    JsonNode a = committed.path("cells");
    JsonNode b = executed.path("cells");
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if ("code".equals(b.get(i).path("cell_type").asText()) && !isVolatile(b.get(i))) {
        List<String> was = shown(a.get(i));
        List<String> now = shown(b.get(i));
        if (!was.equals(now) && agree(was, now)) {
          out.add("cell " + i + ": " + firstDifference(was, now, String::equals));
        }
      }
    }
    return out;
  }

  /** One line per compared code cell whose outputs differ between the two notebooks; empty when they agree. */
  public static List<String> differences(JsonNode committed, JsonNode executed) {
    List<String> out = new ArrayList<>();
    JsonNode a = committed.path("cells");
    JsonNode b = executed.path("cells");
    if (a.size() != b.size()) {
      out.add("cell count: committed " + a.size() + ", fresh " + b.size());
      return out;
    }
    for (int i = 0; i < a.size(); i++) {
      JsonNode fresh = b.get(i);
      if (!"code".equals(fresh.path("cell_type").asText())) {
        continue;
      }
      for (JsonNode o : fresh.path("outputs")) {
        if ("error".equals(o.path("output_type").asText())) {
          out.add("cell " + i + ": error " + o.path("ename").asText() + ": " + o.path("evalue").asText());
        }
      }
      if (isVolatile(fresh)) {
        continue;
      }
      List<String> was = shown(a.get(i));
      List<String> now = shown(fresh);
      if (!agree(was, now)) {
        out.add("cell " + i + ": " + firstDifference(was, now, NumericText::agree));
      }
    }
    return out;
  }

  static boolean isVolatile(JsonNode cell) {
    for (JsonNode tag : cell.path("metadata").path("tags")) {
      if (VOLATILE.equals(tag.asText())) {
        return true;
      }
    }
    return false;
  }

  /** What a code cell shows, normalised: stdout, stderr, then each rich output's compared representations. */
  static List<String> shown(JsonNode cell) {
    StringBuilder stdout = new StringBuilder();
    StringBuilder stderr = new StringBuilder();
    List<String> rich = new ArrayList<>();
    for (JsonNode o : cell.path("outputs")) {
      switch (o.path("output_type").asText()) {
        case "stream" -> ("stderr".equals(o.path("name").asText()) ? stderr : stdout).append(Jupyter.joined(o.path("text")));
        case "execute_result", "display_data" -> {
          for (String mime : COMPARED_MIMES) {
            JsonNode d = o.path("data").path(mime);
            if (!d.isMissingNode()) {
              rich.add(mime + ": " + (d.isContainerNode() && !d.isArray() ? d.toString() : Jupyter.joined(d)));
            }
          }
        }
        case "error" -> rich.add("error: " + o.path("ename").asText() + ": " + o.path("evalue").asText());
        default -> rich.add(o.path("output_type").asText());
      }
    }
    List<String> shown = new ArrayList<>();
    shown.add("stdout: " + stdout);
    shown.add("stderr: " + stderr);
    shown.addAll(rich);
    return shown;
  }

  private static boolean agree(List<String> was, List<String> now) {
    if (was.size() != now.size()) {
      return false;
    }
    for (int k = 0; k < was.size(); k++) {
      if (!NumericText.agree(was.get(k), now.get(k))) {
        return false;
      }
    }
    return true;
  }

  private static String firstDifference(List<String> was, List<String> now, BiPredicate<String, String> same) {
    for (int k = 0; k < Math.max(was.size(), now.size()); k++) {
      String x = k < was.size() ? was.get(k) : "(nothing)";
      String y = k < now.size() ? now.get(k) : "(nothing)";
      if (!same.test(x, y)) {
        String[] xl = x.split("\n", -1);
        String[] yl = y.split("\n", -1);
        for (int line = 0; line < Math.max(xl.length, yl.length); line++) {
          String xs = line < xl.length ? xl[line] : "(end)";
          String ys = line < yl.length ? yl[line] : "(end)";
          if (!same.test(xs, ys)) {
            return "output " + k + " line " + (line + 1) + ": committed \"" + abbreviated(xs) + "\", fresh \""
                + abbreviated(ys) + "\"";
          }
        }
      }
    }
    return "outputs differ";
  }

  private static String abbreviated(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "…";
  }
}
