package org.falconet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.falconet.filter.lang.LanguageIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./falconet langid}: the language of each line (or of the whole text) and its score. */
@Command(name = "langid", mixinStandardHelpOptions = true,
    description = "Print LANGUAGE<TAB>SCORE for each line of a text file (or once for the whole text with "
        + "--document), with fastText's lid.176 (RefinedWeb's classifier, the default), the project's "
        + "36-language model (--model debian-36) or any fastText model file.")
final class LangidCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "A UTF-8 text file; '-' reads standard input.")
  String file;

  @Option(names = "--document", description = "One answer for the whole text instead of one per line.")
  boolean document;

  @Option(names = "--model", paramLabel = "MODEL", defaultValue = LanguageIdentifier.LID_176,
      description = "lid.176 (default, embedded), debian-36 (embedded) or a fastText model file (.bin/.ftz).")
  String model;

  @Override
  public Integer call() throws IOException {
    LanguageIdentifier lid = LanguageIdentifier.named(model);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (BufferedReader in = file.equals("-")
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      if (document) {
        StringBuilder all = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          all.append(line).append('\n');
        }
        print(out, lid.identify(all.toString()));
      } else {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          print(out, lid.identify(line));
        }
      }
    }
    out.flush();
    return 0;
  }

  private static void print(PrintStream out, LanguageIdentifier.Guess g) {
    out.println((g.language().isEmpty() ? "-" : g.language()) + "\t" + String.format(Locale.ROOT, "%.4f", g.score()));
  }
}
