package org.falconet.kernel.wire;

import io.github.spencerpark.jupyter.messages.HMACGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Signs outgoing messages and checks incoming ones with the connection file's key (HMAC over
 * header, parent header, metadata and content, as the Jupyter protocol specifies). The HMAC itself
 * comes from the base kernel library; the comparison is constant-time.
 */
public final class Signer {
  private final HMACGenerator hmac;
  private final boolean enabled;

  public Signer(HMACGenerator hmac, boolean enabled) {
    this.hmac = hmac;
    this.enabled = enabled;
  }

  /** The hex signature of the four JSON frames, or "" when the key is empty (signing disabled). */
  public String sign(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
    if (!enabled) {
      return "";
    }
    return hmac.calculateSignature(header, parent, metadata, content);
  }

  /** Whether {@code signature} is the right one for the frames. */
  public boolean verify(String signature, byte[] header, byte[] parent, byte[] metadata, byte[] content) {
    if (!enabled) {
      return true;
    }
    String expected = sign(header, parent, metadata, content);
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
