package org.falconet.tokenizer;

/**
 * GPT-2's byte-to-unicode map: each of the 256 byte values written as one printable character, so a
 * byte-level vocabulary is a set of ordinary strings (the space byte is {@code 'Ġ'}, newline {@code 'Ċ'}).
 *
 * <p>The printable bytes {@code '!'..'~'}, {@code '¡'..'¬'} and {@code '®'..'ÿ'} stand for themselves;
 * the other 68 bytes, in increasing order, get U+0100, U+0101, ... (Radford et al. 2019, GPT-2's
 * {@code encoder.py}, {@code bytes_to_unicode}).
 */
public final class ByteUnicode {
  private ByteUnicode() {}

  private static final char[] BYTE_TO_CHAR = new char[256];
  /** Inverse map, indexed by char; -1 where the char stands for no byte. The largest char is U+0143. */
  private static final short[] CHAR_TO_BYTE = new short[0x144];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      char c = printable ? (char) b : (char) (256 + n++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = (short) b;
    }
  }

  /** The character that stands for byte {@code b} (0..255, or a signed Java byte). */
  public static char toChar(int b) {
    return BYTE_TO_CHAR[b & 0xFF];
  }

  /** The byte {@code c} stands for, or -1 if it stands for none. */
  public static int toByte(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }

  /** {@code bytes[from, to)} written as their characters. */
  public static String encode(byte[] bytes, int from, int to) {
    char[] out = new char[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = BYTE_TO_CHAR[bytes[i] & 0xFF];
    }
    return new String(out);
  }

  /** The bytes of a byte-level string, or null if some character stands for no byte. */
  public static byte[] decode(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < out.length; i++) {
      int b = toByte(s.charAt(i));
      if (b < 0) {
        return null;
      }
      out[i] = (byte) b;
    }
    return out;
  }
}
