package org.falconet.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = op(A)·op(B) (+ C) for row-major float matrices, the training step's workhorse, in the shape of
 * GotoBLAS/BLIS (Goto &amp; van de Geijn 2008, "Anatomy of high-performance matrix multiplication"):
 * a [KC, NC] panel of op(B) is packed into 16-column strips and an [MC, KC] block of op(A) into 6-row
 * strips (transpositions are absorbed by the packing), and a 6×16 micro-kernel keeps a tile of C in
 * twelve 8-float registers while k runs, reading both strips at constant strides. Rows of C are split
 * between threads.
 *
 * <p>Every element of C is one fused multiply-add chain over k in order, started from 0 or from C's
 * old value, whatever the blocking, edge or thread split: results are bit-for-bit the same for any
 * thread count, and as accurate as a plain float loop with FMA.
 */
final class Gemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = 8;          // floats per vector (256-bit AVX2)
  static final int MR = 6;                 // micro-tile rows: 6×2 accumulators + 2 B vectors + 1 broadcast ≤ 16 registers
  static final int NR = 2 * L;             // micro-tile columns
  static final int KC = 512;               // depth of a packed panel: a [KC, NR] strip of B (32 KB) stays in L1
  static final int MC = 96;                // rows of op(A) per block (192 KB with KC): stays in L2 while B strips pass
  static final int NC = 1024;              // columns of a packed B panel (2 MB, in L3)

  /** Below this many multiply-adds a product runs on the calling thread only. */
  private static final long PARALLEL_WORK = 1L << 21;

  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[MC * KC], new float[KC * NC], new float[MR * NR]});

  private Gemm() {}

  /** C [M, N] = A [M, K] · B [K, N] (C overwritten). */
  static void multiply(float[] a, float[] b, float[] c, int m, int k, int n) {
    gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false, true);
  }

  /**
   * C = op(A)·op(B), or C += op(A)·op(B) when {@code accumulate}; op(A) is [M, K], op(B) is [K, N].
   * A is stored row-major [M, K] with row stride lda, or [K, M] when {@code transA}; likewise B is
   * [K, N] or, when {@code transB}, [N, K]. C is [M, N] with row stride ldc. Offsets locate each
   * matrix inside its array, so a head's slice of a [T, H·d] activation is a matrix too.
   * {@code parallel} lets a large product use every core.
   */
  static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate, boolean parallel) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), (m + MR - 1) / MR);
    if (!parallel || threads <= 1 || (long) m * n * k < PARALLEL_WORK) {
      rows(transA, transB, 0, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    // Row ranges aligned to MR; the caller takes the first, the pool the rest.
    int tiles = (m + MR - 1) / MR;
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[threads - 1];
    for (int t = 1; t < threads; t++) {
      int i0 = Math.min(m, tiles * t / threads * MR);
      int i1 = Math.min(m, tiles * (t + 1) / threads * MR);
      tasks[t - 1] = ForkJoinPool.commonPool().submit(
          () -> rows(transA, transB, i0, i1, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate));
    }
    rows(transA, transB, 0, Math.min(m, tiles / threads * MR), n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    for (ForkJoinTask<?> t : tasks) {
      t.join();
    }
  }

  /** Rows [i0, i1) of C, on this thread: the five loops around the micro-kernel. */
  private static void rows(boolean transA, boolean transB, int i0, int i1, int n, int k, float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    if (i0 >= i1) {
      return;
    }
    float[][] buf = BUFFERS.get();
    float[] pa = buf[0];
    float[] pb = buf[1];
    float[] tile = buf[2];
    int ars = transA ? 1 : lda;                        // step between rows of op(A)
    int aps = transA ? lda : 1;                        // step along k
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        boolean load = accumulate || pc > 0;
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          packA(a, aOff + ic * ars + pc * aps, ars, aps, mc, kc, pa);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int pbo = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int pao = ir * kc;                       // strip ir / MR of the packed block
              int co = cOff + (ic + ir) * ldc + jc + jr;
              if (mr == MR && nr == NR) {
                kernel(pa, pao, pb, pbo, kc, c, co, ldc, load);
              } else {
                // Edge tile: run the full kernel on a scratch tile holding C's valid part.
                for (int r = 0; r < MR; r++) {
                  for (int j = 0; j < NR; j++) {
                    tile[r * NR + j] = load && r < mr && j < nr ? c[co + r * ldc + j] : 0f;
                  }
                }
                kernel(pa, pao, pb, pbo, kc, tile, 0, NR, true);
                for (int r = 0; r < mr; r++) {
                  System.arraycopy(tile, r * NR, c, co + r * ldc, nr);
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * mc rows of op(A) (element (r, p) at a[ao + r·rs + p·ps]) → MR-row strips, each stored k-major (MR
   * values per k, strip s at s·MR·kc), rows past the edge zero: the micro-kernel then reads A at a
   * constant stride.
   */
  private static void packA(float[] a, int ao, int rs, int ps, int mc, int kc, float[] pa) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int base = ir * kc;
      if (mr == MR && rs == 1) {
        // op(A) = Aᵀ: the strip's MR values at each k are adjacent in A.
        for (int p = 0; p < kc; p++) {
          int src = ao + ir + p * ps;
          int dst = base + p * MR;
          pa[dst] = a[src];
          pa[dst + 1] = a[src + 1];
          pa[dst + 2] = a[src + 2];
          pa[dst + 3] = a[src + 3];
          pa[dst + 4] = a[src + 4];
          pa[dst + 5] = a[src + 5];
        }
        continue;
      }
      for (int r = 0; r < MR; r++) {
        if (r < mr) {
          int src = ao + (ir + r) * rs;
          for (int p = 0; p < kc; p++) {
            pa[base + p * MR + r] = a[src + p * ps];
          }
        } else {
          for (int p = 0; p < kc; p++) {
            pa[base + p * MR + r] = 0f;
          }
        }
      }
    }
  }

  /** op(B)[pc..pc+kc, jc..jc+nc] → NR-column strips, each stored k-major (NR values per k), columns past the edge zero. */
  private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int base = jr * kc;
      if (!transB) {
        for (int p = 0; p < kc; p++) {
          int src = bOff + (pc + p) * ldb + jc + jr;
          int dst = base + p * NR;
          if (nr == NR) {
            System.arraycopy(b, src, pb, dst, NR);
          } else {
            for (int j = 0; j < NR; j++) {
              pb[dst + j] = j < nr ? b[src + j] : 0f;
            }
          }
        }
      } else {
        for (int j = 0; j < NR; j++) {
          if (j < nr) {
            int src = bOff + (jc + jr + j) * ldb + pc;
            for (int p = 0; p < kc; p++) {
              pb[base + p * NR + j] = b[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              pb[base + p * NR + j] = 0f;
            }
          }
        }
      }
    }
  }

  /**
   * C[6, 16] (+)= Ã[6, kc]·B̃[kc, 16]: Ã and B̃ packed strips (k-major) at pa[ao], pb[bo], C at c[co + r·ldc + j].
   */
  private static void kernel(float[] pa, int ao, float[] pb, int bo, int kc, float[] c, int co, int ldc, boolean load) {
    int o0 = co;
    int o1 = o0 + ldc;
    int o2 = o1 + ldc;
    int o3 = o2 + ldc;
    int o4 = o3 + ldc;
    int o5 = o4 + ldc;
    FloatVector z = FloatVector.zero(S);
    FloatVector c00 = load ? FloatVector.fromArray(S, c, o0) : z;
    FloatVector c01 = load ? FloatVector.fromArray(S, c, o0 + L) : z;
    FloatVector c10 = load ? FloatVector.fromArray(S, c, o1) : z;
    FloatVector c11 = load ? FloatVector.fromArray(S, c, o1 + L) : z;
    FloatVector c20 = load ? FloatVector.fromArray(S, c, o2) : z;
    FloatVector c21 = load ? FloatVector.fromArray(S, c, o2 + L) : z;
    FloatVector c30 = load ? FloatVector.fromArray(S, c, o3) : z;
    FloatVector c31 = load ? FloatVector.fromArray(S, c, o3 + L) : z;
    FloatVector c40 = load ? FloatVector.fromArray(S, c, o4) : z;
    FloatVector c41 = load ? FloatVector.fromArray(S, c, o4 + L) : z;
    FloatVector c50 = load ? FloatVector.fromArray(S, c, o5) : z;
    FloatVector c51 = load ? FloatVector.fromArray(S, c, o5 + L) : z;
    for (int p = 0; p < kc; p++) {
      int bp = bo + p * NR;
      int ap = ao + p * MR;
      FloatVector b0 = FloatVector.fromArray(S, pb, bp);
      FloatVector b1 = FloatVector.fromArray(S, pb, bp + L);
      FloatVector x = FloatVector.broadcast(S, pa[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, pa[ap + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, pa[ap + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, pa[ap + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, pa[ap + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, pa[ap + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    c00.intoArray(c, o0);
    c01.intoArray(c, o0 + L);
    c10.intoArray(c, o1);
    c11.intoArray(c, o1 + L);
    c20.intoArray(c, o2);
    c21.intoArray(c, o2 + L);
    c30.intoArray(c, o3);
    c31.intoArray(c, o3 + L);
    c40.intoArray(c, o4);
    c41.intoArray(c, o4 + L);
    c50.intoArray(c, o5);
    c51.intoArray(c, o5 + L);
  }
}
