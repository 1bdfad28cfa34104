/**
 * Java cell evaluation on JShell: splitting a cell into snippets, persistent declarations, the last
 * expression's value as the cell's result, interruptible execution, completion, inspection and
 * readable compile and runtime errors.
 */
package org.falconet.kernel.eval;
