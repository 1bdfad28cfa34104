package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A {@link Matrix} over IEEE half (F16) rows: kept as halves (2 bytes a weight), every token count through the decode
 * kernels, the small-batch and the packed GEMM agrees with a double-precision product of the halves' values, rows
 * split over chunks that do not hold a multiple of four; a tensor holding Inf or NaN is widened to float32 instead.
 */
class MatrixF16Test {

  /** IEEE half bits → value, from the definition. */
  private static double half(int h) {
    int e = (h >>> 10) & 0x1f, m = h & 0x3ff;
    double v = e == 0 ? Math.scalb((double) m, -24) : Math.scalb(1 + m / 1024.0, e - 15);
    return (h & 0x8000) != 0 ? -v : v;
  }

  /** rows × cols random finite halves (every finite pattern alike) in chunks of rowsPerChunk rows; values into w. */
  private static Tensor tensor(int rows, int cols, int rowsPerChunk, double[] w, Random rnd, boolean direct) {
    return tensor(rows, cols, rowsPerChunk, w, rnd, direct, 0x7c00);
  }

  /** As above, the halves' exponent fields drawn below {@code expLimit} (0x0400: subnormals and zeros only). */
  private static Tensor tensor(int rows, int cols, int rowsPerChunk, double[] w, Random rnd, boolean direct, int expLimit) {
    int n = (rows + rowsPerChunk - 1) / rowsPerChunk;
    ByteBuffer[] chunks = new ByteBuffer[n];
    for (int c = 0; c < n; c++) {
      int r0 = c * rowsPerChunk, r1 = Math.min(rows, r0 + rowsPerChunk);
      int bytes = (r1 - r0) * cols * 2;
      ByteBuffer b = (direct ? ByteBuffer.allocateDirect(bytes) : ByteBuffer.allocate(bytes)).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = r0 * cols; i < r1 * cols; i++) {
        int h;
        do h = rnd.nextInt(1 << 16); while ((h & 0x7c00) >= expLimit);
        w[i] = half(h);
        b.putShort((short) h);
      }
      chunks[c] = b;
    }
    return new Tensor("w", DType.F16, new long[] {rows, cols}, chunks, rowsPerChunk);
  }

  @Test
  void everyTokenCountAgreesWithTheDoublePrecisionProduct() {
    Random rnd = new Random(16);
    int rows = 70, cols = 301;
    for (boolean direct : new boolean[] {true, false}) {
      double[] w = new double[rows * cols];
      Matrix m = Matrix.of(tensor(rows, cols, 13, w, rnd, direct));
      assertTrue(m.isF16());
      assertFalse(m.isBf16());
      assertNull(m.data());
      assertEquals(!direct, m.isOnHeap());
      assertEquals(2L * rows * cols, m.bytes());
      for (Matrix mm : new Matrix[] {m, m.onHeap()}) {
        assertTrue(mm.isF16() && mm.isOnHeap() == (mm != m || !direct));
        for (int T : new int[] {1, 2, 3, 4, 5, 15, 16, 20}) {
          assertMatmulNearExactSums(mm, w, rows, cols, T, rnd, 1e-5, false, direct ? " direct" : " heap");
        }
        float[] row = new float[cols];
        mm.rowTo(37, row, 0);
        for (int c = 0; c < cols; c++) assertEquals(w[37 * cols + c], row[c], 0.0, "row 37 col " + c);
      }
    }
  }

  @Test
  void subnormalWeightsCountInEveryPath() {
    // Only subnormal halves (and ±0): on the heap they are taken out of the bytes (Subnormals), so here every product
    // comes from the side table, in decode (T < 4), small-batch and packed GEMM, rowTo and the scalar reference.
    Random rnd = new Random(61);
    int rows = 21, cols = 75;
    double[] w = new double[rows * cols];
    Matrix mapped = Matrix.of(tensor(rows, cols, 6, w, rnd, true, 0x0400));
    for (Matrix m : new Matrix[] {mapped, mapped.onHeap()}) {
      for (int T : new int[] {1, 3, 5, 17}) {
        assertMatmulNearExactSums(m, w, rows, cols, T, rnd, 1e-6, true, m.isOnHeap() ? " heap" : " mapped");
      }
      float[] row = new float[cols];
      m.rowTo(20, row, 0);
      for (int c = 0; c < cols; c++) assertEquals(w[20 * cols + c], row[c], 0.0, "row 20 col " + c);
    }
  }

  /**
   * m.matmul and m.matmulScalar of T random rows of x each within tol·Σ|w·x| of the double-precision sums over the
   * exact weights w; {@code everyProductCounts}: and no such sum is zero.
   */
  private static void assertMatmulNearExactSums(Matrix m, double[] w, int rows, int cols, int T, Random rnd, double tol,
                                                boolean everyProductCounts, String where) {
    float[] x = new float[T * cols];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
    float[] y = new float[T * rows], ref = new float[T * rows];
    m.matmul(x, T, y);
    m.matmulScalar(x, T, ref);
    for (int t = 0; t < T; t++) {
      for (int r = 0; r < rows; r++) {
        double want = 0, mag = 0;
        for (int c = 0; c < cols; c++) {
          want += w[r * cols + c] * x[t * cols + c];
          mag += Math.abs(w[r * cols + c] * x[t * cols + c]);
        }
        String at = "T=" + T + " t=" + t + " r=" + r + where;
        assertTrue(!everyProductCounts || mag > 0, at + ": all products zero");
        assertTrue(Math.abs(y[t * rows + r] - want) <= tol * mag, at + ": " + y[t * rows + r] + ", want " + want);
        assertTrue(Math.abs(ref[t * rows + r] - want) <= tol * mag, at + " (scalar): " + ref[t * rows + r]);
      }
    }
  }

  @Test
  void hugeInputsTakeTheExactPath() {
    // The decode kernels scale x by 2^56; |x| >= 2^72 would overflow there, so Matrix computes such a call otherwise.
    Random rnd = new Random(5);
    int rows = 8, cols = 64;
    double[] w = new double[rows * cols];
    Matrix m = Matrix.of(tensor(rows, cols, rows, w, rnd, false));
    float[] x = new float[cols];
    x[3] = 0x1p80f;
    x[10] = 1f;
    float[] y = new float[rows];
    m.matmul(x, 1, y);
    for (int r = 0; r < rows; r++) {
      assertEquals((float) (w[r * cols + 3] * 0x1p80 + w[r * cols + 10]), y[r], Math.ulp(y[r]) * 2, "row " + r);
    }
  }

  @Test
  void infOrNanHalvesAreWidenedToFloat32() {
    for (int bad : new int[] {0x7c00, 0xfc00, 0x7e00, 0x7c01}) {
      Random rnd = new Random(bad);
      int rows = 6, cols = 9;
      double[] w = new double[rows * cols];
      Tensor t = tensor(rows, cols, 4, w, rnd, false);
      t.chunks()[1].putShort(2 * (cols + 5), (short) bad);                  // row 5, column 5
      Matrix m = Matrix.of(t);
      assertFalse(m.isF16(), Integer.toHexString(bad));
      assertNotNull(m.data());
      float v = m.data()[5 * cols + 5];
      assertTrue((bad & 0x3ff) == 0 ? Float.isInfinite(v) && (v < 0) == (bad > 0x8000) : Float.isNaN(v), Integer.toHexString(bad));
      assertEquals((float) w[3], m.data()[3]);
    }
    double[] w = new double[4 * 8];
    assertTrue(Matrix.of(tensor(4, 8, 4, w, new Random(1), false)).isF16(), "finite halves stay f16");
  }
}
