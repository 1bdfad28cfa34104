package org.falconet.generate;

import org.falconet.tokenizer.Tokenizer;

/**
 * What generation needs of a tokenizer: text to ids and ids back to text ({@link #of(Tokenizer)} for the
 * library's tokenizer); generation works on ids alone without it (no text prompts, no stop strings).
 */
public interface TextCodec {
  /** A {@link Tokenizer} as generation's codec. */
  static TextCodec of(Tokenizer tokenizer) {
    return new TextCodec() {
      @Override
      public int[] encode(String text) {
        return tokenizer.encode(text);
      }

      @Override
      public String decode(int[] ids) {
        return tokenizer.decode(ids);
      }
    };
  }

  /** Token ids of {@code text} (no special tokens added). */
  int[] encode(String text);

  /** The text of {@code ids}; byte-level pieces that do not yet form whole characters may decode to U+FFFD. */
  String decode(int[] ids);
}
