package org.falconet.kernel.magic;

/** A {@code %%name args} first line and the cell's body below it: returns a value to show, or {@code null}. */
@FunctionalInterface
public interface CellMagic {
  Object run(String args, String body, MagicContext ctx) throws Exception;
}
