package org.falconet.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel process's entry point: {@code java ... org.falconet.kernel.KernelMain CONNECTION_FILE},
 * as the kernelspec's {@code argv} runs it.
 */
public final class KernelMain {
  private KernelMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println("usage: KernelMain CONNECTION_FILE (a Jupyter connection file)");
      System.exit(2);
    }
    // Charts and attention maps draw with Java2D into SVG and PNG: no window, no display connection,
    // whatever DISPLAY says (set before any AWT class loads).
    System.setProperty("java.awt.headless", "true");
    FalconetKernel.serve(Path.of(args[0]));
  }
}
