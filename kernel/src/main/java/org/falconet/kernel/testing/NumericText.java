package org.falconet.kernel.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two outputs as a reader would: the words must be the same and every integer (a count, an
 * id, a year) exactly the same, but a number with a fractional part may differ in its last bits, as it
 * does between machines whose float32 sums run in another order (AVX2 against AVX-512 kernels, another
 * BLAS build).
 *
 * <p>Runs of spaces and tabs count as one space (a table column padded to a number's width). Two decimal numbers agree when they differ by at most {@value #RELATIVE} of the larger magnitude,
 * or, when both show at least three significant digits, by at most one unit in the last digit shown
 * (a value near a rounding boundary that rounds the other way on another CPU). {@code 0.4710} against
 * {@code 0.4711} agrees; {@code 0.47} against {@code 0.48}, {@code 709} against {@code 710}, {@code 3.5}
 * against {@code 3} (another format) or {@code kept} against {@code lost} does not.
 *
 * <pre>{@code
 * NumericText.agree("MC2 0.47100435627446974", "MC2 0.47100441451423114")  // true
 * NumericText.agree("kept 709 of 1361", "kept 710 of 1361")                 // false
 * }</pre>
 */
public final class NumericText {
  /** The relative tolerance between two decimal numbers: far above float32 reordering, far below a real change. */
  public static final double RELATIVE = 1e-4;

  // A number not glued to a word before it (so "x86" and "falcon-7b" stay text): sign, digits, fraction, exponent.
  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\p{L}\\p{N}_.])-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?(?![\\p{L}\\p{N}_])");

  private static final Pattern SPACES = Pattern.compile("[ \\t]+");

  private NumericText() {}

  /** Whether {@code committed} and {@code fresh} say the same thing, numbers compared as the class describes. */
  public static boolean agree(String committed, String fresh) {
    if (committed.equals(fresh)) {
      return true;
    }
    List<String> a = split(committed);
    List<String> b = split(fresh);
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      boolean number = (i & 1) == 1;   // split alternates text, number, text, ...
      if (number ? !numbersAgree(a.get(i), b.get(i)) : !padded(a.get(i)).equals(padded(b.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /** Whether two numbers as printed agree: integers exactly, decimals within the tolerance. */
  static boolean numbersAgree(String x, String y) {
    if (x.equals(y)) {
      return true;
    }
    if (isInteger(x) || isInteger(y)) {
      return false;
    }
    BigDecimal p = new BigDecimal(x);
    BigDecimal q = new BigDecimal(y);
    double diff = p.subtract(q).abs().doubleValue();
    double scale = Math.max(p.abs().doubleValue(), q.abs().doubleValue());
    if (diff <= RELATIVE * scale) {
      return true;
    }
    if (p.precision() < 3 || q.precision() < 3) {
      return false;
    }
    // One unit in the last place of the less precise of the two.
    BigDecimal ulp = p.scale() <= q.scale() ? p.ulp() : q.ulp();
    return p.subtract(q).abs().compareTo(ulp) <= 0;
  }

  // Columns padded to a number's printed width move with it: runs of spaces count as one space.
  private static String padded(String text) {
    return SPACES.matcher(text).replaceAll(" ");
  }

  private static boolean isInteger(String s) {
    return s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0;
  }

  /** Text and numbers alternating, starting and ending with text (possibly empty). */
  static List<String> split(String s) {
    List<String> parts = new ArrayList<>();
    Matcher m = NUMBER.matcher(s);
    int at = 0;
    while (m.find()) {
      parts.add(s.substring(at, m.start()));
      parts.add(m.group());
      at = m.end();
    }
    parts.add(s.substring(at));
    return parts;
  }
}
