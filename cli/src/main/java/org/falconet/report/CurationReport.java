package org.falconet.report;

import static org.falconet.report.HtmlPage.count;
import static org.falconet.report.HtmlPage.escape;
import static org.falconet.report.HtmlPage.percent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.falconet.corpus.Document;
import org.falconet.kernel.display.Chart;
import org.falconet.pipeline.Funnel;
import org.falconet.pipeline.RunStats;
import org.falconet.pipeline.StageStats;

/**
 * The curation part of a run's report: the funnel as a table beside the paper's removal shares
 * ({@link Funnel#PAPER_REMOVAL_SHARE}) and as a chart, then per stage its removal reasons with
 * counts and example documents: struck-through lines for line-wise corrections, side-by-side pairs
 * for duplicates.
 */
final class CurationReport {
  /** Characters of a document shown; the rest is cut with a note. */
  static final int TEXT_CHARS = 1500;
  /** Lines of a corrected document shown. */
  static final int SHOWN_LINES = 60;

  private CurationReport() {}

  static void funnel(HtmlPage page, RunStats stats) {
    Funnel funnel = stats.funnel();
    page.h2("funnel", "Funnel");
    page.p(count(stats.inputRecords) + " records in, " + count(stats.kept) + " kept, " + count(stats.removed)
        + " removed, in " + String.format(Locale.ROOT, "%.1f", stats.wallMillis / 1000.0) + " s on " + stats.threads
        + " threads. “Paper” is the share the RefinedWeb paper reports removed by that stage (Penedo et al. 2023,"
        + " section 3 and figure 2), where it reports one.");
    List<List<String>> rows = new ArrayList<>();
    for (Funnel.Row r : funnel.rows()) {
      rows.add(List.of(String.valueOf(rows.size() + 1), r.stage(), count(r.docsIn()), count(r.removed()), percent(r.removedShare()),
          r.paperRemovedShare() == null ? "–" : percent(r.paperRemovedShare()), count(r.kept()),
          percent(r.remainingShare()), String.format(Locale.ROOT, "%.2f", r.seconds())));
    }
    List<String> header = List.of("#", "stage", "docs in", "removed", "removed %", "paper %", "kept", "% of input left", "seconds");
    page.table(header, rows, header.subList(2, header.size()));
    // Stages by their row number: eleven names of up to 21 characters do not fit under 640 pixels of bars.
    List<String> names = rows.stream().map(r -> r.get(0)).toList();
    double[] left = funnel.rows().stream().mapToDouble(Funnel.Row::kept).toArray();
    page.svg(Chart.bar("Documents left after each stage", names, left).xLabel("stage (# in the table)").yLabel("documents").toSvg().svg(),
        "bar chart: documents left after each stage",
        "Documents left after each stage of the pipeline, in order; stages numbered as in the table.");
  }

  static void removals(HtmlPage page, RunStats stats, RemovalExamples ex) {
    page.h2("removals", "Removals by stage");
    for (StageStats s : stats.stages) {
      boolean lineStage = s.stage.equals("line_corrections") && !ex.correctedLinesByRule.isEmpty();
      if (s.removed() == 0 && !lineStage) {
        continue;
      }
      page.markup("<h3 id=\"stage-" + escape(s.stage) + "\">" + escape(s.stage) + "</h3>");
      List<List<String>> rows = new ArrayList<>();
      s.removals().forEach((reason, n) -> rows.add(List.of(reason, count(n), percent((double) n / Math.max(1, s.docsIn)))));
      if (!rows.isEmpty()) {
        page.table(List.of("reason", "documents", "share of those reaching the stage"), rows,
            List.of("documents", "share of those reaching the stage"));
      }
      Map<String, List<Document>> byReason = ex.removed.getOrDefault(s.stage, Map.of());
      for (Map.Entry<String, List<Document>> e : byReason.entrySet()) {
        // Pairs and struck-through lines are what a reader comes for: those open, the rest folded.
        boolean open = s.stage.endsWith("_dedup") || s.stage.equals("line_corrections");
        page.markup("<details" + (open ? " open" : "") + "><summary>" + e.getValue().size() + " example" + (e.getValue().size() == 1 ? "" : "s")
            + " of <code>" + escape(e.getKey()) + "</code></summary>");
        for (Document d : e.getValue()) {
          Document twin = ex.twins.get(d.id());
          if (twin != null) {
            page.markup("<div class=\"pair\">" + card(d, "removed", true) + card(twin, twinLabel(s.stage), false)
                + "</div>");
          } else {
            page.markup(card(d, "removed", true));
          }
        }
        page.markup("</details>");
      }
      if (lineStage) {
        page.p("Lines removed from documents that were kept, by rule (a document loses at most 5% of its words this"
            + " way; more, and it is removed whole):");
        List<List<String>> rules = new ArrayList<>();
        ex.correctedLinesByRule.forEach((rule, n) -> rules.add(List.of(rule, count(n))));
        page.table(List.of("rule", "lines"), rules, List.of("lines"));
        page.markup("<details open><summary>" + ex.corrected.size() + " corrected document"
            + (ex.corrected.size() == 1 ? "" : "s") + " (removed lines struck through)</summary>");
        ex.corrected.forEach(d -> page.markup(card(d, "kept, corrected", false)));
        page.markup("</details>");
      }
    }
  }

