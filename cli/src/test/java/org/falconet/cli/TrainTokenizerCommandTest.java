package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.falconet.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./falconet train-tokenizer}: a corpus in, a loadable tokenizer.json of the asked size out. */
class TrainTokenizerCommandTest {

  @Test
  void writesATokenizerOfTheAskedSize(@TempDir Path dir) throws Exception {
    Path text = dir.resolve("corpus.txt");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      sb.append("The falcon flies over the refined web, document ").append(i).append(".\n\n");
    }
    Files.writeString(text, sb);
    Path out = dir.resolve("tokenizer.json");
    int rc = Falconet.commandLine().execute("train-tokenizer", "--input", text.toString(), "--vocab-size", "300",
        "--out", out.toString());
    assertEquals(0, rc);
    Tokenizer t = Tokenizer.load(out);
    assertEquals(300, t.vocabSize());
    assertEquals("<|endoftext|>", t.token(11));
    String s = "The falcon flies.<|endoftext|>";
    assertEquals(s, t.decode(t.encode(s)));
    assertArrayEquals(new int[] {11}, t.encode("<|endoftext|>"));
  }
}
