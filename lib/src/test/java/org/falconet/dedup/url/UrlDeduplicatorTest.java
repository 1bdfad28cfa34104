package org.falconet.dedup.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlDeduplicatorTest {
  @TempDir
  Path tmp;

  static List<String> reasons(UrlDeduplicator stage, List<Document> docs, Path work) throws IOException {
    List<String> out = new ArrayList<>();
    stage.process(Corpus.of(docs), work, o -> out.add(o instanceof Outcome.Removed r ? r.reason() : "kept"));
    return out;
  }

  static Document doc(String id, String url) {
    return Document.ofText(id, url, "text of " + id);
  }

  @Test
  void laterCopiesOfAUrlInOneRunAreRemoved() throws IOException {
    List<Document> docs = List.of(doc("1", "https://Example.com/a?utm_source=x"), doc("2", "http://example.com/a#top"),
        doc("3", "http://example.com/b"), doc("4", null), doc("5", null));
    assertEquals(List.of("kept", "url_duplicate", "kept", "kept", "kept"),
        reasons(new UrlDeduplicator(), docs, tmp.resolve("w")));
  }

  @Test
  void theKeyIsTheHashOfTheNormalisedUrl() {
    UrlDeduplicator stage = new UrlDeduplicator();
    long key = UrlSet.hash("http://example.com/a");
    assertEquals(key, stage.key(doc("1", "HTTPS://Example.com:443/a?utm_source=x#top")).getAsLong());
    assertEquals(key, stage.key(doc("2", "http://example.com/a")).getAsLong());
    assertTrue(stage.key(doc("3", " ")).isEmpty(), "a blank URL has no key");
    assertTrue(stage.key(Document.ofText("4", null, "text")).isEmpty(), "no URL, no key");
  }

  @Test
  void aUrlKeptInAnEarlierRunIsDroppedInALaterOne() throws IOException {
    Path store = tmp.resolve("crawl/urls.bin");
    UrlDeduplicator stage = new UrlDeduplicator(UrlDeduplicator.Params.PAPER.withStore(store));
    assertEquals(List.of("kept", "kept"),
        reasons(stage, List.of(doc("1", "http://a.com/x"), doc("2", "http://b.com/")), tmp.resolve("run1")));
    assertTrue(Files.exists(store));
    assertEquals(List.of("url_duplicate", "kept"),
        reasons(stage, List.of(doc("3", "https://A.com:443/x"), doc("4", "http://c.com/")), tmp.resolve("run2")));
    assertEquals(3, UrlSet.read(store).size());
  }

  @Test
  void aRestartedRunReplaysItsDecisions() throws IOException {
    Path store = tmp.resolve("urls.bin");
    UrlDeduplicator stage = new UrlDeduplicator(UrlDeduplicator.Params.PAPER.withStore(store));
    List<Document> docs = List.of(doc("1", "http://a.com/x"), doc("2", "http://a.com/x"), doc("3", "http://b.com/"));
    Path work = tmp.resolve("w");
    List<String> first = reasons(stage, docs, work);
    // Killed after the store was written, restarted in the same work directory: same decisions,
    // not "everything is a duplicate of itself".
    assertEquals(first, reasons(stage, docs, work));
    assertEquals(List.of("kept", "url_duplicate", "kept"), first);
  }

  @Test
  void aDamagedStoreIsAOneLineError() throws IOException {
    Path store = tmp.resolve("urls.bin");
    Files.writeString(store, "not a set");
    UrlDeduplicator stage = new UrlDeduplicator(UrlDeduplicator.Params.PAPER.withStore(store));
    IOException e = assertThrows(IOException.class,
        () -> reasons(stage, List.of(doc("1", "http://a.com/")), tmp.resolve("w")));
    assertTrue(e.getMessage().contains("urls.bin"), e.getMessage());
  }

  @Test
  void urlSetRoundTripsThroughItsFile() throws IOException {
    UrlSet s = new UrlSet();
    for (long i = -500; i < 5000; i++) {
      assertTrue(s.add(i * 0x9E3779B97F4A7C15L));
    }
    assertTrue(!s.add(0));
    Path f = tmp.resolve("s.bin");
    s.write(f);
    UrlSet back = UrlSet.read(f);
    assertEquals(5500, back.size());
    assertTrue(back.contains(0) && back.contains(17 * 0x9E3779B97F4A7C15L) && !back.contains(1));
  }

  @Test
  void emptyCorpusDecidesNothing() throws IOException {
    List<Object> out = new ArrayList<>();
    new UrlDeduplicator().process(Corpus.of(List.of()), tmp.resolve("empty"), out::add);
    assertEquals(List.of(), out);
  }
}
