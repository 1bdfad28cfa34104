package org.falconet.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlCodecTest {
  @TempDir
  Path tmp;

  @Test
  void minimalUserLineIsValid() {
    Document d = JsonlCodec.decode("{\"id\": 7, \"url\": \"https://a.example/\", \"text\": \"hello\"}");
    assertEquals("7", d.id());
    assertEquals("hello", d.text());
    assertNull(d.html());
    assertTrue(d.metadata().isEmpty());
  }

  @Test
  void roundTripKeepsEveryField() {
    Document d = new Document("x", "https://b.example/p?q=1", Instant.parse("2023-06-01T12:00:00Z"), "<p>hi</p>",
        "hi \u00e9\u4e2d\ud83d\ude00", Map.of("language", "en", "score", 0.75, "lines", List.of(1, 2)));
    assertEquals(d, JsonlCodec.decode(JsonlCodec.encode(d)));
  }

  @Test
  void badLinesGiveOneLineReasons() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> JsonlCodec.decode("{\"text\":\"a\"}"))
        .getMessage().contains("\"id\""));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> JsonlCodec.decode("{\"id\":\"a\"}"))
        .getMessage().contains("neither"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> JsonlCodec.decode("[1,2]"))
        .getMessage().contains("object"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> JsonlCodec.decode("{\"id\":\"a\",\"text\":\"t\",\"date\":\"yesterday\"}")).getMessage().contains("ISO-8601"));
  }

  @Test
  void gzipOutputIsDeterministicAndReadable() throws IOException {
    List<Document> docs = List.of(Document.ofText("1", null, "one"), Document.ofText("2", null, "two"));
    Path a = tmp.resolve("a.jsonl.gz");
    Path b = tmp.resolve("b.jsonl.gz");
    JsonlFiles.write(a, docs);
    JsonlFiles.write(b, docs);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertEquals(docs, JsonlFiles.readAll(a));
  }

  @Test
  void invalidUtf8IsRefusedNamingTheFile() throws IOException {
    Path f = tmp.resolve("bad.jsonl");
    Files.write(f, new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
    IOException e = assertThrows(IOException.class, () -> JsonlFiles.readAll(f));
    assertTrue(e.getMessage().contains("bad.jsonl") && e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void utf8LengthCountsBytes() {
    String s = "a\u00e9\u4e2d\ud83d\ude00";
    assertEquals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, Utf8.length(s));
  }
}
