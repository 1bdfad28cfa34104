package org.falconet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.falconet.model.DType;
import org.falconet.model.QuantizedRows;
import org.junit.jupiter.api.Test;

/**
 * The decode kernels against their scalar references (Kernels.dotBf16Scalar, Q8Kernels.dotScalar),
 * on random rows of odd lengths, from a heap array, a heap buffer and a direct buffer (what a mapped file is), with
 * the preferred vector width and, in a child JVM, with 256-bit vectors (an AVX2 machine's shape).
 */
class MatVecTest {
  private static final int[] LENGTHS = {1, 7, 16, 31, 33, 64, 100, 257, 1000, 4544 + 5};

  @Test
  void bf16KernelsMatchTheScalarReference() {
    checkBf16();
  }

  @Test
  void f16KernelsWidenEveryFiniteHalfExactly() {
    checkF16Patterns();
  }

  @Test
  void f16KernelsMatchADoublePrecisionDotProduct() {
    checkF16();
  }

  @Test
  void f16InputRefusesWhatWouldOverflow() {
    float[] out = new float[3];
    assertTrue(MatVec.f16Input(new float[] {1f, -0x1p71f, Float.POSITIVE_INFINITY}, 0, out, 0, 3));
    assertEquals(0x1p56f, out[0]);
    assertTrue(!MatVec.f16Input(new float[] {1f, -0x1p72f, 0f}, 0, out, 0, 3));
  }

  @Test
  void q8KernelsMatchTheScalarReference() {
    checkQ8();
  }

