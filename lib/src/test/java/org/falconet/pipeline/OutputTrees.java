package org.falconet.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Digests of every output file of a run except stats.json (timings differ), for byte-identity checks. */
final class OutputTrees {
  private OutputTrees() {}

  static Map<String, String> digests(Path outDir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(outDir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = outDir.relativize(p).toString();
        if (rel.equals("stats.json")) {
          continue;
        }
        try {
          byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
          out.put(rel, HexFormat.of().formatHex(d));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }

  /** Fails naming the first few files that differ, not with a wall of digests. */
  static void assertSame(Path expected, Path actual) throws IOException {
    Map<String, String> a = digests(expected);
    Map<String, String> b = digests(actual);
    java.util.List<String> diff = new java.util.ArrayList<>();
    java.util.Set<String> names = new java.util.TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String n : names) {
      if (!java.util.Objects.equals(a.get(n), b.get(n))) {
        diff.add(n + (a.containsKey(n) ? (b.containsKey(n) ? " (bytes differ)" : " (missing)") : " (extra)"));
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(diff.isEmpty(),
        diff.size() + " of " + names.size() + " files differ, first: " + diff.subList(0, Math.min(5, diff.size())));
  }
}
