package org.falconet.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** Results laid out like the harness's and the leaderboard's table: task, shots, metric, value, stderr. */
public final class Leaderboard {
  private Leaderboard() {}

  /** The results as a tablesaw table, for notebooks. */
  public static Table table(List<Harness.TaskResult> results) {
    StringColumn task = StringColumn.create("task");
    IntColumn shots = IntColumn.create("n_shot");
    IntColumn items = IntColumn.create("items");
    StringColumn metric = StringColumn.create("metric");
    DoubleColumn value = DoubleColumn.create("value");
    DoubleColumn stderr = DoubleColumn.create("stderr");
    for (Harness.TaskResult r : results) {
      r.metrics().forEach((m, v) -> {
        task.append(r.task());
        shots.append(r.shots());
        items.append(r.items());
        metric.append(m);
        value.append(v);
        Double se = r.stderr().get(m);
        if (se == null || se.isNaN()) {
          stderr.appendMissing();
        } else {
          stderr.append(se);
        }
      });
    }
    // Scores to four decimals, as the leaderboard shows them; the JSON keeps full precision.
    value.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
    stderr.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
    return Table.create("results", task, shots, items, metric, value, stderr);
  }

  /** The results as plain text for terminals, in the harness's column order. */
  public static String text(List<Harness.TaskResult> results) {
    StringBuilder sb = new StringBuilder(String.format("%-16s %6s %6s %-17s %8s %8s%n", "task", "n-shot", "items",
        "metric", "value", "stderr"));
    for (Harness.TaskResult r : results) {
      r.metrics().forEach((m, v) -> {
        Double se = r.stderr().get(m);
        sb.append(String.format("%-16s %6d %6d %-17s %8.4f %8s%n", r.task(), r.shots(), r.items(), m, v,
            se == null || se.isNaN() ? "" : String.format("%.4f", se)));
      });
    }
    return sb.toString();
  }

  /** Writes the results as JSON: per task, metrics, standard errors and per-subject accuracy. */
  public static void writeJson(List<Harness.TaskResult> results, Path file) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Harness.TaskResult r : results) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("n_shot", r.shots());
      t.put("items", r.items());
      t.put("metrics", r.metrics());
      t.put("stderr", r.stderr());
      if (!r.perGroupAcc().isEmpty()) {
        t.put("per_subject_acc", r.perGroupAcc());
      }
      out.put(r.task(), t);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
  }
}
