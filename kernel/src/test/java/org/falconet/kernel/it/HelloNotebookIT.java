package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.falconet.kernel.testing.Jupyter;
import org.falconet.kernel.testing.NotebookCheck;
import org.junit.jupiter.api.Test;

/** Executes notebooks/00-hello-falconet.ipynb through nbclient and the real kernel, and checks its outputs against the committed ones and known values. */
class HelloNotebookIT {

  @Test
  void helloNotebookRunsTopToBottom() throws Exception {
    JsonNode done = NotebookCheck.run("00-hello-falconet.ipynb", 120);
    JsonNode cells = done.path("cells");
    assertTrue(Jupyter.text(cells.get(1)).startsWith("Hello from Java "), Jupyter.text(cells.get(1)));
    String docHtml = Jupyter.data(cells.get(3).path("outputs").get(0), "text/html");
    assertTrue(docHtml.contains("title=\"boilerplate\">Click here to subscribe</del>"), docHtml);
    String tableHtml = Jupyter.data(last(cells.get(5)), "text/html");
    assertTrue(tableHtml.contains("<td>falcon</td><td>6</td>"), tableHtml);
    assertTrue(tableHtml.contains("3 rows"), tableHtml);
    assertEquals("document 1\ndocument 2\ndocument 3\n\n", Jupyter.text(cells.get(6)));
  }

  private static JsonNode last(JsonNode cell) {
    JsonNode outs = cell.path("outputs");
    return outs.get(outs.size() - 1);
  }
}
