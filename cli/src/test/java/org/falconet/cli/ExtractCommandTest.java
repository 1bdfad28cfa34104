package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCommandTest {

  @TempDir
  Path dir;

  static final String PAGE = "<html><head><title>Tides</title><meta name='date' content='2022-07-01'></head><body>"
      + "<nav><a href='/'>Home</a></nav><article><p>The tide rises twice a day along this coast.</p>"
      + "<p>Fishermen plan their trips around it.</p></article><footer>Copyright</footer></body></html>";

  static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      int rc = Falconet.commandLine().execute(args);
      return rc + "\n" + buf.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void printsTheMainText() throws Exception {
    Path page = Files.writeString(dir.resolve("a.html"), PAGE);
    assertEquals("0\nThe tide rises twice a day along this coast.\nFishermen plan their trips around it.\n",
        run("extract", page.toString()));
  }

  @Test
  void printsOneJsonObjectPerFile() throws Exception {
    Path a = Files.writeString(dir.resolve("a.html"), PAGE);
    Path b = Files.writeString(dir.resolve("b.html"), "<html><body><nav>only a menu</nav></body></html>");
    String[] out = run("extract", "--jsonl", "--url", "https://tides.example/", a.toString(), b.toString()).split("\n");
    assertEquals("0", out[0]);
    JsonNode first = new ObjectMapper().readTree(out[1]);
    assertEquals(a.toString(), first.get("file").asText());
    assertEquals("https://tides.example/", first.get("url").asText());
    assertEquals("Tides", first.get("title").asText());
    assertEquals("2022-07-01", first.get("date").asText());
    assertTrue(first.get("text").asText().startsWith("The tide rises"));
    JsonNode second = new ObjectMapper().readTree(out[2]);
    assertTrue(second.get("text").isNull());
    assertEquals("no_main_text", second.get("dropped").asText());
  }

  @Test
  void failsWithTheReasonWhenAPageHasNoMainText() throws Exception {
    Path b = Files.writeString(dir.resolve("b.html"), "<html><body><nav>only a menu</nav></body></html>");
    assertTrue(run("extract", b.toString()).startsWith("1\n"));
  }

  @Test
  void langidPrintsLanguageAndScorePerLineOrPerDocument() throws Exception {
    Path t = Files.writeString(dir.resolve("t.txt"), "The weather is lovely today in the park.\n"
        + "Il fait très beau aujourd'hui dans le parc.\n");
    String[] lines = run("langid", t.toString()).split("\n");
    assertEquals("0", lines[0]);
    assertTrue(lines[1].startsWith("en\t"), lines[1]);
    assertTrue(lines[2].startsWith("fr\t"), lines[2]);
    String[] doc = run("langid", "--document", t.toString()).split("\n");
    assertEquals(2, doc.length);
    assertTrue(doc[1].matches("(en|fr)\t[01]\\.\\d{4}"), doc[1]);
  }
}
