package org.falconet.filter.lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Names the language of a text with a fastText model: one of the two embedded ones (fastText's
 * {@code lid.176.ftz}, 176 languages, the classifier RefinedWeb used and the default; or the
 * project's 36-language {@code lid-debian-36.ftz}, see resources/org/falconet/filter/lang/README.md)
 * or any fastText supervised model file.
 *
 * <pre>{@code
 * LanguageIdentifier.Guess g = LanguageIdentifier.lid176().identify("Der Hund schläft im Garten.");
 * // g.language() = "de", g.score() = 0.99...
 * }</pre>
 */
public final class LanguageIdentifier {
  /** The name of fastText's 176-language model (RefinedWeb's classifier), the default. */
  public static final String LID_176 = "lid.176";
  /** The name of the project's 36-language model. */
  public static final String DEBIAN_36 = "debian-36";
  /** The default model's resource name, beside this class (what a run's manifest checksums). */
  public static final String EMBEDDED = "lid.176.ftz";

  /**
   * The resource beside this class that holds the model called {@code name} ({@link #named}), or
   * {@code null} when {@code name} is a model file's path.
   */
  public static String embeddedResource(String name) {
    if (name == null || name.equals(LID_176)) {
      return EMBEDDED;
    }
    return name.equals(DEBIAN_36) ? "lid-debian-36.ftz" : null;
  }

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

  /**
   * The identifier called {@code name}: {@value #LID_176} (the default when {@code name} is null),
   * {@value #DEBIAN_36}, or else the path of a fastText model file.
   */
  public static LanguageIdentifier named(String name) throws IOException {
    if (name == null || name.equals(LID_176)) {
      return lid176();
    }
    if (name.equals(DEBIAN_36)) {
      return debian36();
    }
    return of(Path.of(name));
  }

  /** The default identifier: fastText's lid.176 ({@link #lid176()}). */
  public static LanguageIdentifier embedded() {
    return lid176();
  }

  /**
   * fastText's quantised {@code lid.176.ftz} (176 languages; Joulin et al. 2016, CC BY-SA 3.0),
   * the classifier RefinedWeb ran (Penedo et al. 2023, section 3.1); loaded once.
   */
  public static LanguageIdentifier lid176() {
    return Lid176.INSTANCE;
  }

  /** The project's 36-language model, trained on Debian's translations; loaded once. */
  public static LanguageIdentifier debian36() {
    return Debian36.INSTANCE;
  }

  private static final class Lid176 {
    static final LanguageIdentifier INSTANCE = resource(EMBEDDED);
  }

  private static final class Debian36 {
    static final LanguageIdentifier INSTANCE = resource(embeddedResource(DEBIAN_36));
  }

  private static LanguageIdentifier resource(String file) {
    try (InputStream in = LanguageIdentifier.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("embedded language model " + file + " missing from the classpath");
      }
      return new LanguageIdentifier(FastTextModel.read(new java.io.BufferedInputStream(in)));
    } catch (IOException e) {
      throw new UncheckedIOException("embedded language model " + file + ": " + e.getMessage(), e);
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
