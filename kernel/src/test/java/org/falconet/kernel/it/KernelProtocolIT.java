package org.falconet.kernel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.falconet.kernel.testing.Jupyter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the real kernel through Debian's jupyter_client and checks its replies: the protocol
 * scenarios of protocol_test.py, and Jupyter's own conformance suite (jupyter_kernel_test).
 */
class KernelProtocolIT {
  static Jupyter jupyter;

  @BeforeAll
  static void install() throws Exception {
    jupyter = Jupyter.inTempDir();
  }

  static String script(String name) throws Exception {
    try (var in = KernelProtocolIT.class.getResourceAsStream("/jupyter/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static void assertPasses(Jupyter.Run r) {
    String all = r.stdout() + r.stderr();
    assertEquals(0, r.exitCode(), all);
    assertTrue(all.contains("\nOK"), all);
  }

  @Test
  void protocolScenariosThroughJupyterClient() throws Exception {
    Jupyter.Run r = jupyter.python(script("protocol_test.py"), List.of(), Path.of("."), 240);
    assertPasses(r);
    assertTrue(r.stderr().contains("Ran 15 tests"), r.stderr());
  }

  @Test
  void jupyterKernelConformanceSuite() throws Exception {
    Jupyter.Run r = jupyter.python(script("conformance_test.py"), List.of(), Path.of("."), 240);
    assertPasses(r);
    // test_pager is the only test without a sample: Java has no pager payloads.
    assertTrue(r.stderr().contains("OK (skipped=1)"), r.stderr());
  }
}
