package org.falconet.refinedweb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.falconet.crawl.WarcSource;
import org.falconet.filter.url.UrlFilter;
import org.falconet.extract.TrafilaturaStyleExtractor;
import org.falconet.filter.lang.LanguageFilter;
import org.falconet.filter.pii.PiiRedactor;
import org.falconet.filter.quality.GopherQualityFilter;
import org.falconet.filter.quality.GopherRepetitionFilter;
import org.falconet.filter.quality.LineWiseCorrections;
import org.falconet.dedup.exact.ExactSubstringDeduplicator;
import org.falconet.dedup.minhash.MinHashDeduplicator;
import org.falconet.dedup.url.UrlDeduplicator;
import org.falconet.pipeline.DocumentSource;
import org.falconet.pipeline.JsonlSource;
import org.falconet.pipeline.Outcome;
import org.falconet.pipeline.Stage;

/**
 * RefinedWeb's macrodata refinement (Penedo et al. 2023, figure 2) as a list of stages with the
 * paper's parameters, and the input readers the pipeline accepts.
 *
 * <pre>{@code
 * List<Stage> stages = RefinedWeb.stages(RefinedWeb.STAGE_NAMES);
 * }</pre>
 */
public final class RefinedWeb {

  /**
   * Every stage name {@code --stages} accepts, in the paper's order. A name appears here once its
   * stage exists.
   */
  public static final List<String> STAGE_NAMES = List.of(
      "url_filter",
      TrafilaturaStyleExtractor.NAME,
      LanguageFilter.NAME,
      "gopher_repetition", "gopher_quality", "line_corrections", "pii_redaction",
      "minhash_dedup", "exact_substring_dedup", "url_dedup");

  private RefinedWeb() {}

  /** The stage called {@code name} with the paper's parameters. */
  public static Stage stage(String name) {
    switch (name) {
      case "url_filter":
        return new UrlFilter(UrlFilter.Params.PAPER);
      case TrafilaturaStyleExtractor.NAME:
        return new TrafilaturaStyleExtractor(TrafilaturaStyleExtractor.Params.PAPER);
      case LanguageFilter.NAME:
        return new LanguageFilter(LanguageFilter.Params.PAPER);
      case "gopher_repetition":
        return GopherRepetitionFilter.paper();
      case "gopher_quality":
        return GopherQualityFilter.paper();
      case "line_corrections":
        return LineWiseCorrections.paper();
      case "pii_redaction":
        return PiiRedactor.fineweb();
      case "minhash_dedup":
        return new MinHashDeduplicator(MinHashDeduplicator.Params.PAPER);
      case "exact_substring_dedup":
        return new ExactSubstringDeduplicator(ExactSubstringDeduplicator.Params.PAPER);
      case "url_dedup":
        return new UrlDeduplicator(UrlDeduplicator.Params.PAPER);
      default:
        throw new IllegalArgumentException("unknown stage '" + name + "'; valid stages: "
            + (STAGE_NAMES.isEmpty() ? "(none yet)" : String.join(", ", STAGE_NAMES)));
    }
  }

  /** The named stages, in the order given. */
  public static List<Stage> stages(List<String> names) {
    List<Stage> out = new ArrayList<>();
    for (String n : names) {
      out.add(stage(n.trim()));
    }
    return out;
  }

  /** The readers for every input format the pipeline takes, tried in order by file name. */
  public static List<DocumentSource> readers() {
    return List.of(new JsonlSource(), new WarcSource());
  }

  /** One source that hands each file to the first reader accepting it. */
  public static DocumentSource source() {
    List<DocumentSource> readers = readers();
    return new DocumentSource() {
      @Override
      public String name() {
        return "reader";
      }

      @Override
      public boolean accepts(Path file) {
        return readers.stream().anyMatch(r -> r.accepts(file));
      }

      @Override
      public void read(Path file, Consumer<Outcome> sink) throws java.io.IOException {
        for (DocumentSource r : readers) {
          if (r.accepts(file)) {
            r.read(file, sink);
            return;
          }
        }
        throw new IllegalArgumentException(file + ": no reader for this file (expected .jsonl[.gz]"
            + ", .warc[.gz], .wet[.gz])");
      }
    };
  }
}
