package org.falconet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet copies of the sample items ({@code datasets-sample/eval/parquet/}, Hugging Face's column
 * layouts, written by {@link MakeParquetSample} with Snappy, ZSTD and GZIP pages) load to exactly the
 * items the released formats (JSONL, CSV, {@code mc_task.json}) give.
 */
class ParquetRowsTest {
  private static final Path SAMPLE = Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/eval");
  private static final Path PARQUET = SAMPLE.resolve("parquet");

  private static void assertSameTask(String name, Path released, Path parquet) throws IOException {
    Task a = TaskData.load(name, released);
    Task b = TaskData.load(name, parquet);
    assertTrue(a.items().size() > 0);
    assertEquals(a.items(), b.items(), name + " items");
    assertEquals(a.fewshotPool(), b.fewshotPool(), name + " few-shot pool");
  }

  @Test
  void arcParquetLoadsLikeAi2Jsonl() throws IOException {
    assertSameTask("arc_challenge", SAMPLE.resolve("arc_challenge"), PARQUET.resolve("arc_challenge"));
  }

  @Test
  void hellaswagParquetLoadsLikeJsonl() throws IOException {
    assertSameTask("hellaswag", SAMPLE.resolve("hellaswag"), PARQUET.resolve("hellaswag"));
  }

  @Test
  void hubConvertedLayoutWithSplitDirectoriesLoadsTheSame(@TempDir Path dir) throws IOException {
    for (String[] f : new String[][] {{"train", "train"}, {"validation", "validation"}}) {
      Files.createDirectories(dir.resolve(f[1]));
      Files.copy(PARQUET.resolve("hellaswag/" + f[0] + "-00000-of-00001.parquet"), dir.resolve(f[1]).resolve("0000.parquet"));
    }
    assertSameTask("hellaswag", SAMPLE.resolve("hellaswag"), dir);
  }

  @Test
  void mmluParquetLoadsLikeTheCsvs() throws IOException {
    assertSameTask("mmlu", SAMPLE.resolve("mmlu"), PARQUET.resolve("mmlu"));
  }

  @Test
  void truthfulqaParquetLoadsLikeMcTaskJson() throws IOException {
    assertSameTask("truthfulqa_mc1", SAMPLE.resolve("truthfulqa"), PARQUET.resolve("truthfulqa"));
    assertSameTask("truthfulqa_mc2", SAMPLE.resolve("truthfulqa"), PARQUET.resolve("truthfulqa"));
  }

  @Test
  void rowsAreJsonTreesWithStructsAsObjectsAndListsAsArrays() throws IOException {
    List<JsonNode> rows = ParquetRows.read(PARQUET.resolve("hellaswag/validation-00000-of-00001.parquet"));
    JsonNode jsonl = new ObjectMapper().readTree(
        Files.readAllLines(SAMPLE.resolve("hellaswag/hellaswag_val.jsonl")).get(0));
    assertEquals(4, rows.size());
    JsonNode row = rows.get(0);
    assertEquals(jsonl.get("endings"), row.get("endings"));
    assertEquals(jsonl.get("ctx_a"), row.get("ctx_a"));
    assertEquals(0, row.get("ind").asInt());
    assertEquals("0", row.get("label").asText());
    JsonNode tqa = ParquetRows.read(PARQUET.resolve("truthfulqa/validation-00000-of-00001.parquet")).get(0);
    assertTrue(tqa.get("mc2_targets").get("choices").isArray());
    assertEquals(1, tqa.get("mc2_targets").get("labels").get(0).asInt());
  }

  @Test
  void aFileThatIsNotParquetIsNamedInTheError(@TempDir Path dir) throws IOException {
    Path bogus = dir.resolve("test-00000-of-00001.parquet");
    Files.writeString(bogus, "not parquet at all");
    IOException e = assertThrows(IOException.class, () -> ParquetRows.read(bogus));
    assertTrue(e.getMessage().startsWith(bogus.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a readable Parquet file"), e.getMessage());
  }
}
