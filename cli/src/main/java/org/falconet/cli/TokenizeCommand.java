package org.falconet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.falconet.tokenizer.GgufVocabulary;
import org.falconet.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./falconet tokenize}: the token ids of a text (or, with {@code --decode}, the text of ids),
 * with Falcon's tokenizer unless another {@code tokenizer.json} or GGUF vocabulary is given.
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = "Print the token ids of TEXT (or of standard input, read as UTF-8), space-separated.")
final class TokenizeCommand implements Callable<Integer> {

  @Option(names = "--tokenizer", paramLabel = "FILE",
      description = "A Hugging Face tokenizer.json or a GGUF file with a vocabulary"
          + " (default: the shipped Falcon tokenizer, datasets-sample/tokenizer/falcon/tokenizer.json).")
  Path tokenizer;

  @Option(names = "--decode", description = "Read token ids (separated by spaces or commas) and print their text.")
  boolean decode;

  @Option(names = "--save", paramLabel = "FILE",
      description = "Write the tokenizer as a Hugging Face tokenizer.json (converts a GGUF vocabulary); with no TEXT, only that.")
  Path save;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TEXT|-", description = "The text; '-' or nothing reads standard input.")
  String text;

  @Override
  public Integer call() throws IOException {
    Tokenizer t = load();
    if (save != null) {
      t.save(save);
      System.err.println("wrote " + save + " (" + t.vocabSize() + " tokens, " + t.model().merges().size() + " merges)");
      if (text == null) {
        return 0;
      }
    }
    String input = text == null || text.equals("-") ? null : text;
    if (decode) {
      String ids = input != null ? input : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      int[] parsed;
      try {
        parsed = Arrays.stream(ids.trim().split("[\\s,]+")).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--decode expects integer token ids: " + e.getMessage());
      }
      System.out.print(t.decode(parsed));
      System.out.println();
      return 0;
    }
    int[] ids = input != null ? t.encode(input) : t.encode(System.in.readAllBytes());
    System.out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
    return 0;
  }

  private Tokenizer load() throws IOException {
    Path file = tokenizer != null ? tokenizer
        : Path.of(System.getProperty("falconet.repo", "."), "datasets-sample/tokenizer/falcon/tokenizer.json");
    return file.getFileName().toString().endsWith(".gguf") ? GgufVocabulary.read(file) : Tokenizer.load(file);
  }
}
