package org.falconet.filter.lang;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.falconet.corpus.Document;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Outcome;

/**
 * RefinedWeb's language identification (Penedo et al. 2023, section 3.1: "we use the fastText
 * language classifier of CCNet ... and remove documents for which the top language score is below
 * 0.65"): keeps documents whose most probable language is a target language with a score above the
 * threshold, and records {@code language} and {@code language_score} in the metadata of every
 * document, kept or not.
 *
 * <p>Drop reasons: {@code wrong_language} (the top language is not a target),
 * {@code low_language_score} (a target language, but with a score at or below the threshold).
 *
 * <pre>{@code
 * LanguageFilter en = new LanguageFilter(LanguageFilter.Params.PAPER);
 * }</pre>
 */
public final class LanguageFilter implements DocumentStage {

  /**
   * The filter's parameters.
   *
   * @param languages target language codes, as the model's labels name them ({@code en})
   * @param threshold keep only scores strictly above this
   * @param model     which identifier ({@link LanguageIdentifier#named}): {@code "lid.176"}, the
   *                  paper's classifier and the default when null; {@code "debian-36"}, the
   *                  project's 36-language model; or the path of a fastText model file
   */
  public record Params(Set<String> languages, double threshold, String model) {
    /** RefinedWeb: English, top language score above 0.65, fastText's lid.176 (section 3.1). */
    public static final Params PAPER = new Params(Set.of("en"), 0.65, LanguageIdentifier.LID_176);
    /** The paper's rule with the project's 36-language model instead of lid.176. */
    public static final Params DEBIAN_36 = new Params(Set.of("en"), 0.65, LanguageIdentifier.DEBIAN_36);

    public Params {
      if (languages == null || languages.isEmpty()) {
        throw new IllegalArgumentException("language filter needs at least one target language");
      }
      languages = Set.copyOf(languages);
      if (!(threshold >= 0 && threshold < 1)) {
        throw new IllegalArgumentException("language score threshold must be in [0, 1): " + threshold);
      }
    }
  }

  /** The stage name in RefinedWeb's catalogue. */
  public static final String NAME = "language_filter";

  private final Params params;
  private final LanguageIdentifier identifier;

  /** A filter with {@code params}; loads the model file if one is given. */
  public LanguageFilter(Params params) {
    this.params = params;
    try {
      this.identifier = LanguageIdentifier.named(params.model());
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** A filter with {@code params} and an identifier already loaded. */
  public LanguageFilter(Params params, LanguageIdentifier identifier) {
    this.params = params;
    this.identifier = identifier;
  }

  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome apply(Document doc) {
    String text = doc.content();
    LanguageIdentifier.Guess g = identifier.identify(text == null ? "" : text);
    Document tagged = doc.withMeta("language", g.language()).withMeta("language_score", round(g.score()));
    if (!params.languages().contains(g.language())) {
      return Outcome.removed(tagged, "wrong_language");
    }
    if (g.score() <= params.threshold()) {
      return Outcome.removed(tagged, "low_language_score");
    }
    return Outcome.kept(tagged);
  }

  /** Scores to 4 decimals, enough for the 0.65 rule and stable in JSON. */
  private static double round(double score) {
    return Math.round(score * 10_000) / 10_000.0;
  }
}
