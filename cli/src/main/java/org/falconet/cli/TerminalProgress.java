package org.falconet.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.falconet.pipeline.ProgressListener;

/** A progress bar per pipeline step when attached to a terminal, one log line per step otherwise. */
final class TerminalProgress implements ProgressListener, AutoCloseable {
  private final boolean terminal = System.console() != null;
  private ProgressBar bar;
  private long docs;
  private long start;

  @Override
  public synchronized void stepStarted(String step, long totalShards) {
    docs = 0;
    start = System.nanoTime();
    if (terminal) {
      bar = new ProgressBarBuilder().setTaskName(step).setInitialMax(totalShards).setUnit(" shards", 1)
          .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
          .build();
    } else {
      System.err.println("[falconet] " + step + ": started");
    }
  }

  @Override
  public synchronized void shardDone(String step, long docsOut) {
    docs += docsOut;
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(docs + " docs");
    }
  }

  @Override
  public synchronized void stepFinished(String step) {
    if (bar != null) {
      bar.close();
      bar = null;
    } else {
      System.err.printf("[falconet] %s: done, %d documents passed on, %.1fs%n", step, docs, (System.nanoTime() - start) / 1e9);
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
