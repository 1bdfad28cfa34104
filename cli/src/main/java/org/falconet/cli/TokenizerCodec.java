package org.falconet.cli;

import org.falconet.generate.TextCodec;
import org.falconet.tokenizer.Tokenizer;

/** A {@link Tokenizer} as generation's text codec. */
record TokenizerCodec(Tokenizer tokenizer) implements TextCodec {
  @Override
  public int[] encode(String text) {
    return tokenizer.encode(text);
  }

  @Override
  public String decode(int[] ids) {
    return tokenizer.decode(ids);
  }
}
