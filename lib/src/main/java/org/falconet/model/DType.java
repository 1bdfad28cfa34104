package org.falconet.model;

/** The element types a safetensors checkpoint may hold that Falconet reads. */
public enum DType {
  F32(4), F16(2), BF16(2);

  /** Bytes per element. */
  public final int size;

  DType(int size) {
    this.size = size;
  }

  /** The dtype named as in a safetensors header, or null if not one we read. */
  static DType parse(String s) {
    return switch (s) {
      case "F32" -> F32;
      case "F16" -> F16;
      case "BF16" -> BF16;
      default -> null;
    };
  }

  /** bfloat16 bits → float: the top 16 bits of an IEEE single. */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** float → bfloat16 bits, round to nearest even (as torch's {@code .bfloat16()}). */
  public static short floatToBf16(float f) {
    int b = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) return (short) 0x7fc0;
    int rounding = 0x7fff + ((b >>> 16) & 1);
    return (short) ((b + rounding) >>> 16);
  }

  /** Rounds a float to the nearest bfloat16 value. */
  public static float roundToBf16(float f) {
    return bf16ToFloat(floatToBf16(f));
  }

  /** float → IEEE half bits, round to nearest even, subnormals included (as F16C's {@code vcvtps2ph}). */
  public static short floatToF16(float f) {
    int b = Float.floatToRawIntBits(f);
    int sign = (b >>> 16) & 0x8000;
    float a = Math.abs(f);
    if (Float.isNaN(f)) return (short) 0x7e00;
    if (a >= 65520f) return (short) (sign | 0x7c00);  // rounds past the largest half, 65504
    if (a < 0x1p-14f) {                                 // subnormal half: multiples of 2^-24 (scaling is exact)
      return (short) (sign | (int) Math.rint(a * 0x1p24f));
    }
    int bits = Float.floatToRawIntBits(a);
    int exp = ((bits >>> 23) & 0xff) - 127 + 15;
    int mant = bits & 0x7fffff;
    int half = (exp << 10) | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) half++;
    return (short) (sign | half);
  }

  /** IEEE half bits → float (subnormals, infinities and NaN included). */
  public static float f16ToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h >>> 15) << 31;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal: mant · 2^-24
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
