package org.falconet.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Instruction-tuning data in Falcon-Instruct's chat shape: a {@code User:} turn, then an
 * {@code Assistant:} turn, then {@code <|endoftext|>}. Only the assistant's tokens are trained on:
 * the prompt's targets are masked (-1), as supervised fine-tuning does.
 *
 * <pre>
 * User: What does the MinHash stage remove?
 * Assistant: Near-duplicate documents.&lt;|endoftext|&gt;
 * </pre>
 */
public final class InstructionData {
  /** The prompt template; the response follows it after a space. */
  public static final String TEMPLATE = "User: %s\nAssistant:";

  private InstructionData() {}

  /** One instruction and the answer to learn. */
  public record Example(String instruction, String response) {}

  /** The prompt the model sees for an instruction (also what generation is given after tuning). */
  public static String prompt(String instruction) {
    return String.format(TEMPLATE, instruction.strip());
  }

  /** Reads JSONL lines with {@code instruction} (or {@code prompt}) and {@code response} (or {@code output}). */
  public static List<Example> read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Example> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode j;
        try {
          j = json.readTree(line);
        } catch (IOException e) {
          throw new IOException(file + ":" + n + ": not valid JSON");
        }
        String q = j.hasNonNull("instruction") ? j.get("instruction").asText() : j.path("prompt").asText(null);
        String a = j.hasNonNull("response") ? j.get("response").asText() : j.path("output").asText(null);
        if (q == null || a == null) {
          throw new IOException(file + ":" + n + ": needs \"instruction\" and \"response\"");
        }
        out.add(new Example(q, a));
      }
    }
    return out;
  }

  /** A tokenized example: the full sequence and where the response starts. */
  public record Encoded(int[] tokens, int responseStart) {}

  public static Encoded encode(Example e, Function<String, int[]> encoder, int endOfText) {
    int[] prompt = encoder.apply(prompt(e.instruction()));
    int[] response = encoder.apply(" " + e.response().strip());
    int[] all = new int[prompt.length + response.length + 1];
    System.arraycopy(prompt, 0, all, 0, prompt.length);
    System.arraycopy(response, 0, all, prompt.length, response.length);
    all[all.length - 1] = endOfText;
    return new Encoded(all, prompt.length);
  }

  /**
   * A batch of {@code batchSize} examples drawn with {@code rnd}, each cut or padded to {@code seqLen}:
   * inputs are the tokens, targets the next token where it belongs to the response, -1 elsewhere.
   */
  public static PackedSequences.Batch batch(List<Encoded> examples, int batchSize, int seqLen, int pad,
                                            SplittableRandom rnd) {
    int[] x = new int[batchSize * seqLen];
    int[] y = new int[batchSize * seqLen];
    java.util.Arrays.fill(x, pad);
    java.util.Arrays.fill(y, -1);
    for (int b = 0; b < batchSize; b++) {
      Encoded e = examples.get(rnd.nextInt(examples.size()));
      int len = Math.min(seqLen + 1, e.tokens().length);
      for (int t = 0; t + 1 < len; t++) {
        x[b * seqLen + t] = e.tokens()[t];
        if (t + 1 >= e.responseStart()) {
          y[b * seqLen + t] = e.tokens()[t + 1];       // position t predicts token t+1, a response token
        }
      }
    }
    return new PackedSequences.Batch(x, y, batchSize, seqLen);
  }
}
