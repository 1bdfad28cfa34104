package org.falconet.generate;

/**
 * What generation needs of a tokenizer: text to ids and ids back to text. The tokenizer package provides one;
 * generation works on ids alone without it (no text prompts, no stop strings).
 */
public interface TextCodec {
  /** Token ids of {@code text} (no special tokens added). */
  int[] encode(String text);

  /** The text of {@code ids}; byte-level pieces that do not yet form whole characters may decode to U+FFFD. */
  String decode(int[] ids);
}
