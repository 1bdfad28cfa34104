package org.falconet.kernel.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's execution engine for the kernel: snippets run in the kernel's own JVM (so a cell's value
 * is a live object the renderers can draw) on a fresh thread each, which {@link #stop()} ends with
 * {@code Thread.stop} — the only way to end a CPU-bound loop such as {@code while (true) {}}. JShell's
 * state lives on the caller's thread and survives; earlier definitions stay usable.
 */
final class CellExecutionControl extends DirectExecutionControl {
  private volatile Thread running;
  private volatile boolean stopRequested;
  private volatile Object lastValue;

  /** The value the most recent snippet produced (an expression's value, a variable's initial value). */
  Object lastValue() {
    return lastValue;
  }

  /** Whether {@link #stop()} was called since {@link #clearStop()}; later snippets then do not run. */
  boolean wasStopped() {
    return stopRequested;
  }

  void clearStop() {
    stopRequested = false;
  }

  @Override
  protected String invoke(Method doit) throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        result.set(doit.invoke(null));
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "falconet-cell");
    t.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
    lastValue = null;
    running = t;
    if (stopRequested) {
      running = null;
      throw new ExecutionControl.StoppedException();
    }
    try {
      t.start();
      t.join();
    } finally {
      running = null;
    }
    if (stopRequested) {
      throw new ExecutionControl.StoppedException();
    }
    Throwable f = failure.get();
    if (f instanceof InvocationTargetException ite) {
      throw ite;
    } else if (f instanceof Exception e) {
      throw e;
    } else if (f != null) {
      throw new InvocationTargetException(f);
    }
    lastValue = result.get();
    return valueString(lastValue);
  }

  /**
   * Ends the running snippet: {@code Thread.stop} now, and again every 100 ms for two seconds in case
   * the code caught the first {@code ThreadDeath}.
   */
  @Override
  @SuppressWarnings({"deprecation", "removal"})
  public void stop() {
    stopRequested = true;
    Thread t = running;
    if (t == null) {
      return;
    }
    t.stop();
    Thread again = new Thread(() -> {
      for (int i = 0; i < 20 && t.isAlive(); i++) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
        if (t.isAlive()) {
          t.stop();
        }
      }
    }, "falconet-stop");
    again.setDaemon(true);
    again.start();
  }

  /** Hands JShell this engine; the evaluator keeps a reference to reach the last value. */
  static final class Provider implements ExecutionControlProvider {
    private CellExecutionControl control;

    @Override
    public String name() {
      return "falconet";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      control = new CellExecutionControl();
      return control;
    }

    CellExecutionControl control() {
      return control;
    }
  }
}
