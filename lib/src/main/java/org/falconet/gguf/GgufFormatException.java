package org.falconet.gguf;

/** A GGUF file that cannot be read: the message names the file and the part at fault. */
public final class GgufFormatException extends IllegalArgumentException {
  public GgufFormatException(String message) {
    super(message);
  }
}
