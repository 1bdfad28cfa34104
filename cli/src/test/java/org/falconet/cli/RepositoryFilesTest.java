package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A clone must be complete by itself: no tracked file may point at the folder that sits beside the
 * project's own checkout on its development machines (where shared data is kept to be copied into the
 * repository), because a user's clone has nothing beside it.
 */
class RepositoryFilesTest {
  // Built from pieces so that this file does not match itself.
  private static final Pattern OUTSIDE = Pattern.compile(Pattern.quote("..") + "/+shared\\b|/work/" + "shared\\b");

  private static final Path REPO = Path.of(System.getProperty("falconet.repo", "..")).toAbsolutePath().normalize();

  @Test
  void noTrackedFileRefersToTheFolderBesideTheCheckout() throws Exception {
    List<Path> files = trackedFiles();
    assertTrue(files.size() > 100, "expected the repository's files, found " + files.size() + " under " + REPO);
    List<String> offenders = new ArrayList<>();
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      if (isBinary(bytes)) {
        continue;
      }
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (OUTSIDE.matcher(lines[i]).find()) {
          offenders.add(REPO.relativize(f) + ":" + (i + 1) + ": " + lines[i].strip());
        }
      }
    }
    assertEquals(List.of(), offenders, "files that read outside the clone");
  }

  @Test
  void thePatternCatchesEveryFormOfThePath() {
    String sib = ".." + "/shared";
    for (String s : List.of(sib + "/data/x.gguf", "../" + sib + "/data", "repo.resolve(\"" + sib + "\")",
        "/work/" + "shared/PERFORMANCE.md", ".." + "//shared")) {
      assertTrue(OUTSIDE.matcher(s).find(), s);
    }
    for (String s : List.of("/shared/crawl", "the shared data", "../sharedstate", "datasets-sample/shared")) {
      assertTrue(!OUTSIDE.matcher(s).find(), s);
    }
  }

  /** Git's tracked files where the repository is a clone; every file but build output otherwise. */
  private static List<Path> trackedFiles() throws IOException, InterruptedException {
    if (Files.isDirectory(REPO.resolve(".git")) || Files.isRegularFile(REPO.resolve(".git"))) {
      Process p = new ProcessBuilder("git", "-C", REPO.toString(), "ls-files", "-z").redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() == 0) {
        List<Path> files = new ArrayList<>();
        for (String name : out.split("\0")) {
          Path f = REPO.resolve(name);
          if (!name.isEmpty() && Files.isRegularFile(f)) {
            files.add(f);
          }
        }
        return files;
      }
    }
    try (Stream<Path> walk = Files.walk(REPO)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> !REPO.relativize(f).toString().matches("(.*/)?(target|\\.git|out)/.*"))
          .toList();
    }
  }

  private static boolean isBinary(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
