package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.falconet.kernel.KernelSpec;
import org.falconet.kernel.testing.Jupyter;
import org.junit.jupiter.api.Test;

/**
 * The notebooks as a student opens them: Jupyter Notebook started as {@code ./falconet notebook} starts it
 * ({@link NotebookServer}: private kernelspec, notebooks trusted, {@code --allow-root} as root), driven by
 * headless Chromium through Selenium ({@code notebook_in_browser.py}). Three notebooks, one with charts,
 * one with the token renderer, one with generation: committed outputs must render before running, Run All
 * must end without an error output and with the charts drawn, and a {@code while (true) {}} cell stopped
 * from the Kernel menu must leave the session's definitions in place.
 *
 * <p>The server serves copies of the notebooks (beside a link to {@code datasets-sample/}), so nothing
 * the browser does can change the repository. Screenshots (before and after running, and of any failure)
 * are kept in {@code cli/target/browser-test/}.
 */
class NotebookBrowserIT {
  static final List<String> NOTEBOOKS = List.of("08-fuzzy-dedup.ipynb", "11-tokenization.ipynb", "14-generation.ipynb");
  static final String INTERRUPTED_IN = "14-generation.ipynb";

  @Test
  void notebooksRenderRunAndInterruptInChromium() throws Exception {
    Path repo = Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("falconet-browser");
    Path notebooks = Files.createDirectories(work.resolve("notebooks"));
    for (String nb : NOTEBOOKS) {
      Files.copy(repo.resolve("notebooks").resolve(nb), notebooks.resolve(nb));
    }
    Files.createSymbolicLink(work.resolve("datasets-sample"), repo.resolve("datasets-sample"));
    // The kernel's own class path, as the launcher writes it (the CLI's would add Spark to every cell's compile).
    System.setProperty(KernelSpec.CLASSPATH_PROPERTY, String.join(File.pathSeparator,
        repo.resolve("kernel/target/classes").toString(), repo.resolve("lib/target/classes").toString(),
        Files.readString(repo.resolve("kernel/target/classpath.txt")).strip()));
    int port = freePort();
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    NotebookServer server = new NotebookServer(notebooks, work.resolve("jupyter"), work.resolve("data"), false, port,
        "127.0.0.1", true, List.of("--NotebookApp.token=" + token));
    server.writeKernelSpec();
    assertEquals(NOTEBOOKS.size(), server.trustNotebooks());
    Path serverLog = work.resolve("server.log");
    Process jupyter = server.processBuilder().redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
    Path out = repo.resolve("cli/target/browser-test");
    try {
      String base = "http://127.0.0.1:" + port;
      awaitServer(base + "/api/status?token=" + token, jupyter, serverLog);
      List<String> args = new ArrayList<>(List.of(base, token, out.toString()));
      NOTEBOOKS.forEach(nb -> args.add(notebooks.resolve(nb).toString()));
      args.addAll(List.of("--interrupt", INTERRUPTED_IN));
      Jupyter.Run run = Jupyter.inTempDir().python(Jupyter.resource("/browser/notebook_in_browser.py"), args, work, 600);
      System.out.print(run.stdout());
      assertEquals(0, run.exitCode(), "the notebooks in Chromium (screenshots in " + out + "):\n" + run.stdout() + run.stderr()
          + "\nserver log:\n" + tail(serverLog));
    } finally {
      jupyter.descendants().forEach(ProcessHandle::destroy);
      jupyter.destroy();
      if (!jupyter.waitFor(10, TimeUnit.SECONDS)) {
        jupyter.descendants().forEach(ProcessHandle::destroyForcibly);
        jupyter.destroyForcibly();
      }
    }
  }

  private static void awaitServer(String url, Process jupyter, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!jupyter.isAlive()) {
        throw new AssertionError("Jupyter stopped with status " + jupyter.exitValue() + ":\n" + tail(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(1000);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Jupyter did not answer within 60 s:\n" + tail(log));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
