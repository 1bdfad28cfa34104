package org.falconet.kernel.runtime;

import org.falconet.kernel.display.MimeBundle;

/** Where displayed bundles go: the kernel publishes them on iopub; tests record them. */
public interface DisplaySink {
  /** Shows a new output; {@code displayId} names it for later updates. */
  void display(MimeBundle bundle, String displayId);

  /** Replaces the output shown under {@code displayId}, wherever it is. */
  void update(MimeBundle bundle, String displayId);

  /** Clears the cell's output ({@code wait}: when the next output arrives). */
  void clear(boolean wait);
}
