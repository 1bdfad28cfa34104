package org.falconet.dedup.exact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactSubstringDeduplicatorTest {
  @TempDir
  Path tmp;

  static final String BOILERPLATE = ("Subscribe to our newsletter to receive the latest news, offers and updates "
      + "from our team. We respect your privacy and you can unsubscribe at any time by clicking the link in "
      + "the footer of our emails. Copyright 2023, all rights reserved, terms of use apply. ");

  static List<Outcome> run(ExactSubstringDeduplicator stage, List<Document> docs, Path work) throws IOException {
    List<Outcome> out = new ArrayList<>();
    stage.process(Corpus.of(docs), work, out::add);
    return out;
  }

  static List<Document> docs() {
    return List.of(
        Document.ofText("a", null, "A first article about gardening in spring. " + BOILERPLATE),
        Document.ofText("b", null, "Unrelated text on the history of railways in Europe. " + BOILERPLATE),
        Document.ofText("c", null, BOILERPLATE + "Bye."),
        Document.ofText("d", null, "Nothing repeated here at all, just a short unique note."));
  }

  @Test
  void removesEveryCopyOfARepeatedSpanAndDropsDocumentsLeftTooShort() throws IOException {
    List<Outcome> out = run(new ExactSubstringDeduplicator(), docs(), tmp.resolve("w"));
    // ". " before the boilerplate is shared by a and b, so it goes too.
    assertEquals("A first article about gardening in spring", out.get(0).document().text());
    assertEquals("Unrelated text on the history of railways in Europe", out.get(1).document().text());
    assertEquals(BOILERPLATE.getBytes(UTF_8).length + 2, out.get(0).document().meta("exact_dup_bytes_removed"));
    Outcome.Removed c = (Outcome.Removed) out.get(2);
    assertEquals("exact_substring_duplicate", c.reason());
    assertEquals(BOILERPLATE + "Bye.", c.document().text(), "removed as it was");
    assertEquals(docs().get(3), out.get(3).document(), "unrepeated document untouched");
  }

  @Test
  void keepFirstKeepsTheFirstOccurrence() throws IOException {
    ExactSubstringDeduplicator stage =
        new ExactSubstringDeduplicator(ExactSubstringDeduplicator.Params.PAPER.withKeepFirst(true));
    List<Outcome> out = run(stage, docs(), tmp.resolve("w"));
    assertEquals(docs().get(0), out.get(0).document());
    assertEquals("Unrelated text on the history of railways in Europe", out.get(1).document().text());
    assertEquals("exact_substring_duplicate", ((Outcome.Removed) out.get(2)).reason());
  }

  @Test
  void chunkedBuildDecidesLikeTheInMemoryOne() throws IOException {
    ExactSubstringDeduplicator.Params p = ExactSubstringDeduplicator.Params.PAPER;
    List<Outcome> inMemory = run(new ExactSubstringDeduplicator(p), docs(), tmp.resolve("a"));
    List<Outcome> chunked = run(new ExactSubstringDeduplicator(p.withChunkBytes(300)), docs(), tmp.resolve("b"));
    assertEquals(inMemory, chunked);
  }

  @Test
  void resumesFromSavedSteps() throws IOException {
    ExactSubstringDeduplicator stage = new ExactSubstringDeduplicator();
    Path work = tmp.resolve("w");
    List<Outcome> first = run(stage, docs(), work);
    assertTrue(java.nio.file.Files.exists(work.resolve("spans.bin")));
    assertEquals(first, run(stage, docs(), work));
  }

  @Test
  void spansNeverCutAUtf8Character() throws IOException {
    SplittableRandom rnd = new SplittableRandom(9);
    String[] alphabet = {"а", "б", "東", "京", "🚀", "é", "x", " "};
    List<Document> docs = new ArrayList<>();
    String shared = randomText(rnd, alphabet, 40);
    for (int d = 0; d < 30; d++) {
      String text = randomText(rnd, alphabet, 30) + shared.substring(rnd.nextInt(5)) + randomText(rnd, alphabet, 30);
      docs.add(Document.ofText("d" + d, null, text));
    }
    // k = 7 bytes: windows start and end inside multi-byte characters.
    ExactSubstringDeduplicator stage = new ExactSubstringDeduplicator(
        new ExactSubstringDeduplicator.Params(7, 1, false, 1L << 20));
    List<Outcome> out = run(stage, docs, tmp.resolve("w"));
    int cut = 0;
    for (int i = 0; i < docs.size(); i++) {
      if (out.get(i) instanceof Outcome.Kept k && !k.document().equals(docs.get(i))) {
        cut++;
        String after = k.document().text();
        assertFalse(after.contains("\uFFFD"), "no broken character");
        assertTrue(isSubsequence(after, docs.get(i).text()), "only whole characters removed");
      }
    }
    assertTrue(cut > 20, "most documents were cut: " + cut);
  }

  static String randomText(SplittableRandom rnd, String[] alphabet, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(alphabet[rnd.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }

  static boolean isSubsequence(String small, String big) {
    int[] s = small.codePoints().toArray();
    int[] b = big.codePoints().toArray();
    int j = 0;
    for (int i = 0; i < b.length && j < s.length; i++) {
      if (b[i] == s[j]) {
        j++;
      }
    }
    return j == s.length;
  }

  @Test
  void documentWithoutTextIsCutInItsHtml() throws IOException {
    List<Document> docs = List.of(
        Document.ofHtml("h1", null, null, "<p>A header for the first page</p>" + BOILERPLATE),
        Document.ofHtml("h2", null, null, "<p>Another header, the second</p>" + BOILERPLATE));
    List<Outcome> out = run(new ExactSubstringDeduplicator(), docs, tmp.resolve("w"));
    assertEquals("<p>A header for the first page", out.get(0).document().html());
    assertEquals(null, out.get(0).document().text());
  }

  @Test
  void emptyCorpusDecidesNothing() throws IOException {
    List<Object> out = new ArrayList<>();
    new ExactSubstringDeduplicator().process(Corpus.of(List.of()), tmp.resolve("empty"), out::add);
    assertEquals(List.of(), out);
  }
}
