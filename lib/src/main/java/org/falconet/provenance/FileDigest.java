package org.falconet.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file as a manifest names it: its path, its size in bytes and the SHA-256 of its content.
 *
 * @param path   as the manifest shows it (relative to the repository or the run's directory where it can be)
 * @param bytes  the file's size
 * @param sha256 lower-case hex; {@code null} where the file was not read (a remote Spark input)
 */
public record FileDigest(String path, long bytes, String sha256) {

  /** Reads {@code file} and digests it, naming it {@code shownAs}. */
  public static FileDigest of(Path file, String shownAs) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new FileDigest(shownAs, Files.size(file), sha256(in));
    }
  }

  /** The SHA-256 of everything {@code in} holds, in lower-case hex; reads it to the end. */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest sha = newSha256();
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) > 0) {
      sha.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The SHA-256 of a file's content. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java has no SHA-256", e);
    }
  }
}
