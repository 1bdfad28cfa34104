package org.falconet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./falconet test}: installs what the tests need, then runs every test (what CI runs). */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = "Install test prerequisites (Debian packages) and run every test: unit, integration, notebooks.")
final class TestCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    // The launcher runs scripts/test.sh itself without building first; this path is for java -cp users.
    Path script = Path.of("scripts/test.sh");
    if (!Files.exists(script)) {
      throw new java.nio.file.NoSuchFileException(script.toString(), null, "run from the repository root");
    }
    return new ProcessBuilder("bash", script.toString()).inheritIO().start().waitFor();
  }
}
