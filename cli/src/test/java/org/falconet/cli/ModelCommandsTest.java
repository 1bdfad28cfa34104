package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The logits and generate subcommands on the rw-style parity fixture (expected values from PyTorch). */
class ModelCommandsTest {
  static final Path FIXTURE = Path.of(System.getProperty("falconet.repo", "."))
      .resolve("lib/src/test/resources/model-fixtures/falcon-rw-style");
  static final String PROMPT = "3,14,15,9,26,5,35,8,9,7,9,32";

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"java", "nd4j"})
  void logitsWritesFloat32LittleEndianMatchingPyTorch(String backend) throws Exception {
    Path out = tmp.resolve("logits.f32");
    int rc = Falconet.commandLine().execute("logits", "--model", FIXTURE.toString(), "--input-ids", PROMPT, "--out", out.toString(),
        "--backend", backend);
    assertEquals(0, rc);
    ByteBuffer got = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer want = ByteBuffer.wrap(Files.readAllBytes(FIXTURE.resolve("expected_logits.f32"))).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(want.capacity(), got.capacity());
    for (int i = 0; i < want.capacity() / 4; i++) assertEquals(want.getFloat(4 * i), got.getFloat(4 * i), 1e-4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "nd4j"})
  void generateStreamsGreedyIds(String backend) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = Falconet.commandLine().execute("generate", "--model", FIXTURE.toString(), "--prompt-ids", PROMPT, "--greedy",
          "--max-new-tokens", "10", "--print-ids", "--backend", backend);
    } finally {
      System.setOut(old);
    }
    assertEquals(0, rc);
    // expected.json: greedy_new_ids = [55, 55, 55, 55, 55, 55, 55, 55, 55, 13]
    assertEquals("55\n55\n55\n55\n55\n55\n55\n55\n55\n13\n", buf.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownBackendOrAReferenceNd4jRunIsAOneLineError() {
    for (String[] args : new String[][] {{"--backend", "cuda"}, {"--backend", "nd4j", "--reference"},
        {"--backend", "java", "--nd4j-weights", "bf16"}}) {
      String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("logits", "--model", FIXTURE.toString(),
          "--input-ids", "1,2", "--out", tmp.resolve("o").toString()), java.util.Arrays.stream(args)).toArray(String[]::new);
      assertEquals(1, Falconet.commandLine().execute(all), String.join(" ", args));
    }
    assertTrue(Files.notExists(tmp.resolve("o")));
  }

  @Test
  void benchModelReportsTheMeanOfItsRepetitions() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = Falconet.commandLine().execute("bench-model", "--model", FIXTURE.toString(), "--prompt-tokens", "20",
          "--decode-tokens", "3", "--repetitions", "3");
    } finally {
      System.setOut(old);
    }
    assertEquals(0, rc);
    String out = buf.toString(StandardCharsets.UTF_8);
    for (String stage : new String[] {"prefill", "decode"}) {
      java.util.regex.Matcher m = java.util.regex.Pattern
          .compile("(?m)^" + stage + ":.* at ([0-9.]+) tokens/s.*, mean of ([0-9.]+) / ([0-9.]+) / ([0-9.]+)$").matcher(out);
      assertTrue(m.find(), stage + " line with three runs in:\n" + out);
      double mean = (Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3)) + Double.parseDouble(m.group(4))) / 3;
      assertEquals(mean, Double.parseDouble(m.group(1)), 0.01 * mean + 0.01, stage + ": " + m.group());
    }
  }

  @Test
  void badIdsAreAOneLineError() {
    int rc = Falconet.commandLine().execute("logits", "--model", FIXTURE.toString(), "--input-ids", "1,x", "--out",
        tmp.resolve("o").toString());
    assertEquals(1, rc);
    assertTrue(Files.notExists(tmp.resolve("o")));
  }

  /** quantize → load → logits: the Q8_0 file holds gguf-py's bytes, and its logits stay near PyTorch's f32 ones. */
  @Test
  void quantizeWritesWhatLlamaCppsGgufPyWritesAndItRuns() throws Exception {
    Path fixture = FIXTURE.resolveSibling("falcon-7b-style");
    Path out = tmp.resolve("q8.gguf");
    assertEquals(0, Falconet.commandLine().execute("quantize", "--model", fixture.toString(), "--out", out.toString(),
        "--type", "q8_0"));
    org.falconet.gguf.GgufFile ours = org.falconet.gguf.GgufFile.read(out);
    Path ref = fixture.resolve("gguf-py.q8_0.gguf");
    org.falconet.gguf.GgufFile theirs = org.falconet.gguf.GgufFile.read(ref);
    byte[] a = Files.readAllBytes(out);
    byte[] b = Files.readAllBytes(ref);
    for (org.falconet.gguf.GgufFile.TensorInfo t : theirs.tensors()) {
      org.falconet.gguf.GgufFile.TensorInfo u = ours.tensor(t.name());
      long n = t.numel() / t.ggmlType().blockSize * t.ggmlType().typeSize;
      assertEquals(java.nio.ByteBuffer.wrap(b, (int) theirs.dataOffset(t), (int) n),
          java.nio.ByteBuffer.wrap(a, (int) ours.dataOffset(u), (int) n), t.name());
    }
    Path logits = tmp.resolve("logits.f32");
    assertEquals(0, Falconet.commandLine().execute("logits", "--model", out.toString(), "--input-ids", PROMPT, "--out",
        logits.toString()));
    ByteBuffer got = ByteBuffer.wrap(Files.readAllBytes(logits)).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer want = ByteBuffer.wrap(Files.readAllBytes(fixture.resolve("expected_logits.f32"))).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(want.capacity(), got.capacity());
    float worst = 0;
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (int i = 0; i < want.capacity() / 4; i++) {
      worst = Math.max(worst, Math.abs(want.getFloat(4 * i) - got.getFloat(4 * i)));
      lo = Math.min(lo, want.getFloat(4 * i));
      hi = Math.max(hi, want.getFloat(4 * i));
    }
    // 8-bit weights (error ≤ 1/254 of each block's largest) move the logits by a small share of their spread
    assertTrue(worst > 0 && worst < 0.03 * (hi - lo), "Q8_0 logits differ from PyTorch's by " + worst + " of a spread " + (hi - lo));
  }
}
