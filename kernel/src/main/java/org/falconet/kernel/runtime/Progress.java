package org.falconet.kernel.runtime;

import java.util.Locale;
import org.falconet.kernel.display.Escape;
import org.falconet.kernel.display.MimeBundle;

/**
 * A progress bar under a cell, redrawn in place (update_display_data) at most every
 * {@value #MIN_INTERVAL_MS} ms and once more when closed. A total of -1 means unknown (a counter).
 */
public final class Progress implements AutoCloseable {
  static final long MIN_INTERVAL_MS = 100;

  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final String id;
  private long done;
  private long lastDrawNanos;
  private boolean closed;

  Progress(String label, long total) {
    this.label = label;
    this.total = total;
    this.id = Notebook.display(bundle());
    this.lastDrawNanos = System.nanoTime();
  }

  /** One more unit done. */
  public void step() {
    stepBy(1);
  }

  public synchronized void stepBy(long n) {
    done += n;
    redraw(false);
  }

  /** Sets the amount done. */
  public synchronized void set(long value) {
    done = value;
    redraw(false);
  }

  public synchronized long done() {
    return done;
  }

  private void redraw(boolean force) {
    long now = System.nanoTime();
    if (force || now - lastDrawNanos >= MIN_INTERVAL_MS * 1_000_000) {
      lastDrawNanos = now;
      Notebook.updateDisplay(id, bundle());
    }
  }

  /** The bar as text and HTML. */
  MimeBundle bundle() {
    double secs = (System.nanoTime() - startNanos) / 1e9;
    String count = total >= 0 ? done + "/" + total : Long.toString(done);
    double frac = total > 0 ? Math.min(1, (double) done / total) : 0;
    int width = 30;
    int full = (int) Math.round(frac * width);
    String text = String.format(Locale.ROOT, "%s [%s%s] %s (%.1fs)", label, "#".repeat(full), " ".repeat(width - full), count, secs);
    String html = String.format(Locale.ROOT, "<div class=\"falconet-progress\">%s "
            + "<progress value=\"%d\" max=\"%d\" style=\"width:20em\"></progress> %s (%.1fs)</div>",
        Escape.html(label), total > 0 ? done : 0, Math.max(1, total), Escape.html(count), secs);
    return MimeBundle.html(html, text);
  }

  /** Draws the final state. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      redraw(true);
    }
  }
}
