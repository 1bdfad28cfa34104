package org.falconet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.Test;

/** The funnel's paper column against figure 2 of the RefinedWeb paper, and its byte shares by hand. */
class FunnelTest {

  @Test
  void paperRatesChainToTheFiguresKeptRates() {
    // Figure 2's kept rates (share of the crawl left after each stage), read independently of its
    // removal rates: applying the removal rates in order must give them back to the figure's rounding.
    List<String> order = List.of("url_filter", "text_extraction", "language_filter", "gopher_repetition",
        "gopher_quality", "line_corrections", "minhash_dedup");
    double[] keptPercent = {97.76, 96.31, 47.51, 35.97, 30.15, 23.34, 14.50};
    double left = 100;
    for (int i = 0; i < order.size(); i++) {
      left *= 1 - Funnel.PAPER_REMOVAL_SHARE.get(order.get(i));
      assertEquals(keptPercent[i], left, 0.02, order.get(i));
    }
    assertEquals(Funnel.PAPER_REMOVAL_SHARE.keySet(), Funnel.PAPER_UNIT.keySet());
    assertEquals(true, RefinedWeb.STAGE_NAMES.containsAll(Funnel.PAPER_REMOVAL_SHARE.keySet()));
  }

  @Test
  void unitsFollowTheCaptionDocumentsThenTokens() {
    int languageFilter = RefinedWeb.STAGE_NAMES.indexOf("language_filter");
    Funnel.PAPER_UNIT.forEach((stage, unit) ->
        assertEquals(RefinedWeb.STAGE_NAMES.indexOf(stage) <= languageFilter ? "documents" : "tokens", unit, stage));
  }

  @Test
  void rowsCarryDocumentAndByteShares() {
    StageStats lines = new StageStats("line_corrections");
    lines.docsIn = 4;
    lines.kept = 3;
    lines.removedByReason.put("too_many_removed_words", 1L);
    lines.bytesIn = 1000;
    lines.bytesKept = 600;   // one 250-byte document removed, 150 bytes of lines cut from the others
    StageStats other = new StageStats("made_up");
    other.docsIn = 3;
    other.kept = 3;
    RunStats stats = RunStats.balanced(List.of(lines, other), 3);
    Funnel.Row row = stats.funnel().rows().stream().filter(r -> r.stage().equals("line_corrections")).findFirst().orElseThrow();
    assertEquals(0.25, row.removedShare(), 1e-12);
    assertEquals(0.40, row.removedByteShare(), 1e-12);
    assertEquals(0.2259, row.paperRemovedShare(), 1e-12);
    assertEquals("tokens", row.paperUnit());
    Funnel.Row made = stats.funnel().rows().stream().filter(r -> r.stage().equals("made_up")).findFirst().orElseThrow();
    assertNull(made.paperRemovedShare());
    assertNull(made.paperUnit());
    assertEquals(0, made.removedByteShare());
  }
}
