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
 * al. 2023, figure 2): for each stage, the documents that reached it, the share it removed (of
 * documents, and of the bytes of content), and the share of the original input still left after it.
 * Where the paper reports a removal rate for a stage, it is shown beside ours with its unit.
 */
public final class Funnel {

  /**
   * Removal rates read off the RefinedWeb paper's figure 2 (Penedo et al. 2023, arXiv 2306.01116),
   * each "with respect to each previous stage", keyed by our stage names. The figure's caption:
   * "Rates measured in % of documents in the document preparation phase, then in tokens", so the
   * first three are shares of documents and the rest shares of tokens ({@link #PAPER_UNIT}); a
   * token share counts words cut from documents that were kept (line-wise corrections, exact
   * deduplication) as well as whole documents removed. Its kept rates: 97.76, 96.31, 47.51, 35.97,
   * 30.15, 23.34, 14.50 and 11.67% of the crawl. The paper gives no separate rate for URL
   * deduplication or PII.
   *
   * <p>Provenance: figure 2 is a picture in the paper's PDF; these values and the caption's wording were
   * transcribed from a redrawing of it and have not been checked here against the paper itself. The test
   * ({@code FunnelTest}) checks that they are consistent with one another (the removal rates, chained,
   * give the kept rates), not that they are the paper's.
   */
  public static final Map<String, Double> PAPER_REMOVAL_SHARE = Map.of(
      "url_filter", 0.0224,
      "text_extraction", 0.0149,
      "language_filter", 0.5066,
      "gopher_repetition", 0.2428,
      "gopher_quality", 0.1619,
      "line_corrections", 0.2259,
      "minhash_dedup", 0.3788,
      "exact_substring_dedup", 0.1847);

  /** The unit of each of {@link #PAPER_REMOVAL_SHARE}'s rates: {@code documents} or {@code tokens}. */
  public static final Map<String, String> PAPER_UNIT = Map.of(
      "url_filter", "documents",
      "text_extraction", "documents",
      "language_filter", "documents",
      "gopher_repetition", "tokens",
      "gopher_quality", "tokens",
      "line_corrections", "tokens",
      "minhash_dedup", "tokens",
      "exact_substring_dedup", "tokens");

  /**
   * One row of the funnel. {@code removedByteShare} is the share of the content's bytes (UTF-8) that
   * the stage removed, whole documents and cut lines together: the bytes of the HTML before text
   * extraction, of the text after it. Compare it with a paper rate in tokens; compare
   * {@code removedShare} (of documents) with one in documents.
   */
  public record Row(String stage, long docsIn, long removed, long kept, double removedShare, double remainingShare,
                    Double paperRemovedShare, long bytesIn, long bytesKept, double seconds, double removedByteShare,
                    String paperUnit) {}

  private final List<Row> rows = new ArrayList<>();

  public Funnel(RunStats stats) {
    double input = Math.max(1, stats.inputRecords);
    for (StageStats s : stats.stages) {
      rows.add(new Row(s.stage, s.docsIn, s.removed(), s.kept,
          s.docsIn == 0 ? 0 : (double) s.removed() / s.docsIn, s.kept / input,
          PAPER_REMOVAL_SHARE.get(s.stage), s.bytesIn, s.bytesKept, s.nanos / 1e9,
          s.bytesIn == 0 ? 0 : 1 - (double) s.bytesKept / s.bytesIn, PAPER_UNIT.get(s.stage)));
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
    StringColumn paperUnit = StringColumn.create("paper_unit");
    DoubleColumn bytesPct = DoubleColumn.create("removed_bytes_%");
    DoubleColumn remainingPct = DoubleColumn.create("remaining_%_of_input");
    for (Row r : rows) {
      stage.append(r.stage());
      in.append(r.docsIn());
      removed.append(r.removed());
      kept.append(r.kept());
      removedPct.append(round1(100 * r.removedShare()));
      if (r.paperRemovedShare() == null) {
        paperPct.appendMissing();
        paperUnit.append("");
      } else {
        paperPct.append(round1(100 * r.paperRemovedShare()));
        paperUnit.append(r.paperUnit());
      }
      bytesPct.append(round1(100 * r.removedByteShare()));
      remainingPct.append(round1(100 * r.remainingShare()));
    }
    return t.addColumns(stage, in, removed, kept, removedPct, paperPct, paperUnit, bytesPct, remainingPct);
  }

  /** A share in percent to one decimal, as people read it. */
  private static double round1(double percent) {
    return Math.round(percent * 10) / 10.0;
  }

  /**
   * A plain-text table for terminals: "removed" is of documents, "bytes" of content bytes, "paper" is
   * figure 2's rate with its unit (doc = documents, tok = tokens).
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-22s %8s %8s %8s %8s %7s %11s %10s %7s%n";
    sb.append(String.format(fmt, "stage", "docs in", "removed", "kept", "removed", "bytes", "paper", "remaining", "time"));
    for (Row r : rows) {
      sb.append(String.format(fmt, r.stage(), r.docsIn(), r.removed(), r.kept(),
          String.format("%.1f%%", 100 * r.removedShare()), String.format("%.1f%%", 100 * r.removedByteShare()),
          r.paperRemovedShare() == null ? "-"
              : String.format("%.1f%% %s", 100 * r.paperRemovedShare(), r.paperUnit().equals("tokens") ? "tok" : "doc"),
          String.format("%.1f%%", 100 * r.remainingShare()), String.format("%.2fs", r.seconds())));
    }
    return sb.toString();
  }
}