  @Test
  void theSameChecksPassWith256BitVectors() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Dfalconet.vector.bits=256",
        "-cp", System.getProperty("java.class.path"), MatVecTest.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("lanes 8 ok"), out);
  }

  @Test
  void badVectorWidthIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> MatVec.floatSpecies("128"));
    assertEquals(8, MatVec.floatSpecies("256").length());
    assertThrows(IllegalArgumentException.class, () -> MatVec.floatSpecies("wide"));
    assertEquals(VectorWidth.floatSpecies(null), VectorWidth.floatSpecies(" "));
  }

  /** The checks in a JVM started with another {@code falconet.vector.bits}; prints "lanes N ok". */
  public static void main(String[] args) {
    checkBf16();
    checkF16Patterns();
    checkF16();
    checkQ8();
    // one width in every model kernel (VectorWidth: mixing widths in one JVM boxes vectors in the mapped kernels)
    int l = MatVec.lanes();
    if (Tiles.L != l || Gemm.F.length() != l || VectorWidth.FLOAT.length() != l) {
      throw new AssertionError("widths differ: MatVec " + l + ", Tiles " + Tiles.L + ", Gemm " + Gemm.F.length());
    }
    System.out.println("lanes " + l + " ok");
  }

  /** The three homes of the same bytes: a heap buffer over an offset array slice, a direct buffer. */
  private static ByteBuffer[] homes(byte[] bytes) {
    byte[] padded = new byte[bytes.length + 3];
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    ByteBuffer heap = ByteBuffer.wrap(padded, 3, bytes.length).slice().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN);
    direct.put(0, bytes);
    return new ByteBuffer[] {heap, direct};
  }

  private static void close(float expected, float actual, float scale, String what) {
    if (!(Math.abs(expected - actual) <= 1e-5f * scale + 1e-30f)) {
      throw new AssertionError(what + ": expected " + expected + " got " + actual + " (scale " + scale + ")");
    }
  }

  /** Σ|w_i·x_i| of a row: the scale the float rounding error is relative to. */
  private static float absScale(float[] w, float[] x) {
    float s = 0;
    for (int i = 0; i < w.length; i++) s += Math.abs(w[i] * x[i]);
    return s;
  }

  static void checkBf16() {
    Random r = new Random(1);
    for (int n : LENGTHS) {
      float[][] w = new float[5][n];
      ByteBuffer bytes = ByteBuffer.allocate(5 * 2 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] row : w) {
        for (int i = 0; i < n; i++) {
          row[i] = DType.roundToBf16((float) r.nextGaussian());
          bytes.putShort(DType.floatToBf16(row[i]));
        }
      }
      float[] x = gaussian(r, n), xp = new float[n];
      Tiles.pairPermute(x, 0, xp, 0, n);
      for (ByteBuffer home : homes(bytes.array())) {
        float[] y = new float[5];
        if (home.hasArray()) MatVec.bf16x4(home.array(), home.arrayOffset() + 2 * n, 2 * n, xp, 0, n, y, 1, 1);
        else MatVec.bf16x4(home, 2 * n, 2 * n, xp, 0, n, y, 1, 1);
        y[0] = MatVec.bf16(home, 0, xp, 0, n);
        for (int k = 0; k < 5; k++) {
          float ref = Kernels.dotBf16Scalar(home, 2 * n * k, x, 0, n);
          close(ref, y[k], absScale(w[k], x), "bf16 n=" + n + " row " + k + (home.isDirect() ? " direct" : " heap"));
        }
      }
    }
  }

  /** IEEE half bits → value, from the definition (independent of DType and the kernels); null for Inf and NaN. */
  static Double half(int h) {
    int e = (h >>> 10) & 0x1f, m = h & 0x3ff;
    if (e == 0x1f) return null;
    double v = e == 0 ? Math.scalb((double) m, -24) : Math.scalb(1 + m / 1024.0, e - 15);
    return (h & 0x8000) != 0 ? -v : v;
  }

  /** The 63,488 finite halves (all 65,536 patterns less Inf and NaN), in order. */
  static int[] finiteHalves() {
    int[] out = new int[63488];
    int k = 0;
    for (int h = 0; h < 1 << 16; h++) {
      if (half(h) != null) out[k++] = h;
    }
    assertEquals(out.length, k);
    return out;
  }

  /**
   * Every finite half through the kernels, each alone: rows of n halves against a one-hot input give the weight at
   * the hot position exactly. n = 64 puts every half in the vector loop (at either lane width), n = 7 in the tail.
   */
  static void checkF16Patterns() {
    int[] all = finiteHalves();
    for (int n : new int[] {64, 7}) {
      int rows = (all.length + n - 1) / n;
      rows = (rows + 3) / 4 * 4;
      byte[] bytes = new byte[rows * 2 * n];
      for (int i = 0; i < all.length; i++) {
        bytes[2 * i] = (byte) all[i];
        bytes[2 * i + 1] = (byte) (all[i] >>> 8);
      }
      for (ByteBuffer home : homes(bytes)) {
        float[] y = new float[rows];
        for (int j = 0; j < n; j++) {
          float[] x = new float[n], xs = new float[n];
          x[j] = 1f;
          assertTrue(MatVec.f16Input(x, 0, xs, 0, n));
          for (int r = 0; r < rows; r += 4) {
            if (home.hasArray()) MatVec.f16x4(home.array(), home.arrayOffset() + r * 2 * n, 2 * n, xs, 0, n, y, r, 1);
            else MatVec.f16x4(home, r * 2 * n, 2 * n, xs, 0, n, y, r, 1);
          }
          y[rows - 1] = MatVec.f16(home, (rows - 1) * 2 * n, xs, 0, n);
          for (int r = 0; r < rows; r++) {
            int i = r * n + j;
            double want = i < all.length ? half(all[i]) : 0.0;
            if (Double.compare(want, y[r]) != 0 && !(want == 0 && y[r] == 0)) {
              throw new AssertionError("half 0x" + Integer.toHexString(all[i]) + " at n=" + n + " j=" + j
                  + (home.isDirect() ? " direct" : " heap") + ": " + y[r] + ", want " + want);
            }
          }
        }
      }
    }
  }

  /**
   * Rows of random finite halves (every pattern equally likely: subnormals, ±0 and ±65504 among them) against a
   * Gaussian input, at odd lengths, each against Σ w·x in double precision.
   */
  static void checkF16() {
    int[] all = finiteHalves();
    Random r = new Random(16);
    for (int n : LENGTHS) {
      double[][] w = new double[5][n];
      ByteBuffer bytes = ByteBuffer.allocate(5 * 2 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (double[] row : w) {
        for (int i = 0; i < n; i++) {
          int h = all[r.nextInt(all.length)];
          row[i] = half(h);
          bytes.putShort((short) h);
        }
      }
      float[] x = gaussian(r, n), xs = new float[n];
      assertTrue(MatVec.f16Input(x, 0, xs, 0, n));
      for (ByteBuffer home : homes(bytes.array())) {
        float[] y = new float[5];
        if (home.hasArray()) MatVec.f16x4(home.array(), home.arrayOffset() + 2 * n, 2 * n, xs, 0, n, y, 1, 1);
        else MatVec.f16x4(home, 2 * n, 2 * n, xs, 0, n, y, 1, 1);
        y[0] = MatVec.f16(home, 0, xs, 0, n);
        for (int k = 0; k < 5; k++) {
          double want = 0, mag = 0;
          for (int i = 0; i < n; i++) {
            want += w[k][i] * x[i];
            mag += Math.abs(w[k][i] * x[i]);
          }
          if (!(Math.abs(want - y[k]) <= 1e-5 * mag)) {
            throw new AssertionError("f16 n=" + n + " row " + k + (home.isDirect() ? " direct" : " heap") + ": " + y[k]
                + ", want " + want + " (scale " + mag + ")");
          }
        }
      }
    }
  }

  static void checkQ8() {
    Random r = new Random(3);
    for (int blocks : new int[] {1, 2, 3, 5, 142, 143}) {
      int n = 32 * blocks;
      int rowBytes = 34 * blocks;
      ByteBuffer bytes = ByteBuffer.allocate(5 * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
      float[][] w = new float[5][n];
      for (float[] row : w) {
        float[] v = gaussian(r, n);
        QuantizedRows.quantizeQ8_0(v, 0, n, bytes);
      }
      float[] x = gaussian(r, n);
      for (ByteBuffer home : homes(bytes.array())) {
        for (int k = 0; k < 5; k++) QuantizedRows.dequantizeQ8_0(home, k * rowBytes, w[k], 0, n);
        float[] y = new float[5];
        if (home.hasArray()) MatVec.q8x4(home.array(), home.arrayOffset() + rowBytes, rowBytes, x, 0, n, y, 1, 1);
        else MatVec.q8x4(home, rowBytes, rowBytes, x, 0, n, y, 1, 1);
        y[0] = MatVec.q8(home, 0, x, 0, n);
        for (int k = 0; k < 5; k++) {
          float ref = Q8Kernels.dotScalar(home, k * rowBytes, x, 0, n);
          close(ref, y[k], absScale(w[k], x), "q8 n=" + n + " row " + k + (home.isDirect() ? " direct" : " heap"));
        }
      }
    }
  }

  private static float[] gaussian(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
    return x;
  }
}
