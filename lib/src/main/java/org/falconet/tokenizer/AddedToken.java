package org.falconet.tokenizer;

/**
 * A token matched whole in the text before pre-tokenization ({@code added_tokens} in
 * {@code tokenizer.json}); a special one ({@code <|endoftext|>}, {@code >>TITLE<<}) is a control token.
 *
 * <p>{@code singleWord}, {@code lstrip} and {@code rstrip} true are not supported (refused on load).
 */
public record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
    boolean normalized, boolean special) {

  public AddedToken {
    if (content == null || content.isEmpty()) {
      throw new TokenizerFormatException("added token " + id + " has no content");
    }
  }

  /** A special token as Falcon's: matched verbatim, not normalized. */
  public static AddedToken special(int id, String content) {
    return new AddedToken(id, content, false, false, false, false, true);
  }
}
