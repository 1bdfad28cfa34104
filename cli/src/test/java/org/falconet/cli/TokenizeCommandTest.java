package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code ./falconet tokenize}: ids of the shipped Falcon tokenizer, their text back, and errors. */
class TokenizeCommandTest {

  private static String[] run(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      var cl = Falconet.commandLine();
      cl.setErr(new PrintWriter(err, true));
      int rc = cl.execute(args);
      return new String[] {String.valueOf(rc), out.toString(StandardCharsets.UTF_8).stripTrailing(), err.toString().strip()};
    } finally {
      System.setOut(saved);
    }
  }

  @Test
  void printsHuggingFacesIdsForFalcon() {
    // " Hello, world!" is llama.cpp's Falcon test case with Hugging Face's ids 23090 23 1079 12.
    String[] r = run("tokenize", " Hello, world!<|endoftext|>");
    assertEquals("0", r[0]);
    assertEquals("23090 23 1079 12 11", r[1]);
  }

  @Test
  void decodesIds() {
    String[] r = run("tokenize", "--decode", "23090 23 1079 12 11");
    assertEquals("0", r[0]);
    assertEquals(" Hello, world!<|endoftext|>", r[1]);
  }

  @Test
  void saveWritesTheShippedFileBackByteForByte(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path out = dir.resolve("tokenizer.json");
    String[] r = run("tokenize", "--save", out.toString());
    assertEquals("0", r[0]);
    java.nio.file.Path shipped = java.nio.file.Path.of(System.getProperty("falconet.repo", "."),
        "datasets-sample/tokenizer/falcon/tokenizer.json");
    assertEquals(-1L, java.nio.file.Files.mismatch(shipped, out));
  }

  @Test
  void aMissingTokenizerFileIsAOneLineError() {
    String[] r = run("tokenize", "--tokenizer", "no/such/tokenizer.json", "x");
    assertEquals("1", r[0]);
    assertTrue(r[2].startsWith("falconet tokenize: no/such/tokenizer.json"), r[2]);
  }
}
