package org.falconet.kernel.magic;

import java.nio.file.Path;
import org.falconet.kernel.eval.CellEvaluator;
import org.falconet.kernel.eval.CellFailure;

/** What a magic may use: the session's evaluator, the working directory and the rest of the cell runner. */
public interface MagicContext {
  CellEvaluator evaluator();

  /** Relative paths in magics resolve against this directory (the notebook's). */
  Path workingDirectory();

  /** Runs Java code (which may itself hold magics) as a cell would, returning the last value. */
  Cells.Value runCell(String code) throws CellFailure;
}
