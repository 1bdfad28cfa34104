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
        + "--document), with the embedded 36-language model or a fastText model such as lid.176.bin.")
final class LangidCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "A UTF-8 text file; '-' reads standard input.")
  String file;

  @Option(names = "--document", description = "One answer for the whole text instead of one per line.")
  boolean document;

  @Option(names = "--model", paramLabel = "MODEL", description = "A fastText model (.bin/.ftz), e.g. lid.176.bin (default: embedded).")
  Path model;

  @Override
  public Integer call() throws IOException {
    LanguageIdentifier lid = model == null ? LanguageIdentifier.embedded() : LanguageIdentifier.of(model);
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
