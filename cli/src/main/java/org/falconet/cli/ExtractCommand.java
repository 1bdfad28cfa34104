package org.falconet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.falconet.extract.Extraction;
import org.falconet.extract.HtmlDecoder;
import org.falconet.extract.TrafilaturaStyleExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./falconet extract}: the main text of HTML pages, as RefinedWeb's text-extraction stage sees it. */
@Command(name = "extract", mixinStandardHelpOptions = true,
    description = "Print the main text of an HTML page (trafilatura-style extraction), or with --jsonl one JSON "
        + "object per file: {\"file\",\"url\",\"title\",\"date\",\"text\"}.")
final class ExtractCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "HTML files; '-' reads standard input.")
  List<String> files;

  @Option(names = "--url", paramLabel = "URL", description = "The page's URL (helps find the date; recorded in --jsonl).")
  String url;

  @Option(names = "--jsonl", description = "One JSON object per file instead of plain text.")
  boolean jsonl;

  @Override
  public Integer call() throws IOException {
    if (!jsonl && files.size() > 1) {
      throw new IllegalArgumentException("several files need --jsonl (one JSON object per file)");
    }
    TrafilaturaStyleExtractor extractor = new TrafilaturaStyleExtractor();
    ObjectMapper json = new ObjectMapper();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    for (String file : files) {
      byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
      Extraction e = extractor.extract(HtmlDecoder.decode(bytes), url);
      if (jsonl) {
        ObjectNode o = json.createObjectNode();
        o.put("file", file);
        o.put("url", url);
        o.put("title", e.title());
        o.put("date", e.date());
        o.put("text", e.text());
        if (!e.ok()) {
          o.put("dropped", e.dropReason());
        }
        out.println(json.writeValueAsString(o));
      } else if (!e.ok()) {
        out.flush();
        throw new IllegalArgumentException(file + ": no main text (" + e.dropReason() + ")");
      } else {
        out.println(e.text());
      }
    }
    out.flush();
    return 0;
  }
}
