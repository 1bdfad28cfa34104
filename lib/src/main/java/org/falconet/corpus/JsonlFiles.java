package org.falconet.corpus;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reading and writing JSONL document files, gzip-compressed when the name ends in {@code .gz}.
 *
 * <p>Gzip output carries no timestamp, so the same documents always give the same bytes.
 */
public final class JsonlFiles {
  private JsonlFiles() {}

  /** True for {@code .jsonl}, {@code .json}, {@code .jsonl.gz} and {@code .json.gz} names. */
  public static boolean isJsonl(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz") || n.endsWith(".json.gz") || n.endsWith(".ndjson");
  }

  /**
   * Streams every document of a file to {@code sink}, in order.
   *
   * @throws MalformedInputException naming the file and line of the first bad line
   */
  public static void read(Path file, Consumer<Document> sink) throws IOException {
    try (BufferedReader in = reader(file)) {
      String line;
      long lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        Document doc;
        try {
          doc = JsonlCodec.decode(line);
        } catch (IllegalArgumentException e) {
          throw new MalformedInputException(file, lineNo, e.getMessage());
        }
        sink.accept(doc);
      }
    } catch (java.nio.charset.MalformedInputException e) {
      throw new MalformedInputException(file, -1, "invalid UTF-8");
    }
  }

  /** All documents of a file in a list. */
  public static List<Document> readAll(Path file) throws IOException {
    List<Document> docs = new ArrayList<>();
    read(file, docs::add);
    return docs;
  }

  /** A line reader that refuses invalid UTF-8 rather than replacing it. */
  public static BufferedReader reader(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    return new BufferedReader(new InputStreamReader(in, utf8), 1 << 16);
  }

  /** A writer, gzip-compressed (without a timestamp) when the name ends in {@code .gz}. */
  public static Writer writer(Path file) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    OutputStream out = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
    return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Writes documents, one line each. */
  public static void write(Path file, Iterable<Document> docs) throws IOException {
    try (Writer w = writer(file)) {
      for (Document d : docs) {
        w.write(JsonlCodec.encode(d));
        w.write('\n');
      }
    }
  }

  /** A bad line in an input file; the message names file and line. */
  public static final class MalformedInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedInputException(Path file, long line, String problem) {
      super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
  }

}
