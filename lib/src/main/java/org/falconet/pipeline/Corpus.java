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
