package org.falconet.dedup.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemovedSpansTest {
  @TempDir
  Path tmp;

  @Test
  void spansAreWhatTheStageCutsOut() throws IOException {
    List<Document> docs = ExactSubstringDeduplicatorTest.docs();
    ExactSubstringDeduplicator stage = new ExactSubstringDeduplicator();
    List<RemovedSpans> spans = stage.removedSpans(Corpus.of(docs), tmp.resolve("w"));
    List<Outcome> out = ExactSubstringDeduplicatorTest.run(stage, docs, tmp.resolve("w"));
    // a, b and c lose the boilerplate; d has nothing repeated.
    assertEquals(List.of("a", "b", "c"), spans.stream().map(RemovedSpans::id).toList());
    // Independent truth: the stage's own outcomes (a and b kept, cut; c dropped for what is left).
    assertEquals(out.get(0).document().text(), spans.get(0).keptText());
    assertEquals(out.get(1).document().text(), spans.get(1).keptText());
    assertEquals("Bye.", spans.get(2).keptText());
    // a's span is ". " + the boilerplate, at the end of its text (hand-checked: 41 characters precede it).
    String boilerplate = ExactSubstringDeduplicatorTest.BOILERPLATE;
    assertEquals(List.of(new RemovedSpans.Span(41, 43 + boilerplate.length())), spans.get(0).spans());
    assertEquals(". " + boilerplate, spans.get(0).spanText(0));
    assertEquals(boilerplate.length() + 2, spans.get(0).removedChars());
  }

  @Test
  void offsetsCountCharactersNotBytes() throws IOException {
    String shared = "Ça coûte très cher à Zürich — vraiment très, très cher, disait-on au café déjà en été. ".repeat(4);
    List<Document> docs = List.of(Document.ofText("x", null, "Début unique : " + shared),
        Document.ofText("y", null, "Autre début, également unique ! " + shared));
    List<RemovedSpans> spans = new ExactSubstringDeduplicator().removedSpans(Corpus.of(docs), tmp.resolve("u"));
    assertEquals(2, spans.size());
    for (int i = 0; i < 2; i++) {
      RemovedSpans r = spans.get(i);
      assertTrue(r.spanText(0).endsWith(shared), r.spanText(0));
      assertEquals(r.text().length(), r.spans().get(0).end());
    }
  }

  @Test
  void htmlStrikesSpansAndEscapes() {
    RemovedSpans r = new RemovedSpans("d<1>", "0123456789 <b>removed</b> 0123456789",
        List.of(new RemovedSpans.Span(11, 25)));
    String html = r.html(3);
    assertTrue(html.contains("<strong>d&lt;1&gt;</strong>: 1 span, 14 of 36 characters removed"), html);
    assertTrue(html.contains("… 89 <del style=\"color:#b00\">&lt;b&gt;removed&lt;/b&gt;</del> 01 …"), html);
    assertEquals("0123456789  0123456789", r.keptText());
  }

  @Test
  void overlappingSpansAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new RemovedSpans("d", "abcdef",
        List.of(new RemovedSpans.Span(0, 3), new RemovedSpans.Span(2, 4))));
  }
}
