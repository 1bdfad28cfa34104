package org.falconet.dedup.url;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;
import java.util.function.Consumer;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.CorpusStage;
import org.falconet.pipeline.Outcome;

/**
 * Removes documents whose URL was already seen, in this run or an earlier one, as RefinedWeb did
 * across Common Crawl dumps (Penedo et al. 2023, section 3.3: "URL deduplication... across dumps").
 * URLs compare after {@link UrlNormalizer normalisation}; the first document with a URL (in corpus
 * order) stays, later ones are removed as {@value #REASON}; a document without URL is kept.
 *
 * <p><b>The persistent set.</b> Every URL that reaches the stage is added to a {@link UrlSet} file,
 * {@link Params#store}: point it at one file for all the parts of a crawl and a URL kept in an
 * earlier run is dropped in a later one. With no store given, the set lives in the run's work
 * directory and lasts only for that run (the runner deletes its work directory at the end).
 *
 * <p><b>Resumption.</b> The decisions and the grown set are first saved in the work directory,
 * then the set replaces the store; a run killed at any point and restarted replays the saved
 * decisions instead of finding its own URLs in the store.
 *
 * <pre>{@code
 * Stage s = new UrlDeduplicator(new UrlDeduplicator.Params(Path.of("crawl-urls.bin"), true));
 * }</pre>
 */
public final class UrlDeduplicator implements CorpusStage {
  /** Drop reason of a document whose normalised URL was seen before. */
  public static final String REASON = "url_duplicate";

  /**
   * @param store         the URL set file shared across runs, or {@code null} for one in the work directory
   * @param sameHttpHttps treat {@code http://} and {@code https://} addresses of a page as one
   */
  public record Params(Path store, boolean sameHttpHttps) {
    /** RefinedWeb: URLs deduplicated; the set lives in the run's work directory unless a store is given. */
    public static final Params PAPER = new Params(null, true);

    public Params withStore(Path file) {
      return new Params(file, sameHttpHttps);
    }
  }

  private final Params params;

  public UrlDeduplicator(Params params) {
    this.params = params;
  }

  public UrlDeduplicator() {
    this(Params.PAPER);
  }

  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return "url_dedup";
  }

  /**
   * The key under which {@link UrlSet} holds a document's URL: the {@link UrlSet#hash hash} of its
   * {@link UrlNormalizer normalised} form; empty when the document has no URL (it is always kept).
   * Two documents are duplicates when their keys are equal; any engine running this stage must use
   * this key (the Spark module does).
   */
  public java.util.OptionalLong key(Document doc) {
    if (doc.url() == null || doc.url().isBlank()) {
      return java.util.OptionalLong.empty();
    }
    return java.util.OptionalLong.of(UrlSet.hash(UrlNormalizer.normalize(doc.url(), params.sameHttpHttps())));
  }

  @Override
  public void process(Corpus corpus, Path workDir, Consumer<Outcome> sink) throws IOException {
    Files.createDirectories(workDir);
    Path store = params.store() != null ? params.store() : workDir.resolve("urls.bin");
    Path decisionsFile = workDir.resolve("url-decisions.bin");
    Path pending = workDir.resolve("url-set.pending");
    BitSet removed;
    if (Files.exists(decisionsFile)) {
      removed = BitSet.valueOf(Files.readAllBytes(decisionsFile));
    } else {
      UrlSet seen = Files.exists(store) ? UrlSet.read(store) : new UrlSet();
      removed = new BitSet();
      int i = 0;
      for (Document doc : corpus) {
        java.util.OptionalLong key = key(doc);
        if (key.isPresent() && !seen.add(key.getAsLong())) {
          removed.set(i);
        }
        i++;
      }
      seen.write(pending);
      Path tmp = workDir.resolve(".tmp-url-decisions.bin");
      Files.write(tmp, removed.toByteArray());
      Files.move(tmp, decisionsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.exists(pending)) {
      if (store.toAbsolutePath().getParent() != null) {
        Files.createDirectories(store.toAbsolutePath().getParent());
      }
      try {
        Files.move(pending, store, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        // Another file system: copy beside the store, then rename there.
        Path tmp = store.toAbsolutePath().getParent().resolve(".tmp-" + store.getFileName());
        Files.copy(pending, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, store, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(pending);
      }
    }
    int i = 0;
    for (Document doc : corpus) {
      sink.accept(removed.get(i) ? Outcome.removed(doc, REASON) : Outcome.kept(doc));
      i++;
    }
  }
}
