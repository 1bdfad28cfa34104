package org.falconet.kernel.runtime;

import java.util.List;
import java.util.UUID;
import org.falconet.kernel.display.Chart;
import org.falconet.kernel.display.Html;
import org.falconet.kernel.display.Markdown;
import org.falconet.kernel.display.MimeBundle;
import org.falconet.kernel.display.Renderers;
import org.falconet.kernel.display.Svg;
import org.falconet.pipeline.ProgressListener;

/**
 * The display API of notebook cells, statically imported at start-up.
 *
 * <pre>{@code
 * String id = display(table);            // an HTML table under the cell
 * updateDisplay(id, table.first(5));    // replaced in place
 * display(markdown("**done**"));
 * try (var bar = progress("docs", 1000)) { for (...) bar.step(); }
 * }</pre>
 */
public final class Notebook {
  private static volatile DisplaySink sink;

  private Notebook() {}

  /** The kernel connects its output here; {@code null} disconnects (output then goes to stdout as text). */
  public static void connect(DisplaySink s) {
    sink = s;
  }

  /** Shows {@code value} with its best renderer; returns the display id for {@link #updateDisplay}. */
  public static String display(Object value) {
    return show(Renderers.global().render(value));
  }

  /**
   * Shows {@code value} as only the given MIME types (and {@code text/plain}), as IJava's {@code display}:
   * {@code display(table, "text/plain")} shows the text table, {@code display("<b>hi</b>", "text/html")} the HTML.
   *
   * @return the display id for {@link #updateDisplay}
   * @throws IllegalArgumentException when {@code value} has no representation of a requested type
   */
  public static String display(Object value, String... mimeTypes) {
    return show(Renderers.global().render(value, mimeTypes));
  }

  /**
   * The representations of {@code value} for the given MIME types (all of them when none is given), as
   * IJava's {@code render}: display the result, or take one representation with {@code get(mime)}.
   *
   * @throws IllegalArgumentException when {@code value} has no representation of a requested type
   */
  public static MimeBundle render(Object value, String... mimeTypes) {
    return Renderers.global().render(value, mimeTypes);
  }

  private static String show(MimeBundle b) {
    String id = UUID.randomUUID().toString();
    DisplaySink s = sink;
    if (s == null) {
      System.out.println(b.get("text/plain"));
    } else {
      System.out.flush();
      System.err.flush();
      s.display(b, id);
    }
    return id;
  }

  /** Replaces what {@link #display} showed under {@code id} with {@code value}. */
  public static void updateDisplay(String id, Object value) {
    MimeBundle b = Renderers.global().render(value);
    DisplaySink s = sink;
    if (s == null) {
      System.out.println(b.get("text/plain"));
    } else {
      s.update(b, id);
    }
  }

  /** Clears the cell's output so far. */
  public static void clearOutput() {
    DisplaySink s = sink;
    if (s != null) {
      System.out.flush();
      s.clear(false);
    }
  }

  public static Html html(String html) {
    return new Html(html);
  }

  public static Markdown markdown(String markdown) {
    return new Markdown(markdown);
  }

  public static Svg svg(String svg) {
    return new Svg(svg);
  }

  /** An empty line chart; see {@link Chart}. */
  public static Chart lineChart(String title) {
    return Chart.line(title);
  }

  /** A bar chart of one value per category; see {@link Chart}. */
  public static Chart barChart(String title, List<String> categories, double[] values) {
    return Chart.bar(title, categories, values);
  }

  /** An empty bar chart over {@code categories}: add series with {@link Chart#bars}, side by side in their own colours. */
  public static Chart barChart(String title, List<String> categories) {
    return Chart.bar(title, categories);
  }

  /** A histogram in {@code bins} equal-width bins; see {@link Chart}. */
  public static Chart histogram(String title, double[] values, int bins) {
    return Chart.histogram(title, values, bins);
  }

  /** A progress bar shown under the cell and updated in place. */
  public static Progress progress(String label, long total) {
    return new Progress(label, total);
  }

  /** A pipeline listener that shows one in-place progress bar per step of a run. */
  public static ProgressListener pipelineProgress() {
    return new ProgressListener() {
      private Progress bar;

      @Override
      public synchronized void stepStarted(String step, long totalShards) {
        bar = new Progress(step + " (shards)", totalShards);
      }

      @Override
      public synchronized void shardDone(String step, long docs) {
        if (bar != null) {
          bar.step();
        }
      }

      @Override
      public synchronized void stepFinished(String step) {
        if (bar != null) {
          bar.close();
          bar = null;
        }
      }
    };
  }
}
