package org.falconet.pipeline;

import java.util.List;
import org.falconet.corpus.Document;

/**
 * The documents that reached a {@link CorpusStage}, in a fixed order, iterable as often as needed
 * (each iteration reads them again from disk).
 */
public interface Corpus extends Iterable<Document> {

  /** How many documents an iteration yields. */
  long size();

  /**
   * The content bytes that the document {@code outcome} decides had when it reached {@code stage}: the next
   * document of {@code inputs}, an iteration of the stage's corpus read alongside its outcomes. A corpus
   * stage may change the documents it keeps (exact-substring dedup cuts passages), so the bytes a stage
   * removed can only be counted against its input.
   *
   * @throws IllegalStateException when the outcome is not for the next document: a corpus stage gives
   *                               exactly one outcome per document, in corpus order
   */
  static long bytesBefore(String stage, java.util.Iterator<Document> inputs, Outcome outcome) {
    if (!inputs.hasNext()) {
      throw new IllegalStateException("stage " + stage + " emitted more outcomes than documents");
    }
    Document before = inputs.next();
    if (!java.util.Objects.equals(before.id(), outcome.document().id())) {
      throw new IllegalStateException("stage " + stage + " decided document " + outcome.document().id() + " where "
          + before.id() + " was next: outcomes must follow the corpus order");
    }
    return before.contentBytes();
  }

  /** A corpus held in memory, for tests and notebooks. */
  static Corpus of(List<Document> docs) {
    List<Document> copy = List.copyOf(docs);
    return new Corpus() {
      @Override
      public long size() {
        return copy.size();
      }

      @Override
      public java.util.Iterator<Document> iterator() {
        return copy.iterator();
      }
    };
  }
}
