package org.falconet.dedup.minhash;

import java.text.Normalizer;

/**
 * Normalises text before shingling, as RefinedWeb did for MinHash (Penedo et al. 2023, appendix
 * G.3: "normalized text: lower case, punctuation and accents removed, whitespace normalized, numbers
 * normalized"), so that near-duplicates differing only in such details share their shingles.
 *
 * <p>The rules, in order: Unicode NFD decomposition and removal of combining marks (diacritics:
 * "é" becomes "e"); lower case; every character that is neither a letter, a digit nor whitespace is
 * deleted (so "don't" becomes "dont", "e-mail" becomes "email"); every maximal run of digits becomes
 * one "0" ("2023" and "1999" both become "0"); runs of whitespace become one space, none at the ends.
 *
 * <pre>{@code
 * TextNormalizer.normalize("  Café, 2023!\n\tÉTÉ ")   // "cafe 0 ete"
 * }</pre>
 */
public final class TextNormalizer {

  private TextNormalizer() {}

  /** The normalised form of {@code text}. */
  public static String normalize(String text) {
    String s = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    boolean inNumber = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 128) {
        if (cp >= 'A' && cp <= 'Z') {
          cp += 'a' - 'A';
        }
        if ((cp >= 'a' && cp <= 'z')) {
          pendingSpace = emit(out, cp, pendingSpace);
          inNumber = false;
        } else if (cp >= '0' && cp <= '9') {
          if (!inNumber) {
            pendingSpace = emit(out, '0', pendingSpace);
            inNumber = true;
          }
        } else if (cp == ' ' || (cp >= 9 && cp <= 13)) {
          pendingSpace = out.length() > 0;
          inNumber = false;
        }
        // other ASCII: punctuation, deleted
        continue;
      }
      int type = Character.getType(cp);
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
          || type == Character.COMBINING_SPACING_MARK) {
        continue; // diacritic left by NFD
      }
      if (Character.isLetter(cp)) {
        pendingSpace = emit(out, Character.toLowerCase(cp), pendingSpace);
        inNumber = false;
      } else if (Character.isDigit(cp)) {
        if (!inNumber) {
          pendingSpace = emit(out, '0', pendingSpace);
          inNumber = true;
        }
      } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        pendingSpace = out.length() > 0;
        inNumber = false;
      }
    }
    return out.toString();
  }

  private static boolean emit(StringBuilder out, int cp, boolean pendingSpace) {
    if (pendingSpace) {
      out.append(' ');
    }
    out.appendCodePoint(cp);
    return false;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return false;
      }
    }
    return true;
  }
}
