package org.falconet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The blocked attention forward and backward against the textbook formulas in double with whole
 * [T, T] matrices, on a sequence longer than several row blocks, with grouped query heads.
 */
class AttentionBackpropTest {
  @Test
  void blockedAttentionMatchesTheTextbookInDouble() {
    int T = 150;                                            // three row blocks, the last partial
    int H = 4;
    int kv = 2;
    int hd = 12;
    SplittableRandom r = new SplittableRandom(11);
    float[] q = random(r, T * H * hd);
    float[] k = random(r, T * kv * hd);
    float[] v = random(r, T * kv * hd);
    float[] dOut = random(r, T * H * hd);
    float[] out = new float[T * H * hd];
    float[] dq = new float[T * H * hd];
    float[] dk = new float[T * kv * hd];
    float[] dv = new float[T * kv * hd];
    for (int g = 0; g < kv; g++) {
      Backprop.attentionForward(q, k, v, 0, 0, T, H, kv, hd, g, out);
      Backprop.attention(q, k, v, dOut, 0, 0, T, H, kv, hd, g, dq, dk, dv);
    }
    double[] eOut = new double[out.length];
    double[] eDq = new double[dq.length];
    double[] eDk = new double[dk.length];
    double[] eDv = new double[dv.length];
    double scale = 1 / Math.sqrt(hd);
    for (int h = 0; h < H; h++) {
      int g = h / (H / kv);
      double[][] p = new double[T][T];
      double[][] ds = new double[T][T];
      for (int t = 0; t < T; t++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= t; j++) {
          double s = 0;
          for (int i = 0; i < hd; i++) {
            s += (double) q[t * H * hd + h * hd + i] * k[j * kv * hd + g * hd + i];
          }
          p[t][j] = s * scale;
          max = Math.max(max, p[t][j]);
        }
        double z = 0;
        for (int j = 0; j <= t; j++) {
          p[t][j] = Math.exp(p[t][j] - max);
          z += p[t][j];
        }
        double dot = 0;
        double[] dp = new double[T];
        for (int j = 0; j <= t; j++) {
          p[t][j] /= z;
          for (int i = 0; i < hd; i++) {
            eOut[t * H * hd + h * hd + i] += p[t][j] * v[j * kv * hd + g * hd + i];
            dp[j] += (double) dOut[t * H * hd + h * hd + i] * v[j * kv * hd + g * hd + i];
          }
          dot += p[t][j] * dp[j];
        }
        for (int j = 0; j <= t; j++) {
          ds[t][j] = p[t][j] * (dp[j] - dot) * scale;
        }
      }
      for (int t = 0; t < T; t++) {
        for (int j = 0; j <= t; j++) {
          for (int i = 0; i < hd; i++) {
            eDq[t * H * hd + h * hd + i] += ds[t][j] * k[j * kv * hd + g * hd + i];
            eDk[j * kv * hd + g * hd + i] += ds[t][j] * q[t * H * hd + h * hd + i];
            eDv[j * kv * hd + g * hd + i] += p[t][j] * dOut[t * H * hd + h * hd + i];
          }
        }
      }
    }
    assertClose(eOut, out, "out");
    assertClose(eDq, dq, "dq");
    assertClose(eDk, dk, "dk");
    assertClose(eDv, dv, "dv");
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
    }
  }

  private static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
