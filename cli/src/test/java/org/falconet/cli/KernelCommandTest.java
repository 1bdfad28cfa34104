package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCommandTest {
  @TempDir
  Path prefix;

  @Test
  void installWritesACompleteKernelspecUnderThePrefix() throws Exception {
    int rc = Falconet.commandLine().execute("kernel", "install", "--prefix", prefix.toString());
    assertEquals(0, rc);
    JsonNode spec = new ObjectMapper().readTree(prefix.resolve("share/jupyter/kernels/falconet/kernel.json").toFile());
    assertEquals("Java (Falconet)", spec.path("display_name").asText());
    assertEquals("message", spec.path("interrupt_mode").asText());
    JsonNode argv = spec.path("argv");
    assertTrue(Files.isExecutable(Path.of(argv.get(0).asText())), argv.get(0).asText());
    assertEquals("{connection_file}", argv.get(argv.size() - 1).asText());
    assertEquals("org.falconet.kernel.KernelMain", argv.get(argv.size() - 2).asText());
    String cp = argv.get(argv.size() - 3).asText();
    assertEquals("-cp", argv.get(argv.size() - 4).asText());
    for (String entry : cp.split(File.pathSeparator)) {
      assertTrue(Path.of(entry).isAbsolute() && Files.exists(Path.of(entry)), entry);
    }
    assertTrue(argv.toString().contains("jdk.incubator.vector"));
    assertTrue(argv.toString().contains("-Dorg.bytedeco.javacpp.platform.extension="));
    for (JsonNode a : argv) {
      assertFalse(a.asText().contains("{") && !a.asText().equals("{connection_file}"), a.asText());
    }
  }

  @Test
  void userAndPrefixTogetherIsAnError() {
    assertEquals(1, Falconet.commandLine().execute("kernel", "install", "--user", "--prefix", prefix.toString()));
  }
}
