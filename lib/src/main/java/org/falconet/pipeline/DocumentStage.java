package org.falconet.pipeline;

import org.falconet.corpus.Document;

/**
 * A stage that decides each document on its own: a transformation (extraction, line-wise
 * corrections, PII redaction) or a {@link Filter}.
 *
 * <p>Implementations must be thread-safe and deterministic: the runner calls {@link #apply} from
 * several threads and promises the same output whatever the thread count.
 */
public non-sealed interface DocumentStage extends Stage {

  /** Keeps (possibly changing) or removes one document. Never throws for bad content: removes it with a reason. */
  Outcome apply(Document doc);
}