  /** What the right-hand document of a pair is, by the stage that found the pair. */
  static String twinLabel(String stage) {
    return switch (stage) {
      case "minhash_dedup" -> "the near-duplicate it was clustered with";
      case "url_dedup" -> "the document with the same normalised URL";
      case "exact_substring_dedup" -> "the document sharing the most text with it";
      default -> "its duplicate";
    };
  }

  /** One document as a card: id, URL, a few metadata, then its text (with removed lines struck through). */
  static String card(Document d, String label, boolean textIsOriginal) {
    StringBuilder sb = new StringBuilder("<div class=\"doc\"><div class=\"meta\">").append(escape(label)).append(" · <code>")
        .append(escape(d.id())).append("</code>");
    if (d.url() != null) {
      sb.append(" · ").append(escape(d.url()));
    }
    d.metadata().forEach((k, v) -> {
      // A score or share for people: four significant digits, not the 17 a double prints.
      String shown = v instanceof Double x ? new java.math.BigDecimal(x).round(new java.math.MathContext(4))
          .stripTrailingZeros().toPlainString() : String.valueOf(v);
      if (!k.equals("removed_lines") && shown.length() <= 80) {
        sb.append(" · ").append(escape(k)).append(": ").append(escape(shown));
      }
    });
    sb.append("</div><div class=\"text\">");
    if (d.text() == null) {
      sb.append("<span class=\"muted\">(no text extracted; HTML ").append(count(d.html() == null ? 0 : d.html().length()))
          .append(" characters)</span>");
    } else if (d.meta("removed_lines") instanceof List<?> lines && !lines.isEmpty()) {
      sb.append(struck(d.text(), lines, textIsOriginal));
    } else {
      sb.append(escape(cut(d.text())));
    }
    return sb.append("</div></div>").toString();
  }

  private static String cut(String text) {
    return text.length() <= TEXT_CHARS ? text : text.substring(0, TEXT_CHARS) + " … (" + count(text.length() - TEXT_CHARS)
        + " more characters)";
  }

  /**
   * The text with the lines line-wise corrections removed struck through, each with its rule. The
   * removed lines carry their index in the original text; a kept document's text is the corrected
   * one, so the original is rebuilt by putting them back in place.
   */
  static String struck(String text, List<?> removedLines, boolean textIsOriginal) {
    Map<Integer, Map<?, ?>> byIndex = new HashMap<>();
    int last = -1;
    for (Object o : removedLines) {
      if (o instanceof Map<?, ?> m && m.get("line") instanceof Number n) {
        byIndex.put(n.intValue(), m);
        last = Math.max(last, n.intValue());
      }
    }
    String[] lines = text.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    int j = 0;
    int shown = 0;
    for (int i = 0; ; i++) {
      Map<?, ?> removed = byIndex.get(i);
      if (removed == null && (textIsOriginal ? i >= lines.length : j >= lines.length)) {
        break;
      }
      if (shown++ == SHOWN_LINES) {
        sb.append("<span class=\"muted\">… (more lines)</span>");
        break;
      }
      if (removed != null) {
        Object kept = removed.get("kept");
        sb.append("<del>").append(escape(String.valueOf(removed.get("text")))).append("</del><span class=\"rule\">")
            .append(escape(String.valueOf(removed.get("rule")))).append("</span>");
        if (kept != null && !kept.toString().isEmpty()) {
          sb.append(" <span class=\"muted\">→ kept: ").append(escape(kept.toString())).append("</span>");
          if (!textIsOriginal) {
            j++; // the corrected text holds what was kept of this line
          }
        }
      } else {
        sb.append(escape(textIsOriginal ? lines[i] : lines[j++]));
      }
      sb.append('\n');
      if (i > last && (textIsOriginal ? i + 1 >= lines.length : j >= lines.length)) {
        break;
      }
    }
    return sb.toString();
  }
}
