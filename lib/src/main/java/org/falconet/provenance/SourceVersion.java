package org.falconet.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Which Falconet ran: the version it was built as, and where the code came from a git clone, the
 * commit and whether the working tree had changes. Read at run time, without network: from
 * {@code git} if it is installed, else from the files under {@code .git}; a jar outside a clone
 * says {@code unknown}.
 *
 * @param version the Maven version the code was built as
 * @param commit  the checked-out commit (40 hex digits), or {@code unknown}
 * @param dirty   whether tracked files differed from that commit; {@code null} when it cannot be told
 */
public record SourceVersion(String version, String commit, Boolean dirty) {
  public static final String UNKNOWN = "unknown";

  /** The running code's version, commit and dirty flag. */
  public static SourceVersion current() {
    Path root = repositoryRoot();
    if (root == null) {
      return new SourceVersion(builtVersion(), UNKNOWN, null);
    }
    String commit = git(root, "rev-parse", "HEAD");
    Boolean dirty = null;
    if (commit != null) {
      String status = git(root, "status", "--porcelain", "--untracked-files=no");
      dirty = status == null ? null : !status.isBlank();
    } else {
      commit = readHead(root);
    }
    return new SourceVersion(builtVersion(), commit == null ? UNKNOWN : commit, dirty);
  }

  /** The version Maven filled into {@code falconet.properties}, or {@code unknown}. */
  public static String builtVersion() {
    try (InputStream in = SourceVersion.class.getResourceAsStream("falconet.properties")) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", UNKNOWN);
      return v.startsWith("${") ? UNKNOWN : v;
    } catch (IOException e) {
      return UNKNOWN;
    }
  }

  /**
   * The root of the git clone the running code was built in: the {@code falconet.repo} property the
   * launcher sets, else the nearest directory above this class's location that holds {@code .git};
   * {@code null} if there is none.
   */
  public static Path repositoryRoot() {
    String prop = System.getProperty("falconet.repo");
    if (prop != null && !prop.isBlank() && Files.exists(Path.of(prop).resolve(".git"))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    try {
      Path p = Path.of(SourceVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path d = p.toAbsolutePath(); d != null; d = d.getParent()) {
        if (Files.exists(d.resolve(".git"))) {
          return d;
        }
      }
    } catch (Exception e) {
      // No code source (an unusual class loader): no clone to report.
    }
    return null;
  }

  /** One git command's standard output, trimmed; {@code null} if git is missing or fails. */
  private static String git(Path root, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** HEAD's commit from the files under {@code .git} (a worktree's {@code gitdir:} link, loose or packed refs). */
  static String readHead(Path root) {
    try {
      Path git = root.resolve(".git");
      if (Files.isRegularFile(git)) {
        String link = Files.readString(git).trim();
        if (!link.startsWith("gitdir:")) {
          return null;
        }
        git = root.resolve(link.substring("gitdir:".length()).trim()).normalize();
      }
      String head = Files.readString(git.resolve("HEAD")).trim();
      if (!head.startsWith("ref:")) {
        return head.matches("[0-9a-f]{40}") ? head : null;
      }
      String ref = head.substring(4).trim();
      Path common = Files.exists(git.resolve("commondir"))
          ? git.resolve(Files.readString(git.resolve("commondir")).trim()).normalize() : git;
      for (Path dir : List.of(git, common)) {
        if (Files.exists(dir.resolve(ref))) {
          return Files.readString(dir.resolve(ref)).trim();
        }
      }
      Path packed = common.resolve("packed-refs");
      if (Files.exists(packed)) {
        for (String line : Files.readAllLines(packed)) {
          if (line.endsWith(" " + ref)) {
            return line.substring(0, line.indexOf(' '));
          }
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
