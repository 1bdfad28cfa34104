package org.falconet.tokenizer;

/** A tokenizer file that cannot be used as asked: the message names the file and the part at fault. */
public final class TokenizerFormatException extends IllegalArgumentException {
  public TokenizerFormatException(String message) {
    super(message);
  }
}
