package org.falconet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.falconet.kernel.wire.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

  @Test
  void kernelJsonStartsThisJavaWithTheClassPathAndNoPlaceholderButTheConnectionFile(@TempDir Path dir) throws Exception {
    Path spec = KernelSpec.write(dir, "/a.jar:/b", List.of("-Xss4m"));
    JsonNode json = Message.json().readTree(spec.resolve("kernel.json").toFile());
    assertEquals(dir.resolve("falconet"), spec);
    List<String> argv = Message.json().convertValue(json.get("argv"), Message.json().getTypeFactory()
        .constructCollectionType(List.class, String.class));
    assertEquals(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss4m", "-cp", "/a.jar:/b",
        KernelMain.class.getName(), "{connection_file}"), argv);
    assertEquals("Java (Falconet)", json.get("display_name").asText());
    assertEquals("message", json.get("interrupt_mode").asText());
  }

  @Test
  void theLaunchersNarrowerClassPathWinsOverThisJvms(@TempDir Path dir) throws Exception {
    String old = System.getProperty(KernelSpec.CLASSPATH_PROPERTY);
    Path jar = Files.createDirectory(dir.resolve("classes"));
    try {
      System.setProperty(KernelSpec.CLASSPATH_PROPERTY, dir + File.pathSeparator + jar);
      assertEquals(List.of(dir.toString(), jar.toString()), KernelSpec.thisClasspath());
      System.setProperty(KernelSpec.CLASSPATH_PROPERTY, "");
      assertFalse(KernelSpec.thisClasspath().contains(jar.toString()));
    } finally {
      if (old == null) {
        System.clearProperty(KernelSpec.CLASSPATH_PROPERTY);
      } else {
        System.setProperty(KernelSpec.CLASSPATH_PROPERTY, old);
      }
    }
  }
}
