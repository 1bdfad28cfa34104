package org.falconet.kernel.eval;

import java.util.List;

/**
 * Why a cell did not complete, in the shape Jupyter's error message wants: a name, a one-line
 * value and traceback lines (the failing code with the error marked, or the cause chain).
 */
public final class CellFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final List<String> traceback;

  public CellFailure(String name, String value, List<String> traceback) {
    super(value);
    this.name = name;
    this.traceback = List.copyOf(traceback);
  }

  /** The error's name: an exception class, {@code CompileError} or {@code Interrupted}. */
  public String name() {
    return name;
  }

  /** The one-line description. */
  public String value() {
    return getMessage() == null ? "" : getMessage();
  }

  public List<String> traceback() {
    return traceback;
  }
}
