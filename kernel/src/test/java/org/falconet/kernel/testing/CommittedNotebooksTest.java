package org.falconet.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.falconet.kernel.wire.Message;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The house rules for the notebooks in {@code notebooks/}, checked on the committed files: each runs on
 * the falconet kernel, is committed executed (every code cell has run, none failed), opens with prose,
 * is executed in CI by an integration test, and (the stage notebooks, numbered from 01) ends with
 * exercises whose solutions are in collapsed cells tagged {@code solution}.
 */
class CommittedNotebooksTest {
  private static final Path REPO = Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();

  @TestFactory
  Stream<DynamicTest> everyNotebookFollowsTheHouseRules() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> s = Files.list(REPO.resolve("notebooks"))) {
      notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertFalse(notebooks.isEmpty(), "no notebooks in " + REPO.resolve("notebooks"));
    String tests = integrationTestSources();
    return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> check(nb, tests)));
  }

  private static void check(Path file, String integrationTests) throws IOException {
    String name = file.getFileName().toString();
    JsonNode nb = Message.json().readTree(file.toFile());
    assertEquals("falconet", nb.path("metadata").path("kernelspec").path("name").asText(), name + ": kernelspec");
    JsonNode cells = nb.path("cells");
    assertEquals("markdown", cells.get(0).path("cell_type").asText(), name + ": the first cell is prose");
    boolean exercises = false;
    boolean solution = false;
    for (int i = 0; i < cells.size(); i++) {
      JsonNode cell = cells.get(i);
      if ("markdown".equals(cell.path("cell_type").asText()) && Jupyter.source(cell).contains("## Exercises")) {
        exercises = true;
      }
      if (!"code".equals(cell.path("cell_type").asText())) {
        continue;
      }
      assertFalse(cell.path("execution_count").isNull() || cell.path("execution_count").isMissingNode(),
          name + ": cell " + i + " is committed without having been executed (./falconet notebook --execute)");
      for (JsonNode o : cell.path("outputs")) {
        assertFalse("error".equals(o.path("output_type").asText()), name + ": cell " + i + " is committed with an error");
      }
      if (hasTag(cell, "solution")) {
        solution = true;
        assertTrue(cell.path("metadata").path("jupyter").path("source_hidden").asBoolean(false),
            name + ": solution cell " + i + " must be collapsed (metadata.jupyter.source_hidden = true)");
      }
    }
    if (!name.startsWith("00")) {
      assertTrue(exercises, name + ": no markdown cell with an '## Exercises' heading");
      assertTrue(solution, name + ": no solution cell (tag 'solution')");
    }
    assertTrue(integrationTests.contains("\"" + name + "\""), name + ": no *IT.java executes it (NotebookCheck.run(\"" + name + "\", ...))");
  }

  private static boolean hasTag(JsonNode cell, String tag) {
    for (JsonNode t : cell.path("metadata").path("tags")) {
      if (tag.equals(t.asText())) {
        return true;
      }
    }
    return false;
  }


  private static String integrationTestSources() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String module : List.of("lib", "kernel", "spark", "cli")) {
      Path tests = REPO.resolve(module).resolve("src/test/java");
      if (!Files.isDirectory(tests)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(tests)) {
        s.filter(p -> p.toString().endsWith("IT.java")).forEach(p -> {
        try {
          sb.append(Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    return sb.toString();
  }
}
