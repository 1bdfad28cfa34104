package org.falconet.report;

import static org.falconet.report.HtmlPage.count;
import static org.falconet.report.HtmlPage.escape;

import java.util.ArrayList;
import java.util.List;
import org.falconet.provenance.FileDigest;
import org.falconet.provenance.RunManifest;

/** The manifest part of a report: code version, machine, inputs, models, stage parameters, outputs, the JSON itself. */
final class ManifestSection {
  /** Inputs and outputs listed one by one up to this many; the full lists are in the JSON below. */
  static final int LISTED_FILES = 50;

  private ManifestSection() {}

  static void write(HtmlPage page, RunManifest m) {
    page.h2("manifest", "Manifest");
    if (m == null) {
      page.p("No manifest.json in this run.");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("command", m.command));
    rows.add(List.of("Falconet", m.falconet.version() + ", commit " + m.falconet.commit()
        + (m.falconet.dirty() == null ? "" : m.falconet.dirty() ? " (uncommitted changes)" : " (clean)")));
    if (m.engine != null) {
      rows.add(List.of("engine", m.engine.kind() + (m.engine.threads() != null ? ", " + m.engine.threads() + " threads" : "")
          + (m.engine.shardSize() != null ? ", shards of " + count(m.engine.shardSize()) + " documents" : "")
          + (m.engine.master() != null ? ", master " + m.engine.master() : "")));
    }
    rows.add(List.of("Java", m.machine.java() + " (" + m.machine.javaVendor() + ")"));
    rows.add(List.of("machine", m.machine.os() + ", " + m.machine.arch() + ", " + m.machine.cores() + " cores, "
        + m.machine.cpu()));
    rows.add(List.of("CPU features", String.join(" ", m.machine.cpuFeatures())));
    rows.add(List.of("started", m.startedAt));
    rows.add(List.of("finished", m.finishedAt == null ? "(not finished)" : m.finishedAt));
    page.table(List.of("", "value"), rows, List.of());

    page.h3("Inputs");
    files(page, m.inputs);
    if (m.commonCrawl != null) {
      page.p("Common Crawl: " + m.commonCrawl.crawl() + ", " + count(m.commonCrawl.picked().size()) + " of "
          + count(m.commonCrawl.listed()) + " WARC files of " + m.commonCrawl.pathList() + " picked with seed "
          + m.commonCrawl.seed() + ".");
    }
    if (!m.models.isEmpty()) {
      page.h3("Models");
      List<List<String>> models = new ArrayList<>();
      m.models.forEach(x -> models.add(List.of(x.role(), x.file(), count(x.bytes()), x.sha256())));
      page.table(List.of("role", "file", "bytes", "SHA-256"), models, List.of("bytes"));
    }
    if (!m.stages.isEmpty()) {
      page.h3("Stage parameters");
      StringBuilder sb = new StringBuilder();
      for (RunManifest.StageEntry s : m.stages) {
        sb.append("<details><summary><code>").append(escape(s.name())).append("</code></summary><pre>")
            .append(escape(s.params() == null ? "(no parameter record)" : s.params().toPrettyString()))
            .append("</pre></details>\n");
      }
      page.markup(sb.toString());
    }
    if (m.settings != null) {
      page.h3("Settings");
      page.pre(m.settings.toPrettyString());
    }
    page.h3("Outputs");
    files(page, m.outputs);
    page.markup("<details><summary>manifest.json</summary><pre>" + escape(m.toJson()) + "</pre></details>");
  }

  private static void files(HtmlPage page, List<FileDigest> files) {
    List<List<String>> rows = new ArrayList<>();
    for (FileDigest f : files.subList(0, Math.min(LISTED_FILES, files.size()))) {
      rows.add(List.of(f.path(), f.bytes() < 0 ? "–" : count(f.bytes()), f.sha256() == null ? "(not read)" : f.sha256()));
    }
    page.table(List.of("file", "bytes", "SHA-256"), rows, List.of("bytes"));
    if (files.size() > LISTED_FILES) {
      page.p("… and " + count(files.size() - LISTED_FILES) + " more (all are in manifest.json below).");
    }
  }
}
