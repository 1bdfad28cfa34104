package org.falconet.pipeline;

import java.util.Objects;
import org.falconet.corpus.Document;

/** What a stage decided for one document: kept (perhaps changed) or removed with a reason. */
public sealed interface Outcome {

  /** The document as it leaves the stage (for a removal, as it was when removed). */
  Document document();

  static Outcome kept(Document doc) {
    return new Kept(doc);
  }

  static Outcome removed(Document doc, String reason) {
    return new Removed(doc, reason);
  }

  /** The document goes on to the next stage. */
  record Kept(Document document) implements Outcome {
    public Kept {
      Objects.requireNonNull(document);
    }
  }

  /** The document leaves the pipeline; {@code reason} is a {@code snake_case} word. */
  record Removed(Document document, String reason) implements Outcome {
    public Removed {
      Objects.requireNonNull(document);
      Reasons.check(reason);
    }
  }
}
