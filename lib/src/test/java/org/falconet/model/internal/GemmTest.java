package org.falconet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.falconet.model.DType;
import org.falconet.model.Matrix;
import org.falconet.model.QuantizedRows;
import org.falconet.model.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The packed prefill GEMM against a scalar double-precision product whose weights are decoded here from the format's
 * definition (bf16: the high half of a float32; f16: MatVecTest.half; Q8_0: d·q with d an IEEE half), at sizes that leave ragged edges
 * everywhere: rows not a multiple of the 6-row kernel or the 48-row block, columns not a multiple of the vector
 * or of the 256-column block, token counts on both sides of a panel and of the narrow last panel. The same checks
 * run again in a JVM limited to 256-bit vectors, so both species widths are covered on an AVX-512 machine.
 */
class GemmTest {
  private static final int[][] SIZES = { // rows, cols (f32/bf16), T
      {1, 1, 1}, {5, 7, 3}, {13, 33, 17}, {50, 300, 33}, {97, 70, 65}, {49, 513, 100}, {6, 256, 64}, {7, 31, 129}};

  @Test
  void matchesTheScalarProductAtThisWidth() {
    assertEquals("", check(), "mismatches at " + Gemm.L + " lanes");
  }

  @Test
  void matchesAtTheAvx2Width() throws IOException, InterruptedException {
    // A child JVM with 256-bit vectors: SPECIES_PREFERRED, and so Gemm.L, is 8 there whatever this CPU has.
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:MaxVectorSize=32", "--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), GemmTest.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("lanes 8: ok"), out);
  }

  /** Entry point of the child JVM: prints the lane count and "ok", or the mismatches and exits 1. */
  public static void main(String[] args) {
    String bad = check();
    System.out.println("lanes " + Gemm.L + ": " + (bad.isEmpty() ? "ok" : bad));
    System.exit(bad.isEmpty() ? 0 : 1);
  }

  /** Every size and format; "" when all agree, else a line per mismatch. */
  static String check() {
    StringBuilder bad = new StringBuilder();
    Random rnd = new Random(24);
    for (int[] s : SIZES) {
      for (Gemm.Format f : Gemm.Format.values()) {
        int rows = s[0], T = s[2];
        int cols = f == Gemm.Format.Q8_0 ? 32 * Math.max(1, (s[1] + 16) / 32) : s[1];
        for (int tasks : new int[] {1, 3}) {
          String m = compare(f, rows, cols, T, tasks, rnd);
          if (!m.isEmpty()) bad.append(f).append(' ').append(rows).append('x').append(cols).append(" T=").append(T)
              .append(" tasks=").append(tasks).append(": ").append(m).append('\n');
        }
      }
    }
    return bad.toString();
  }

  private static String compare(Gemm.Format f, int rows, int cols, int T, int tasks, Random rnd) {
    float[] x = new float[T * cols];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
    float[] w = new float[rows * cols];       // the weights as the kernel must read them
    float[] data = null;
    ByteBuffer buf = null;
    int rowBytes = 0;
    switch (f) {
      case F32 -> {
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        data = w.clone();
      }
      case BF16 -> {
        rowBytes = 2 * cols;
        buf = ByteBuffer.allocateDirect(rows * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w.length; i++) {
          int bits = Float.floatToIntBits((float) rnd.nextGaussian()) >>> 16;   // every mantissa bit pattern
          buf.putShort(2 * i, (short) bits);
          w[i] = Float.intBitsToFloat(bits << 16);
        }
      }
      case F16 -> {                            // random finite halves, every pattern alike (subnormals, ±65504)
        rowBytes = 2 * cols;
        buf = ByteBuffer.allocateDirect(rows * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w.length; i++) {
          int h;
          Double v;
          do {
            h = rnd.nextInt(1 << 16);
            v = MatVecTest.half(h);
          } while (v == null);
          buf.putShort(2 * i, (short) h);
          w[i] = v.floatValue();
        }
      }
      case Q8_0 -> {
        rowBytes = cols / 32 * 34;
        buf = ByteBuffer.allocateDirect(rows * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < rows * cols / 32; b++) {
          short d = DType.floatToF16((float) Math.abs(rnd.nextGaussian()) / 64);
          buf.putShort(34 * b, d);
          for (int j = 0; j < 32; j++) {
            byte q = (byte) (rnd.nextInt(255) - 127);
            buf.put(34 * b + 2 + j, q);
            w[32 * b + j] = DType.f16ToFloat(d) * q;
          }
        }
      }
    }
    ByteBuffer mapped = buf;
    int rb = rowBytes;
    Gemm.Rows where = new Gemm.Rows() {
      @Override public ByteBuffer chunk(int row) {
        return mapped;
      }

      @Override public int offset(int row) {
        return row * rb;
      }
    };
    float[] y = new float[T * rows];
    java.util.Arrays.fill(y, Float.NaN);
    Gemm.matmul(new Gemm.Weights(f, rows, cols, data, f == Gemm.Format.F32 ? null : where), x, T, y, tasks);
    for (int t = 0; t < T; t++) {
      for (int r = 0; r < rows; r++) {
        double want = 0, mag = 0;
        for (int c = 0; c < cols; c++) {
          want += (double) w[r * cols + c] * x[t * cols + c];
          mag += Math.abs((double) w[r * cols + c] * x[t * cols + c]);
        }
        double got = y[t * rows + r];
        if (!(Math.abs(got - want) <= 1e-6 * mag + 1e-30)) return "y[" + t + "," + r + "] = " + got + ", want " + want;
      }
    }
    return "";
  }

  @Test
  void matrixTakesTheGemmForManyTokensAndAgreesWithItsScalarTwin() {
    // Matrix.matmul over mapped bf16 and Q8_0 weights with T >= Gemm.MIN_TOKENS against Matrix.matmulScalar.
    Random rnd = new Random(7);
    int rows = 37, cols = 96, T = Math.max(Gemm.MIN_TOKENS, 16) + 3;
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
    ByteBuffer bf = ByteBuffer.allocateDirect(2 * w.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : w) bf.putShort(DType.floatToBf16(v));
    ByteBuffer q8 = ByteBuffer.allocateDirect(rows * cols / 32 * 34).order(ByteOrder.LITTLE_ENDIAN);
    QuantizedRows.quantizeQ8_0(w, 0, w.length, q8);
    float[] x = new float[T * cols];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
    for (Matrix m : new Matrix[] {
        Matrix.of(new Tensor("w", DType.BF16, new long[] {rows, cols}, new ByteBuffer[] {bf}, rows)),
        Matrix.of(new QuantizedRows("w", rows, cols, new ByteBuffer[] {q8}, rows))}) {
      float[] fast = new float[T * rows], ref = new float[T * rows];
      m.matmul(x, T, fast);
      m.matmulScalar(x, T, ref);
      for (int i = 0; i < ref.length; i++) assertEquals(ref[i], fast[i], 1e-4f * (1 + Math.abs(ref[i])), "element " + i);
    }
  }
}
