package org.falconet.kernel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.falconet.kernel.display.MimeBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotebookTest {
  record Event(String kind, String id, MimeBundle bundle) {}

  final List<Event> events = new ArrayList<>();

  @BeforeEach
  void connect() {
    Notebook.connect(new DisplaySink() {
      @Override
      public void display(MimeBundle bundle, String displayId) {
        events.add(new Event("display", displayId, bundle));
      }

      @Override
      public void update(MimeBundle bundle, String displayId) {
        events.add(new Event("update", displayId, bundle));
      }

      @Override
      public void clear(boolean wait) {
        events.add(new Event("clear", null, null));
      }
    });
  }

  @AfterEach
  void disconnect() {
    Notebook.connect(null);
  }

  @Test
  void displayThenUpdateUsesTheSameId() {
    String id = Notebook.display(Notebook.html("<i>a</i>"));
    Notebook.updateDisplay(id, Notebook.markdown("b"));
    assertEquals(2, events.size());
    assertEquals(id, events.get(1).id());
    assertEquals("<i>a</i>", events.get(0).bundle().get("text/html"));
    assertEquals("b", events.get(1).bundle().get("text/markdown"));
  }

  @Test
  void displayAsChosenMimeTypesAndRender() {
    Notebook.display("<i>x</i>", "text/html");
    assertEquals("<i>x</i>", events.get(0).bundle().get("text/html"));
    Notebook.display(Notebook.html("<i>y</i>"), "text/plain");
    assertEquals(java.util.Set.of("text/plain"), events.get(1).bundle().data().keySet());
    MimeBundle svg = Notebook.render(Notebook.svg("<svg/>"), "image/svg+xml");
    assertEquals("<svg/>", svg.get("image/svg+xml"));
    assertEquals(2, events.size(), "render shows nothing");
  }

  @Test
  void progressDrawsOnceThenThrottlesThenDrawsTheFinalState() {
    try (Progress p = Notebook.progress("docs", 1000)) {
      for (int i = 0; i < 1000; i++) {
        p.step();
      }
    }
    assertEquals("display", events.get(0).kind());
    assertTrue(events.size() < 10, "updates are throttled to one per 100 ms: " + events.size());
    Event last = events.get(events.size() - 1);
    assertEquals("update", last.kind());
    assertEquals(events.get(0).id(), last.id());
    assertTrue(((String) last.bundle().get("text/plain")).startsWith("docs [" + "#".repeat(30) + "] 1000/1000"),
        (String) last.bundle().get("text/plain"));
  }

  @Test
  void pipelineProgressShowsOneBarPerStep() {
    var listener = Notebook.pipelineProgress();
    listener.stepStarted("dedup", 2);
    listener.shardDone("dedup", 10);
    listener.shardDone("dedup", 10);
    listener.stepFinished("dedup");
    Event last = events.get(events.size() - 1);
    assertTrue(((String) last.bundle().get("text/plain")).contains("2/2"), (String) last.bundle().get("text/plain"));
  }
}
