package org.falconet.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A stage that needs the whole corpus in view before it can decide: the deduplicators.
 *
 * <p>The runner hands it every document that reached it, as a {@link Corpus} it may iterate as
 * often as it needs (signatures first, decisions second), and a private work directory that
 * survives a killed run, so multi-pass stages can keep their intermediate steps.
 */
public non-sealed interface CorpusStage extends Stage {

  /**
   * Decides every document. Must call {@code sink} exactly once per document of {@code corpus},
   * in the corpus's order; the runner checks the count.
   */
  void process(Corpus corpus, Path workDir, Consumer<Outcome> sink) throws IOException;
}
