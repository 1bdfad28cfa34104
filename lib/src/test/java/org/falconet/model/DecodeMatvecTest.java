package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decoding's matrix-vector path (Matrix.matvec: row ranges over the worker team, each range read as four quarter
 * streams) against the scalar reference, at sizes big enough to run in parallel, with row counts that leave remainders
 * and with chunks small enough that quarters straddle chunk boundaries; bf16, Q8_0 and f16 (mapped, and on the heap
 * with its subnormals kept aside).
 */
class DecodeMatvecTest {

  @Test
  void bf16AndQ8MatvecEqualScalarOverChunksAndRemainders() {
    Random r = new Random(3);
    for (int rows : new int[] {1021, 1024, 4099}) {
      for (int cols : new int[] {96, 256}) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian() * 0.05f;
        for (int rowsPerChunk : new int[] {rows, 100, 7}) {
          for (boolean direct : new boolean[] {false, true}) {
            for (Matrix m : new Matrix[] {bf16(w, rows, cols, rowsPerChunk, direct), q8(w, rows, cols, rowsPerChunk, direct),
                f16(w, rows, cols, rowsPerChunk, direct), f16(w, rows, cols, rowsPerChunk, direct).onHeap()}) {
              for (int T = 1; T <= 3; T++) {
                float[] x = new float[T * cols];
                for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                float[] fast = new float[T * rows];
                float[] slow = new float[T * rows];
                m.matmul(x, T, fast);
                m.matmulScalar(x, T, slow);
                float diff = Fixtures.maxAbsDiff(fast, slow);
                assertTrue(diff < 2e-5f, (m.isQ8() ? "Q8_0" : m.isF16() ? "f16" : "bf16") + " rows " + rows + " cols " + cols + " chunk "
                    + rowsPerChunk + (direct ? " direct" : " heap") + " T " + T + ": " + diff);
              }
            }
          }
        }
      }
    }
  }

  private static ByteBuffer[] chunks(int rows, int rowBytes, int rowsPerChunk, boolean direct) {
    int n = (rows + rowsPerChunk - 1) / rowsPerChunk;
    ByteBuffer[] c = new ByteBuffer[n];
    for (int i = 0; i < n; i++) {
      int bytes = Math.min(rowsPerChunk, rows - i * rowsPerChunk) * rowBytes;
      c[i] = (direct ? ByteBuffer.allocateDirect(bytes) : ByteBuffer.allocate(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }
    return c;
  }

  static Matrix bf16(float[] w, int rows, int cols, int rowsPerChunk, boolean direct) {
    ByteBuffer[] c = chunks(rows, 2 * cols, rowsPerChunk, direct);
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < cols; i++) {
        c[r / rowsPerChunk].putShort((r % rowsPerChunk * cols + i) * 2, (short) (Float.floatToIntBits(w[r * cols + i]) >>> 16));
      }
    }
    return Matrix.of(new Tensor("w", DType.BF16, new long[] {rows, cols}, c, rowsPerChunk));
  }

  /** F16 weights, with some subnormal halves (|w| &lt; 2^-14) among them, which the heap copy keeps aside. */
  static Matrix f16(float[] w, int rows, int cols, int rowsPerChunk, boolean direct) {
    ByteBuffer[] c = chunks(rows, 2 * cols, rowsPerChunk, direct);
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < cols; i++) {
        float v = (r * cols + i) % 97 == 0 ? w[r * cols + i] * 1e-4f : w[r * cols + i];
        c[r / rowsPerChunk].putShort((r % rowsPerChunk * cols + i) * 2, DType.floatToF16(v));
      }
    }
    return Matrix.of(new Tensor("w", DType.F16, new long[] {rows, cols}, c, rowsPerChunk));
  }

  static Matrix q8(float[] w, int rows, int cols, int rowsPerChunk, boolean direct) {
    int rowBytes = cols / 32 * 34;
    ByteBuffer[] c = chunks(rows, rowBytes, rowsPerChunk, direct);
    for (int r = 0; r < rows; r++) {
      ByteBuffer out = c[r / rowsPerChunk].duplicate().order(ByteOrder.LITTLE_ENDIAN);
      out.position(r % rowsPerChunk * rowBytes);
      QuantizedRows.quantizeQ8_0(w, r * cols, cols, out);
    }
    return Matrix.of(new QuantizedRows("w", rows, cols, c, rowsPerChunk));
  }
}
