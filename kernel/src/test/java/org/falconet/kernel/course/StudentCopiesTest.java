package org.falconet.kernel.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Student copies: solutions gone, exercise outputs cleared, everything else as committed. */
class StudentCopiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path NOTEBOOKS = Path.of(System.getProperty("falconet.repo", "..")).resolve("notebooks");

  private static JsonNode notebook(String cells) throws Exception {
    return JSON.readTree("{\"cells\": [" + cells + "], \"metadata\": {\"kernelspec\": {\"name\": \"falconet\"}},"
        + " \"nbformat\": 4, \"nbformat_minor\": 5}");
  }

  private static String code(String source, String tags, int count) {
    return "{\"cell_type\": \"code\", \"execution_count\": " + count + ", \"metadata\": {\"tags\": [" + tags + "]},"
        + " \"outputs\": [{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"out\\n\"}], \"source\": \"" + source + "\"}";
  }

  @Test
  void removesSolutionsAndClearsExerciseOutputsOnly() throws Exception {
    JsonNode nb = notebook(String.join(",",
        "{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\"# Title\\n\"]}",
        code("int x = 1;", "", 1),
        code("x + 1", "\"exercise\"", 2),
        "{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\"## Exercises\\n\", \"1. Do it.\"]}",
        code("// try here", "", 3),
        code("x * 2", "\"solution\"", 4)));
    JsonNode copy = StudentCopies.studentCopy(nb);
    JsonNode cells = copy.path("cells");
    assertEquals(5, cells.size(), "the solution cell is removed");
    assertEquals(1, cells.get(1).path("outputs").size(), "a cell before the exercises keeps its output");
    assertEquals(1, cells.get(1).path("execution_count").asInt());
    assertEquals(0, cells.get(2).path("outputs").size(), "a cell tagged exercise is cleared wherever it is");
    assertTrue(cells.get(2).path("execution_count").isNull());
    assertEquals(0, cells.get(4).path("outputs").size(), "a code cell after '## Exercises' is cleared");
    assertEquals(6, nb.path("cells").size(), "the original is not modified");
    assertEquals("falconet", copy.path("metadata").path("kernelspec").path("name").asText());
  }

  @Test
  void writesEveryCommittedNotebookWithoutItsSolutions(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("student-notebooks");
    List<StudentCopies.Copy> copies = StudentCopies.write(NOTEBOOKS, out);
    long committed;
    try (var s = Files.list(NOTEBOOKS)) {
      committed = s.filter(p -> p.toString().endsWith(".ipynb")).count();
    }
    assertEquals(committed, copies.size());
    int solutions = 0;
    for (StudentCopies.Copy c : copies) {
      JsonNode original = JSON.readTree(NOTEBOOKS.resolve(c.file().getFileName()).toFile());
      JsonNode copy = JSON.readTree(c.file().toFile());
      long tagged = 0;
      for (JsonNode cell : original.path("cells")) {
        if (cell.path("metadata").path("tags").toString().contains("\"solution\"")) tagged++;
      }
      assertEquals(tagged, c.solutionsRemoved(), c.file().toString());
      assertEquals(original.path("cells").size() - tagged, copy.path("cells").size(), c.file().toString());
      assertTrue(!copy.toString().contains("\"solution\""), c.file() + " still has a solution cell");
      assertEquals(original.path("metadata"), copy.path("metadata"));
      solutions += c.solutionsRemoved();
    }
    assertTrue(solutions >= committed - 1, "every notebook but 00 has solutions: " + solutions);
  }

  @Test
  void refusesToOverwriteTheNotebooks() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudentCopies.write(NOTEBOOKS, NOTEBOOKS));
    assertTrue(e.getMessage().contains("notebooks directory itself"), e.getMessage());
  }
}
