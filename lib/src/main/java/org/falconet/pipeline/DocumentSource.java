package org.falconet.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Turns one input file into documents: the first stage of every run. A source may already remove
 * records it cannot use (a WARC request record, a non-HTML response, a damaged record), with a
 * reason, so the funnel accounts for every input record.
 */
public interface DocumentSource {

  /** The name the funnel shows for this step, e.g. {@code warc_reader}. */
  String name();

  /** True if this source reads {@code file} (judged by its name). */
  boolean accepts(Path file);

  /**
   * Emits one outcome per input record, in file order.
   *
   * @throws IOException only when the file cannot be read at all or is malformed beyond recovery;
   *     the message names the file (and line, where there is one)
   */
  void read(Path file, Consumer<Outcome> sink) throws IOException;
}
