package org.falconet.model;

/**
 * The exact GELU, x·Φ(x) = ½·x·erfc(−x/√2), as torch.nn.functional.gelu without approximation.
 * ND4J's {@code gelu} is the sigmoid approximation x·σ(1.702x), so it is written here.
 */
public final class Gelu {
  private Gelu() {}

  private static final double INV_SQRT2 = 0.7071067811865476;

  /** GELU of one value. */
  public static float apply(float x) {
    return (float) (0.5 * x * erfc(-x * INV_SQRT2));
  }

  /** In place over x[0..n). */
  public static void applyInPlace(float[] x, int n) {
    for (int i = 0; i < n; i++) x[i] = apply(x[i]);
  }

  /**
   * The complementary error function by the Chebyshev-fitted formula of Numerical Recipes (2nd ed., §6.2,
   * {@code erfcc}): fractional error below 1.2e-7 everywhere, so tails keep full relative precision.
   */
  public static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? ans : 2.0 - ans;
  }
}
