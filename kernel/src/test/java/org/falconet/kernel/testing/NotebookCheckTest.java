package org.falconet.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.falconet.kernel.wire.Message;
import org.junit.jupiter.api.Test;

class NotebookCheckTest {

  private static JsonNode notebook(String cellsJson) throws Exception {
    return Message.json().readTree("{\"cells\": [" + cellsJson + "]}");
  }

  private static String code(String tags, String outputs) {
    return "{\"cell_type\": \"code\", \"metadata\": {\"tags\": [" + tags + "]}, \"source\": \"x\", \"outputs\": [" + outputs + "]}";
  }

  private static final String MARKDOWN = "{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"# hi\"}";

  @Test
  void sameOutputsSplitDifferentlyIntoStreamsAgree() throws Exception {
    JsonNode a = notebook(MARKDOWN + "," + code("", "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": [\"kept 709\\n\", \"removed 652\\n\"]}"));
    JsonNode b = notebook(MARKDOWN + "," + code("", "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"kept 709\\n\"},"
        + "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"removed 652\\n\"}"));
    assertEquals(List.of(), NotebookCheck.differences(a, b));
  }

  @Test
  void aChangedNumberIsReportedWithItsCellAndLine() throws Exception {
    JsonNode a = notebook(MARKDOWN + "," + code("", "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"kept 709\\nremoved 652\\n\"}"));
    JsonNode b = notebook(MARKDOWN + "," + code("", "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"kept 709\\nremoved 651\\n\"}"));
    List<String> d = NotebookCheck.differences(a, b);
    assertEquals(1, d.size());
    assertTrue(d.get(0).startsWith("cell 1: output 0 line 2: "), d.get(0));
    assertTrue(d.get(0).contains("removed 652") && d.get(0).contains("removed 651"), d.get(0));
  }

  @Test
  void richOutputsCompareHtmlButNotPng() throws Exception {
    String html1 = "{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"text/html\": \"<b>1</b>\", \"image/png\": \"AAAA\"}}";
    String html2 = "{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"text/html\": \"<b>1</b>\", \"image/png\": \"BBBB\"}}";
    String html3 = "{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"text/html\": \"<b>2</b>\", \"image/png\": \"AAAA\"}}";
    assertEquals(List.of(), NotebookCheck.differences(notebook(code("", html1)), notebook(code("", html2))));
    assertEquals(1, NotebookCheck.differences(notebook(code("", html1)), notebook(code("", html3))).size());
  }

  @Test
  void volatileCellsAreNotComparedButTheirErrorsStillFail() throws Exception {
    JsonNode a = notebook(code("\"volatile\"", "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"12 ms\\n\"}"));
    JsonNode b = notebook(code("\"volatile\"", "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"15 ms\\n\"}"));
    assertEquals(List.of(), NotebookCheck.differences(a, b));
    JsonNode failed = notebook(code("\"volatile\"", "{\"output_type\": \"error\", \"ename\": \"EvalException\", \"evalue\": \"boom\", \"traceback\": []}"));
    List<String> d = NotebookCheck.differences(a, failed);
    assertEquals(1, d.size());
    assertTrue(d.get(0).contains("EvalException: boom"), d.get(0));
  }

  @Test
  void aMissingOrExtraOutputIsADifference() throws Exception {
    JsonNode a = notebook(code("", "{\"output_type\": \"execute_result\", \"execution_count\": 1, \"metadata\": {}, \"data\": {\"text/plain\": \"42\"}}"));
    JsonNode b = notebook(code("", ""));
    assertEquals(1, NotebookCheck.differences(a, b).size());
    assertEquals(1, NotebookCheck.differences(notebook(code("", "") + "," + code("", "")), b).size());
  }

  @Test
  void aDecimalFromAnotherCpuAgreesButACountDoesNot() throws Exception {
    JsonNode a = notebook(code("", "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"mc2 0.47100435627446974\\nitems 6\\n\"}"));
    JsonNode b = notebook(code("", "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"mc2 0.47100441451423114\\nitems 6\\n\"}"));
    JsonNode c = notebook(code("", "{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"mc2 0.47100441451423114\\nitems 7\\n\"}"));
    assertEquals(List.of(), NotebookCheck.differences(a, b));
    List<String> d = NotebookCheck.differences(a, c);
    assertEquals(1, d.size());
    assertTrue(d.get(0).startsWith("cell 0: output 0 line 2: "), d.get(0));
    List<String> t = NotebookCheck.toleratedDifferences(a, b);
    assertEquals(1, t.size());
    assertTrue(t.get(0).startsWith("cell 0: output 0 line 1: "), t.get(0));
    assertEquals(List.of(), NotebookCheck.toleratedDifferences(a, a));
  }
}
