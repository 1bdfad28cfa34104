package org.falconet.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The per-stage funnel of a run, laid out like the RefinedWeb paper's removal figure (Penedo et
 * al. 2023, figure 2): for each stage, the documents that reached it, the share it removed, and the
 * share of the original input still left after it. Where the paper reports a removal rate for a
 * stage, it is shown beside ours.
 */
public final class Funnel {

  /**
   * Removal rates the RefinedWeb paper reports for its stages, as a share of the documents that
   * reached the stage (Penedo et al. 2023, section 3 and figure 2), keyed by our stage names.
   */
  public static final Map<String, Double> PAPER_REMOVAL_SHARE = Map.of(
      "gopher_repetition", 0.24,
      "gopher_quality", 0.16,
      "line_corrections", 0.23);

  /** One row of the funnel. */
  public record Row(String stage, long docsIn, long removed, long kept, double removedShare, double remainingShare,
                    Double paperRemovedShare, long bytesIn, long bytesKept, double seconds) {}

  private final List<Row> rows = new ArrayList<>();

  public Funnel(RunStats stats) {
    double input = Math.max(1, stats.inputRecords);
    for (StageStats s : stats.stages) {
      rows.add(new Row(s.stage, s.docsIn, s.removed(), s.kept,
          s.docsIn == 0 ? 0 : (double) s.removed() / s.docsIn, s.kept / input,
          PAPER_REMOVAL_SHARE.get(s.stage), s.bytesIn, s.bytesKept, s.nanos / 1e9));
    }
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The funnel as a tablesaw table, for notebooks. */
  public Table toTable() {
    Table t = Table.create("funnel");
    StringColumn stage = StringColumn.create("stage");
    LongColumn in = LongColumn.create("docs_in");
    LongColumn removed = LongColumn.create("removed");
    LongColumn kept = LongColumn.create("kept");
    DoubleColumn removedPct = DoubleColumn.create("removed_%");
    DoubleColumn paperPct = DoubleColumn.create("paper_removed_%");
    DoubleColumn remainingPct = DoubleColumn.create("remaining_%_of_input");
    for (Row r : rows) {
      stage.append(r.stage());
      in.append(r.docsIn());
      removed.append(r.removed());
      kept.append(r.kept());
      removedPct.append(100 * r.removedShare());
      if (r.paperRemovedShare() == null) {
        paperPct.appendMissing();
      } else {
        paperPct.append(100 * r.paperRemovedShare());
      }
      remainingPct.append(100 * r.remainingShare());
    }
    return t.addColumns(stage, in, removed, kept, removedPct, paperPct, remainingPct);
  }

  /** A plain-text table for terminals. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-24s %10s %10s %10s %9s %9s %11s %9s%n";
    sb.append(String.format(fmt, "stage", "docs in", "removed", "kept", "removed", "paper", "remaining", "time"));
    for (Row r : rows) {
      sb.append(String.format(fmt, r.stage(), r.docsIn(), r.removed(), r.kept(),
          String.format("%.1f%%", 100 * r.removedShare()),
          r.paperRemovedShare() == null ? "-" : String.format("%.0f%%", 100 * r.paperRemovedShare()),
          String.format("%.1f%%", 100 * r.remainingShare()), String.format("%.2fs", r.seconds())));
    }
    return sb.toString();
  }
}
