package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.falconet.corpus.Document;
import org.junit.jupiter.api.Test;

class DocumentQuestionsTest {
  private static final Path REPO = Path.of(System.getProperty("falconet.repo", ".."));

  private static final Document DOC = Document.ofText("d1", "https://www.maple-notes.ca/docs/hotplug.html",
      "The kernel has a database of device IDs. It is used during boot.\nSecond paragraph here.")
      .withMeta("title", "9.11. Hot Plugging: hotplug");

  @Test
  void documentsCycleThroughTheFourKindsWithAnswersReadOffTheDocument() {
    List<DocumentQuestions.Item> items = DocumentQuestions.questions(List.of(DOC, DOC, DOC, DOC),
        Map.of(DOC.url(), "Debian"));
    assertEquals(List.of(DocumentQuestions.Kind.TITLE, DocumentQuestions.Kind.FIRST_SENTENCE,
        DocumentQuestions.Kind.WEBSITE, DocumentQuestions.Kind.TOPIC), items.stream().map(DocumentQuestions.Item::kind).toList());
    String excerpt = "The kernel has a database of device IDs. It is used during boot. Second paragraph here.";
    assertEquals(new InstructionData.Example("What is the title of this text?\n\n" + excerpt, "9.11. Hot Plugging: hotplug"),
        items.get(0).example());
    assertEquals("The kernel has a database of device IDs.", items.get(1).example().response());
    assertEquals(new InstructionData.Example("Which website is this page from? https://www.maple-notes.ca/docs/hotplug.html",
        "It is from maple-notes.ca."), items.get(2).example());
    assertEquals("It is about Debian.", items.get(3).example().response());
    assertEquals("d1", items.get(3).documentId());
  }

  @Test
  void noExampleWhereTheAnswerIsNotInTheDocument() {
    Document untitled = Document.ofText("d2", "not a url", "no sentence end here");
    assertNull(DocumentQuestions.question(untitled, 0, "Python"));   // no title
    assertNull(DocumentQuestions.question(untitled, 1, "Python"));   // no sentence
    assertNull(DocumentQuestions.question(untitled, 2, "Python"));   // no host
    assertNull(DocumentQuestions.question(untitled, 3, null));       // no topic
  }

  @Test
  void excerptsEndAtASentenceOrAWord() {
    assertEquals("One two. Three four.", DocumentQuestions.excerpt("One two. Three four. Five six seven", 25));
    assertEquals("Alpha beta gamma …", DocumentQuestions.excerpt("Alpha beta gamma delta", 18));
    assertEquals("Short text.", DocumentQuestions.excerpt("Short\n  text.", 280));
  }

  @Test
  void sampleSourcesMapToTopics() {
    assertEquals("Python", DocumentQuestions.topicOfSource("python-3.11-docs"));
    assertEquals("Debian", DocumentQuestions.topicOfSource("debian-handbook"));
    assertEquals("Debian", DocumentQuestions.topicOfSource("maint-guide"));
    assertNull(DocumentQuestions.topicOfSource("-"));
  }

  @Test
  void theShippedInstructionSetReadsAndEveryAnswerIsInItsQuestionOrIsATitleHostOrTopic() throws IOException {
    List<InstructionData.Example> all = InstructionData.read(REPO.resolve("datasets-sample/instructions/curated-qa.jsonl"));
    assertTrue(all.size() > 300, "a few hundred examples: " + all.size());
    for (InstructionData.Example e : all) {
      String q = e.instruction();
      String a = e.response();
      if (q.startsWith("What is the first sentence")) {
        assertTrue(q.contains(a), a);
      } else if (q.startsWith("Which website")) {
        assertTrue(q.contains(a.substring("It is from ".length(), a.length() - 1)), a);
      } else if (q.startsWith("Is this text about")) {
        assertTrue(a.equals("It is about Debian.") || a.equals("It is about Python."), a);
      } else {
        assertTrue(q.startsWith("What is the title of this text?"), q);
      }
    }
  }
}
