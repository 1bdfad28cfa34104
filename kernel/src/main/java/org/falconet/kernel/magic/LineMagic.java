package org.falconet.kernel.magic;

/** A {@code %name args} line: returns a value to show, or {@code null}. */
@FunctionalInterface
public interface LineMagic {
  Object run(String args, MagicContext ctx) throws Exception;
}
