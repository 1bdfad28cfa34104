package org.falconet.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = op(A)·op(B) (+ C) for row-major float matrices, the training step's workhorse, in the shape of
 * GotoBLAS/BLIS (Goto &amp; van de Geijn 2008, "Anatomy of high-performance matrix multiplication"):
 * op(B) is packed once into 16-column strips, an [MC, KC] block of op(A) into 6-row strips
 * (transpositions are absorbed by the packing), and a 6×16 micro-kernel keeps a tile of C in twelve
 * 8-float registers while k runs, reading both strips at constant strides.
 *
 * <p>Threads share the work dynamically: they first pack B's strips, claiming a few at a time, then
 * claim blocks of C's rows one by one until none is left; a strip that another thread claimed but has
 * not yet marked packed is packed again by the thread that needs it (the same values), so nobody waits
 * for a thread that lost its core. On a machine shared with other programs such a thread then leaves
 * its share to the others instead of holding everyone up at the join, as a fixed split of the rows would.
 *
 * <p>Every element of C is one fused multiply-add chain over k in order, started from 0 or from C's
 * old value, whatever the blocking, edge or thread that computes it: results are bit-for-bit the same
 * for any thread count, and as accurate as a plain float loop with FMA.
 */
final class Gemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = 8;          // floats per vector (256-bit AVX2)
  static final int MR = 6;                 // micro-tile rows: 6×2 accumulators + 2 B vectors + 1 broadcast ≤ 16 registers
  static final int NR = 2 * L;             // micro-tile columns
  static final int KC = 512;               // depth of a k panel: a [KC, NR] strip of B (32 KB) stays in L1
  static final int MC = 96;                // most rows of op(A) per block (192 KB with KC): stays in L2 while B strips pass
  private static final int PACK_CHUNK = 4; // B strips a thread claims at a time

  /** Below this many multiply-adds a product runs on the calling thread only. */
  private static final long PARALLEL_WORK = 1L << 21;

  /** Per thread: its A block, its edge tile, and the packed B of the products it starts (grown on demand). */
  private static final class Buffers {
    final float[] pa = new float[MC * KC];
    final float[] tile = new float[MR * NR];
    float[] pb = new float[0];
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

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
    Buffers own = BUFFERS.get();
    int strips = (n + NR - 1) / NR;
    if (own.pb.length < strips * NR * k) {
      own.pb = new float[strips * NR * k];
    }
    // Blocks of rows: MC, or fewer (a multiple of MR) so that a small M still gives about 8 blocks to share.
    int blockRows = Math.max(MR, Math.min(MC, ((m + 7) / 8 + MR - 1) / MR * MR));
    Product p = new Product(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, own.pb,
        strips, blockRows);
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), p.blocks);
    // A pool thread (a parallel pass calling a large product) works alone: its join could run other tasks on its buffers.
    if (!parallel || threads <= 1 || (long) m * n * k < PARALLEL_WORK
        || Thread.currentThread() instanceof ForkJoinWorkerThread) {
      p.run();
      return;
    }
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[threads - 1];
    for (int t = 0; t < tasks.length; t++) {
      tasks[t] = ForkJoinPool.commonPool().submit(p::run);
    }
    p.run();
    for (ForkJoinTask<?> t : tasks) {
      t.join();
    }
  }

  /** One product's shared state: what to compute, the packed B, and the counters threads claim work from. */
  private static final class Product {
    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final float[] a;
    final int aOff;
    final int lda;
    final float[] b;
    final int bOff;
    final int ldb;
    final float[] c;
    final int cOff;
    final int ldc;
    final boolean accumulate;
    final float[] pb;                                  // strip s of op(B) at s·NR·k: [k, NR], k-major
    final int strips;
    final int blockRows;
    final int blocks;
    final AtomicInteger nextStrip = new AtomicInteger();
    final AtomicIntegerArray packed;                   // 1 once strip s is packed (a volatile write after the packing)
    final AtomicInteger nextBlock = new AtomicInteger();

    Product(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, boolean accumulate, float[] pb, int strips, int blockRows) {
      this.transA = transA;
      this.transB = transB;
      this.m = m;
      this.n = n;
      this.k = k;
      this.a = a;
      this.aOff = aOff;
      this.lda = lda;
      this.b = b;
      this.bOff = bOff;
      this.ldb = ldb;
      this.c = c;
      this.cOff = cOff;
      this.ldc = ldc;
      this.accumulate = accumulate;
      this.pb = pb;
      this.strips = strips;
      this.blockRows = blockRows;
      this.blocks = (m + blockRows - 1) / blockRows;
      this.packed = new AtomicIntegerArray(strips);
    }

    /** A thread's part: pack B strips while any are unclaimed, then compute row blocks while any are left. */
    void run() {
      for (int s; (s = nextStrip.getAndAdd(PACK_CHUNK)) < strips; ) {
        for (int j = s; j < Math.min(strips, s + PACK_CHUNK); j++) {
          ensurePacked(j);
        }
      }
      Buffers buf = BUFFERS.get();
      for (int blk; (blk = nextBlock.getAndIncrement()) < blocks; ) {
        block(blk * blockRows, Math.min(blockRows, m - blk * blockRows), buf.pa, buf.tile);
      }
    }

    /**
     * Strip s packed, by this thread if no other has marked it done yet: two threads may then write the
     * same values to it, and each reads it only after its own packing or after seeing the mark.
     */
    private void ensurePacked(int s) {
      if (packed.get(s) == 0) {
        packStrip(s);
        packed.set(s, 1);
      }
    }

    /** Columns [s·NR, s·NR + NR) of op(B), all k, → pb[s·NR·k ...] k-major, columns past the edge zero. */
    private void packStrip(int s) {
      int j0 = s * NR;
      int nr = Math.min(NR, n - j0);
      int dst = s * NR * k;
      if (!transB) {
        for (int p = 0; p < k; p++) {
          int src = bOff + p * ldb + j0;
          if (nr == NR) {
            System.arraycopy(b, src, pb, dst + p * NR, NR);
          } else {
            for (int j = 0; j < NR; j++) {
              pb[dst + p * NR + j] = j < nr ? b[src + j] : 0f;
            }
          }
        }
      } else {
        for (int j = 0; j < NR; j++) {
          if (j < nr) {
            int src = bOff + (j0 + j) * ldb;
            for (int p = 0; p < k; p++) {
              pb[dst + p * NR + j] = b[src + p];
            }
          } else {
            for (int p = 0; p < k; p++) {
              pb[dst + p * NR + j] = 0f;
            }
          }
        }
      }
    }

    /** Rows [i0, i0 + mc) of C, all columns: k panels, each an A block packed once, times every B strip. */
    private void block(int i0, int mc, float[] pa, float[] tile) {
      int ars = transA ? 1 : lda;                      // step between rows of op(A)
      int aps = transA ? lda : 1;                      // step along k
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        boolean load = accumulate || pc > 0;
        packA(a, aOff + i0 * ars + pc * aps, ars, aps, mc, kc, pa);
        for (int jr = 0; jr < n; jr += NR) {
          int nr = Math.min(NR, n - jr);
          if (pc == 0) {
            ensurePacked(jr / NR);
          }
          int pbo = jr * k + pc * NR;                  // strip jr / NR, row pc
          for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int pao = ir * kc;                         // strip ir / MR of the packed block
            int co = cOff + (i0 + ir) * ldc + jr;
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

  /**
   * mc rows of op(A) (element (r, p) at a[ao + r·rs + p·ps]) → MR-row strips, each stored k-major (MR
   * values per k, strip s at s·MR·kc), rows past the edge zero: the micro-kernel then reads A at a
   * constant stride.
   */
  static void packA(float[] a, int ao, int rs, int ps, int mc, int kc, float[] pa) {
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
      if (mr == MR && ps == 1) {
        // op(A) = A: six rows read side by side, the strip written in order.
        int s0 = ao + ir * rs;
        int s1 = s0 + rs;
        int s2 = s1 + rs;
        int s3 = s2 + rs;
        int s4 = s3 + rs;
        int s5 = s4 + rs;
        for (int p = 0; p < kc; p++) {
          int dst = base + p * MR;
          pa[dst] = a[s0 + p];
          pa[dst + 1] = a[s1 + p];
          pa[dst + 2] = a[s2 + p];
          pa[dst + 3] = a[s3 + p];
          pa[dst + 4] = a[s4 + p];
          pa[dst + 5] = a[s5 + p];
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

  /**
   * C[6, 16] (+)= Ã[6, kc]·B̃[kc, 16]: Ã and B̃ packed strips (k-major) at pa[ao], pb[bo], C at c[co + r·ldc + j].
   */
  static void kernel(float[] pa, int ao, float[] pb, int bo, int kc, float[] c, int co, int ldc, boolean load) {
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
