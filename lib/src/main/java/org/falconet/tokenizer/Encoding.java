package org.falconet.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text with its tokens: each token's id, its vocabulary string, the text it stands for and where that
 * text lies in the input, so token boundaries can be shown (the kernel draws an encoding as coloured spans).
 *
 * <pre>{@code
 * Encoding e = Encoding.of(tokenizer, "Hello world");
 * e.ids();                     // [9856, 1079]
 * e.tokens().get(1).token();   // "Ġworld" (GPT-2's byte characters: Ġ is the space)
 * e.tokens().get(1).text();    // " world", chars 5..11 of the input
 * }</pre>
 *
 * @param text   the encoded text
 * @param tokens its tokens in order
 */
public record Encoding(String text, List<Token> tokens) {

  /**
   * One token.
   *
   * @param id      its id
   * @param token   its vocabulary string (byte-level characters), or the special token's text
   * @param text    the text its bytes decode to (U+FFFD for a part of a multi-byte character)
   * @param start   first char of the input it covers
   * @param end     one past its last char; a token holding part of a character covers the whole character
   * @param special whether it is a special token ({@code <|endoftext|>}, {@code >>TITLE<<}, ...)
   */
  public record Token(int id, String token, String text, int start, int end, boolean special) {}

  public Encoding {
    tokens = List.copyOf(tokens);
  }

  /** Encodes {@code text} with {@code tokenizer} and finds each token's span in it. */
  public static Encoding of(Tokenizer tokenizer, String text) {
    int[] ids = tokenizer.encode(text);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    int[] charOfByte = charOfByte(text, utf8.length);
    List<Token> out = new ArrayList<>(ids.length);
    int pos = 0;                                             // next byte of the text not yet covered
    for (int id : ids) {
      byte[] b = tokenizer.decodeBytes(new int[] {id}, false);
      // Bytes outside the vocabulary (Falcon lacks 0x00-0x08 and a few more) were dropped by the
      // encoder, as in Hugging Face: skip them to find where this token's bytes are.
      int at = pos;
      while (at + b.length <= utf8.length && !Arrays.equals(utf8, at, at + b.length, b, 0, b.length)) {
        at++;
      }
      if (at + b.length > utf8.length) {
        throw new IllegalStateException("token " + id + " is not found in the text after byte " + pos);
      }
      int start = charOfByte[at];
      int end = b.length == 0 ? start : charEnd(text, charOfByte[at + b.length - 1]);
      out.add(new Token(id, tokenizer.token(id), new String(b, StandardCharsets.UTF_8), start, end,
          tokenizer.isSpecial(id)));
      pos = at + b.length;
    }
    return new Encoding(text, out);
  }

  /** The ids in order. */
  public int[] ids() {
    return tokens.stream().mapToInt(Token::id).toArray();
  }

  /** Number of tokens. */
  public int size() {
    return tokens.size();
  }

  /** Bytes of UTF-8 text per token (0 for an empty encoding). */
  public double bytesPerToken() {
    return tokens.isEmpty() ? 0 : (double) text.getBytes(StandardCharsets.UTF_8).length / tokens.size();
  }

  /** For each UTF-8 byte of {@code text}, the index of the char (the high surrogate for a pair) it belongs to. */
  private static int[] charOfByte(String text, int bytes) {
    int[] map = new int[bytes];
    int b = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (int k = 0; k < n; k++) map[b++] = i;
      i += Character.charCount(cp);
    }
    return map;
  }

  private static int charEnd(String text, int charStart) {
    return charStart + Character.charCount(text.codePointAt(charStart));
  }
}
