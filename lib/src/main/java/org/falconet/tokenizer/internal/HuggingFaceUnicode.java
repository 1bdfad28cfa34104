package org.falconet.tokenizer.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Character classes as Hugging Face's tokenizers sees them: letter, number, white space or other for
 * the GPT-2 regex (Oniguruma's {@code \p{L}}, {@code \p{N}}, {@code \s}) and punctuation for the
 * Punctuation step (the {@code unicode_categories} crate). Each library has its own Unicode version,
 * neither the JDK's, so the JDK's classes are corrected by {@code hf-unicode-overrides.txt}: the code
 * points where Hugging Face answered differently when asked through DJL ({@code UnicodeClassProbe}
 * in the tests, run on Java 17 / Unicode 13 against tokenizers 0.20.3).
 */
public final class HuggingFaceUnicode {
  private HuggingFaceUnicode() {}

  public static final int LETTER = 0, NUMBER = 1, SPACE = 2, OTHER = 3;
  private static final int PUNCT = 4;

  /** Class (bits 0-1) and punctuation (bit 2) of every BMP char. */
  private static final byte[] BMP = new byte[0x10000];
  /** The same for the corrected code points beyond the BMP. */
  private static final Map<Integer, Byte> ASTRAL = new HashMap<>();

  static {
    for (int c = 0; c < 0x10000; c++) {
      BMP[c] = (byte) (javaClass(c) | (javaPunctuation(c) ? PUNCT : 0));
    }
    try (InputStream in = HuggingFaceUnicode.class.getResourceAsStream("hf-unicode-overrides.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");        // "0C77 O -": code point, class, punctuation
        int cp = Integer.parseInt(f[0], 16);
        int cls = "LNSO".indexOf(f[1].charAt(0));
        byte v = (byte) (cls | (f[2].equals("P") ? PUNCT : 0));
        if (cp < 0x10000) {
          BMP[cp] = v;
        } else {
          ASTRAL.put(cp, v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int bits(int cp) {
    if (cp < 0x10000) {
      return BMP[cp];
    }
    Byte v = ASTRAL.get(cp);
    return v != null ? v : javaClass(cp) | (javaPunctuation(cp) ? PUNCT : 0);
  }

  /** The GPT-2 regex class of {@code cp}: {@link #LETTER}, {@link #NUMBER}, {@link #SPACE} or {@link #OTHER}. */
  public static int gpt2Class(int cp) {
    return bits(cp) & 3;
  }

  /** Hugging Face's {@code is_punc}: ASCII punctuation or a Unicode punctuation category. */
  public static boolean isPunctuation(int cp) {
    return (bits(cp) & PUNCT) != 0;
  }

  /** The class by this JDK's Unicode tables; {@code \s} is the White_Space property. */
  public static int javaClass(int cp) {
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER -> {
        return LETTER;
      }
      case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> {
        return NUMBER;
      }
      default -> {
        return isWhiteSpace(cp) ? SPACE : OTHER;
      }
    }
  }

  /** Punctuation by this JDK's Unicode tables: ASCII punctuation or a P* category. */
  public static boolean javaPunctuation(int cp) {
    if (cp < 0x80) {
      return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') || (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~');
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }

  /** Unicode's White_Space property (PropList.txt). */
  public static boolean isWhiteSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
        || cp == 0x205F || cp == 0x3000;
  }
}
