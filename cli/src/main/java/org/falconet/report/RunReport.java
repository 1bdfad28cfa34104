package org.falconet.report;

import static org.falconet.report.HtmlPage.count;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.falconet.kernel.display.Chart;
import org.falconet.pipeline.RunStats;
import org.falconet.provenance.FileDigest;
import org.falconet.provenance.RunManifest;

/**
 * Writes a run's report: one self-contained HTML file. A curation run ({@code stats.json}) gets
 * its funnel and removals ({@link CurationReport}); a training run ({@code loss.csv}) its loss
 * curve; an evaluation ({@code results.json}) its leaderboard table; every run its manifest and
 * how to cite and reproduce it.
 *
 * <pre>{@code
 * Path html = RunReport.write(Path.of("out/demo/curated"), Path.of("out/demo/report.html"));
 * }</pre>
 */
public final class RunReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunReport() {}

  /** Writes the report of the run in {@code runDir} to {@code file}; returns {@code file}. */
  public static Path write(Path runDir, Path file) throws IOException {
    Path manifestFile = runDir.resolve(RunManifest.FILE);
    RunManifest manifest = Files.exists(manifestFile) ? RunManifest.read(manifestFile) : null;
    boolean curation = Files.exists(runDir.resolve("stats.json"));
    boolean training = Files.exists(runDir.resolve("loss.csv"));
    boolean eval = Files.exists(runDir.resolve("results.json"));
    if (!curation && !training && !eval) {
      throw new java.nio.file.NoSuchFileException(runDir.toString(), null,
          "not a finished run (no stats.json, loss.csv or results.json)");
    }
    String command = manifest != null ? manifest.command : curation ? "curate" : training ? "train" : "eval";
    HtmlPage page = new HtmlPage("Falconet " + command + " run: " + runDir.toAbsolutePath().normalize().getFileName());
    List<String> toc = new ArrayList<>();
    if (curation) {
      toc.addAll(List.of("funnel", "removals"));
    }
    if (training) {
      toc.add("loss");
    }
    if (eval) {
      toc.add("results");
    }
    toc.addAll(List.of("cite", "manifest"));
    StringBuilder nav = new StringBuilder("<p>Contents: ");
    for (String id : toc) {
      nav.append("<a href=\"#").append(id).append("\">").append(id).append("</a> ");
    }
    page.markup(nav.append("</p>").toString());
    if (curation) {
      RunStats stats = RunStats.read(runDir.resolve("stats.json"));
      CurationReport.funnel(page, stats);
      CurationReport.removals(page, stats, RemovalExamples.read(runDir));
    }
    if (training) {
      loss(page, runDir.resolve("loss.csv"));
    }
    if (eval) {
      results(page, JSON.readTree(runDir.resolve("results.json").toFile()));
    }
    cite(page, runDir, manifest);
    ManifestSection.write(page, manifest);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, page.finish());
    return file;
  }

  /** The loss curve of {@code loss.csv} (step, lr, train_loss, grad_norm, val_loss, tokens_per_s) and its last values. */
  static void loss(HtmlPage page, Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<double[]> train = new ArrayList<>();
    List<double[]> val = new ArrayList<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length < 5) {
        throw new IOException(csv + ": expected step,lr,train_loss,grad_norm,val_loss,... in '" + line + "'");
      }
      double step = Double.parseDouble(f[0]);
      train.add(new double[] {step, Double.parseDouble(f[2])});
      if (!f[4].isBlank() && !f[4].equals("null") && !f[4].equals("NaN")) {
        val.add(new double[] {step, Double.parseDouble(f[4])});
      }
    }
    page.h2("loss", "Loss curve");
    Chart chart = Chart.line("Training loss").xLabel("step").yLabel("cross-entropy (nats per token)")
        .series("train", column(train, 0), column(train, 1));
    if (!val.isEmpty()) {
      chart.series("validation", column(val, 0), column(val, 1));
    }
    page.svg(chart.toSvg().svg(), "line chart: training and validation loss by step",
        "Training loss per step and validation loss where it was measured.");
    List<List<String>> rows = new ArrayList<>();
    if (!train.isEmpty()) {
      double[] t = train.get(train.size() - 1);
      rows.add(List.of("train", count((long) t[0]), String.format(Locale.ROOT, "%.4f", t[1])));
    }
    if (!val.isEmpty()) {
      double[] v = val.get(val.size() - 1);
      rows.add(List.of("validation", count((long) v[0]), String.format(Locale.ROOT, "%.4f", v[1])));
    }
    page.table(List.of("loss", "last step", "value"), rows, List.of("last step", "value"));
  }

  private static double[] column(List<double[]> rows, int i) {
    return rows.stream().mapToDouble(r -> r[i]).toArray();
  }

  /** An evaluation's results: the leaderboard's task table, or a perplexity measurement. */
  static void results(HtmlPage page, JsonNode results) {
    page.h2("results", "Results");
    List<List<String>> rows = new ArrayList<>();
    if (results.has("wordPerplexity")) {
      for (String f : List.of("documents", "tokens", "wordPerplexity", "bytePerplexity", "bitsPerByte")) {
        JsonNode v = results.path(f);
        rows.add(List.of(f, v.isIntegralNumber() ? count(v.asLong()) : String.format(Locale.ROOT, "%.4f", v.asDouble())));
      }
      page.table(List.of("measure", "value"), rows, List.of("value"));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = results.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> task = it.next();
      JsonNode t = task.getValue();
      for (Iterator<Map.Entry<String, JsonNode>> m = t.path("metrics").fields(); m.hasNext(); ) {
        Map.Entry<String, JsonNode> metric = m.next();
        JsonNode se = t.path("stderr").path(metric.getKey());
        rows.add(List.of(task.getKey(), count(t.path("n_shot").asLong()), count(t.path("items").asLong()), metric.getKey(),
            String.format(Locale.ROOT, "%.4f", metric.getValue().asDouble()),
            se.isNumber() && !Double.isNaN(se.asDouble()) ? String.format(Locale.ROOT, "%.4f", se.asDouble()) : ""));
      }
    }
    List<String> header = List.of("task", "n-shot", "items", "metric", "value", "stderr");
    page.table(header, rows, List.of("n-shot", "items", "value", "stderr"));
  }

  /** How to cite the run and how a reader reproduces it. */
  static void cite(HtmlPage page, Path runDir, RunManifest m) throws IOException {
    page.h2("cite", "Cite and reproduce");
    if (m == null) {
      page.p("This run has no manifest.json (it was made by a Falconet older than manifests): it cannot be cited exactly.");
      return;
    }
    String sha = FileDigest.sha256(runDir.resolve(RunManifest.FILE));
    page.p("Cite the run by its manifest's SHA-256 and the code's commit:");
    page.pre("Falconet " + m.falconet.version() + ", commit " + m.falconet.commit()
        + (Boolean.TRUE.equals(m.falconet.dirty()) ? " (with uncommitted changes: not reproducible from the commit alone)" : "")
        + ", " + m.command + " run of " + m.startedAt + ", manifest.json SHA-256 " + sha);
    if (m.command.equals("curate") || m.command.equals("dedup")) {
      page.p("To reproduce it, check out that commit, put the inputs listed below at the same paths (their SHA-256"
          + " is checked) and replay; replay refuses with the reason when an input or model differs, and reports"
          + " whether every output file is byte-identical:");
      page.pre("git checkout " + m.falconet.commit() + "\n./falconet replay " + runDir);
    } else {
      page.p("To reproduce it, check out that commit and run the same command; the inputs and models must have the"
          + " SHA-256 listed below.");
      if (m.arguments != null) {
        page.pre("git checkout " + m.falconet.commit() + "\n./falconet " + String.join(" ", m.arguments));
      }
    }
  }
}
