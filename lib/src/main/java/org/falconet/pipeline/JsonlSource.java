package org.falconet.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.falconet.corpus.JsonlFiles;

/** Reads documents from JSONL(.gz) files in the {@link org.falconet.corpus.JsonlCodec} schema. A bad line stops the run with its file and line. */
public final class JsonlSource implements DocumentSource {

  @Override
  public String name() {
    return "jsonl_reader";
  }

  @Override
  public boolean accepts(Path file) {
    return JsonlFiles.isJsonl(file);
  }

  @Override
  public void read(Path file, Consumer<Outcome> sink) throws IOException {
    JsonlFiles.read(file, doc -> sink.accept(Outcome.kept(doc)));
  }
}
