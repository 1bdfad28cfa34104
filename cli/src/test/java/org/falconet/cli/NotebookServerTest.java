package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookServerTest {
  private static final Path NB = Path.of("/srv/notebooks");

  /** The effective uid from the kernel's own account of this process, independent of how isRoot() asks. */
  private static boolean rootByProcStatus() throws Exception {
    String uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
        .findFirst().orElseThrow().split("\\s+")[2];
    return uid.equals("0");
  }

  @Test
  void rootIsDetectedAsTheKernelSeesIt() throws Exception {
    assertEquals(rootByProcStatus(), NotebookServer.isRoot());
  }

  @Test
  void optionsBecomeJupyterArgumentsAndExtraArgumentsFollowAsTheyAre() throws Exception {
    NotebookServer s = new NotebookServer(NB, Path.of("/tmp/jp"), null, false, 8890, "0.0.0.0", true,
        List.of("--NotebookApp.token=t", "--debug"));
    List<String> expected = new ArrayList<>(List.of("jupyter-notebook", "--notebook-dir=/srv/notebooks", "--port=8890",
        "--ip=0.0.0.0", "--no-browser"));
    if (rootByProcStatus()) {
      expected.add("--allow-root");
    }
    expected.addAll(List.of("--NotebookApp.token=t", "--debug"));
    assertEquals(expected, s.command());
  }

  @Test
  void defaultsAddNothingAndLabIsItsOwnProgram() throws Exception {
    List<String> cmd = new NotebookServer(NB, Path.of("/tmp/jp"), null, true, null, null, false, List.of()).command();
    assertEquals("jupyter-lab", cmd.get(0));
    assertEquals(rootByProcStatus() ? 3 : 2, cmd.size(), cmd.toString());
    List<String> given = new NotebookServer(NB, Path.of("/tmp/jp"), null, false, null, null, false, List.of("--allow-root"))
        .command();
    assertEquals(1, given.stream().filter("--allow-root"::equals).count(), "--allow-root given once is not doubled");
  }

  @Test
  void privateKernelsComeFirstOnJupyterPathAndDataDirIsUsedWhenGiven() {
    ProcessBuilder pb = new NotebookServer(NB, Path.of("/tmp/jp"), Path.of("/tmp/data"), false, null, null, true, List.of())
        .processBuilder();
    assertTrue(pb.environment().get("JUPYTER_PATH").startsWith("/tmp/jp"), pb.environment().get("JUPYTER_PATH"));
    assertEquals("/tmp/data", pb.environment().get("JUPYTER_DATA_DIR"));
    assertEquals("/tmp/data/runtime", pb.environment().get("JUPYTER_RUNTIME_DIR"));
  }

  @Test
  void aPortOutOfRangeIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NotebookServer(NB, Path.of("/tmp/jp"), null, false, 70000, null, false, List.of()));
    assertEquals("--port 70000: a port is 1 to 65535", e.getMessage());
  }

  @Test
  void doctorSeesABusyPortAsBusy() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertEquals(false, DoctorCommand.portFree(s.getLocalPort()));
    }
  }
}
