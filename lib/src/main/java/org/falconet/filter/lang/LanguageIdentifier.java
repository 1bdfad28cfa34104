package org.falconet.filter.lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Names the language of a text with a fastText model: the embedded one (36 languages, trained on
 * Debian's translations, see resources/org/falconet/filter/lang/README.md) or any fastText
 * supervised model such as {@code lid.176.bin}, the one RefinedWeb used.
 *
 * <pre>{@code
 * LanguageIdentifier.Guess g = LanguageIdentifier.embedded().identify("Der Hund schläft im Garten.");
 * // g.language() = "de", g.score() = 0.99...
 * }</pre>
 */
public final class LanguageIdentifier {
  /** The embedded model's resource name, beside this class (what a run's manifest checksums). */
  public static final String EMBEDDED = "lid-debian-36.ftz";

  /** A language code (the label without {@code __label__}) and its probability. */
  public record Guess(String language, double score) {}

  private final FastTextModel model;

  public LanguageIdentifier(FastTextModel model) {
    this.model = model;
  }

  /** The identifier of a fastText model file ({@code .bin} or {@code .ftz}). */
  public static LanguageIdentifier of(Path model) throws IOException {
    return new LanguageIdentifier(FastTextModel.load(model));
  }

  /** The embedded identifier, loaded once. */
  public static LanguageIdentifier embedded() {
    return Embedded.INSTANCE;
  }

  private static final class Embedded {
    static final LanguageIdentifier INSTANCE = load();

    private static LanguageIdentifier load() {
      try (InputStream in = LanguageIdentifier.class.getResourceAsStream(EMBEDDED)) {
        if (in == null) {
          throw new IllegalStateException("embedded language model " + EMBEDDED + " missing from the classpath");
        }
        return new LanguageIdentifier(FastTextModel.read(new java.io.BufferedInputStream(in)));
      } catch (IOException e) {
        throw new UncheckedIOException("embedded language model " + EMBEDDED + ": " + e.getMessage(), e);
      }
    }
  }

  public FastTextModel model() {
    return model;
  }

  /**
   * The most probable language of the whole text, read as one line (newlines become spaces, as
   * CCNet and RefinedWeb feed documents to fastText); {@code ("", 0)} for a text with no words.
   */
  public Guess identify(String text) {
    List<FastTextModel.Prediction> top = model.predict(text.replace('\n', ' '), 1);
    if (top.isEmpty() || text.isBlank()) {
      return new Guess("", 0.0);
    }
    // fastText's predict-prob reports p + 1e-5 (its std_log); a probability stays at most 1 here.
    return new Guess(top.get(0).name(), Math.min(1.0, top.get(0).probability()));
  }
}
