package org.falconet.kernel.course;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Student copies of the notebooks for a course: every cell tagged {@code solution} is removed, and the
 * outputs of the exercise cells (code cells tagged {@code exercise}, and every code cell after a
 * markdown cell with an {@code ## Exercises} heading) are cleared, so students start from the question.
 * The rest of each notebook, outputs included, is kept as committed.
 *
 * <pre>{@code
 * List<StudentCopies.Copy> copies = StudentCopies.write(Path.of("notebooks"), Path.of("student-notebooks"));
 * }</pre>
 */
public final class StudentCopies {
  /** The tag of a cell that holds an exercise's solution (the house rule of the committed notebooks). */
  public static final String SOLUTION = "solution";
  /** The tag of a code cell that students fill in, wherever it stands. */
  public static final String EXERCISE = "exercise";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was done to one notebook. */
  public record Copy(Path file, int solutionsRemoved, int outputsCleared) {}

  private StudentCopies() {}

  /** A student copy of {@code notebook} (the argument is not modified). */
  public static ObjectNode studentCopy(JsonNode notebook) {
    return copy(notebook, new int[2]);
  }

  private static ObjectNode copy(JsonNode notebook, int[] counts) {
    if (!notebook.path("cells").isArray()) {
      throw new IllegalArgumentException("not a Jupyter notebook: no \"cells\" array");
    }
    ObjectNode out = notebook.deepCopy();
    ArrayNode cells = JSON.createArrayNode();
    boolean inExercises = false;
    for (JsonNode cell : notebook.path("cells")) {
      String type = cell.path("cell_type").asText();
      if (hasTag(cell, SOLUTION)) {
        counts[0]++;
        continue;
      }
      ObjectNode c = cell.deepCopy();
      if ("markdown".equals(type) && source(cell).lines().anyMatch(l -> l.strip().equals("## Exercises"))) {
        inExercises = true;
      }
      if ("code".equals(type) && (inExercises || hasTag(cell, EXERCISE))) {
        if (!c.path("outputs").isEmpty() || !c.path("execution_count").isNull()) {
          counts[1]++;
        }
        c.set("outputs", JSON.createArrayNode());
        c.putNull("execution_count");
      }
      cells.add(c);
    }
    out.set("cells", cells);
    return out;
  }

  /**
   * Writes a student copy of every {@code .ipynb} in {@code notebooks} into {@code dir} (created if
   * missing), under the same names. Put {@code dir} beside {@code notebooks} (for example
   * {@code student-notebooks/} at the repository root) so the notebooks' {@code ../datasets-sample}
   * paths still resolve.
   *
   * @throws IllegalArgumentException if {@code dir} is {@code notebooks} itself (the originals would be lost)
   */
  public static List<Copy> write(Path notebooks, Path dir) throws IOException {
    if (!Files.isDirectory(notebooks)) {
      throw new IllegalArgumentException(notebooks + ": no notebooks directory");
    }
    if (Files.exists(dir) && Files.isSameFile(notebooks, dir)) {
      throw new IllegalArgumentException(dir + " is the notebooks directory itself; write the student copies elsewhere");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(notebooks)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
    }
    Files.createDirectories(dir);
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter(" ", "\n")).withArrayIndenter(new DefaultIndenter(" ", "\n"));
    List<Copy> copies = new ArrayList<>();
    for (Path f : files) {
      int[] counts = new int[2];
      ObjectNode copy = copy(JSON.readTree(f.toFile()), counts);
      Path target = dir.resolve(f.getFileName());
      Files.writeString(target, JSON.writer(pretty).writeValueAsString(copy) + "\n", StandardCharsets.UTF_8);
      copies.add(new Copy(target, counts[0], counts[1]));
    }
    return copies;
  }

  private static boolean hasTag(JsonNode cell, String tag) {
    for (JsonNode t : cell.path("metadata").path("tags")) {
      if (tag.equals(t.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String source(JsonNode cell) {
    JsonNode s = cell.path("source");
    if (s.isArray()) {
      StringBuilder sb = new StringBuilder();
      s.forEach(line -> sb.append(line.asText()));
      return sb.toString();
    }
    return s.asText();
  }
}
