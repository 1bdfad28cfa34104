package org.falconet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Falcon#attentionProbabilities} and {@link AttentionKernel#probabilities}: the softmax(QKᵀ/√d) of the
 * paper, recomputed here by hand from the weights, and the very matrix the attention kernel multiplies V by.
 */
class AttentionProbabilitiesTest {

  /** Layer 0 of the 7B-style fixture, recomputed with plain loops: LN, fused QKV, rotary, scaled softmax. */
  @Test
  void layerZeroEqualsSoftmaxOfScaledDotProductsComputedByHand() throws IOException {
    Falcon model = Falcon.load(Fixtures.dir("falcon-7b-style"));
    FalconConfig c = model.config();
    int[] tokens = {11, 5, 42, 7, 96, 3};
    int T = tokens.length;
    int d = c.hiddenSize();
    int H = c.numHeads();
    int hd = c.headDim();
    assertEquals(1, c.numKvHeads(), "the fixture is multi-query");

    Block b = model.blocks().get(0);
    float[] w = b.attn().qkv().weight().data();                  // [(H + 2)·hd, d], multi-query layout
    double[][] q = new double[T * H][];
    double[][] k = new double[T][];
    for (int t = 0; t < T; t++) {
      float[] x = new float[d];
      model.embeddings().rowTo(tokens[t], x, 0);
      double[] ln = layerNorm(x, b.lnAttn());
      double[] fused = new double[c.qkvOutDim()];
      for (int r = 0; r < fused.length; r++) {
        for (int i = 0; i < d; i++) fused[r] += w[r * d + i] * ln[i];
      }
      for (int h = 0; h < H; h++) q[t * H + h] = rotate(slice(fused, h * hd, hd), t, c.ropeTheta());
      k[t] = rotate(slice(fused, H * hd, hd), t, c.ropeTheta());
    }

    float[][][] p = model.attentionProbabilities(tokens, 0);
    assertEquals(H, p.length);
    for (int h = 0; h < H; h++) {
      assertEquals(T, p[h].length);
      for (int t = 0; t < T; t++) {
        double[] s = new double[t + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= t; j++) {
          for (int i = 0; i < hd; i++) s[j] += q[t * H + h][i] * k[j][i];
          s[j] /= Math.sqrt(hd);
          max = Math.max(max, s[j]);
        }
        double z = 0;
        for (int j = 0; j <= t; j++) z += Math.exp(s[j] - max);
        for (int j = 0; j < T; j++) {
          double expected = j <= t ? Math.exp(s[j] - max) / z : 0;
          assertEquals(expected, p[h][t][j], 1e-5, "head " + h + " row " + t + " key " + j);
        }
      }
    }
  }

  /** Every layer, every arrangement: rows are distributions, zero above the diagonal, the first row is [1, 0...]. */
  @Test
  void rowsAreCausalDistributionsInEveryLayerAndArchitecture() throws IOException {
    int[] tokens = {1, 2, 3, 4, 5, 6, 7, 8};
    for (String variant : Fixtures.VARIANTS) {
      Falcon model = Falcon.load(Fixtures.dir(variant));
      for (int l = 0; l < model.config().numLayers(); l++) {
        float[][][] p = model.attentionProbabilities(tokens, l);
        assertEquals(model.config().numHeads(), p.length, variant);
        for (float[][] head : p) {
          assertEquals(1f, head[0][0], 1e-6f, variant);
          for (int t = 0; t < tokens.length; t++) {
            double sum = 0;
            for (int j = 0; j < tokens.length; j++) {
              if (j > t) assertEquals(0f, head[t][j], variant + " layer " + l + ": future key " + j + " of row " + t);
              assertTrue(head[t][j] >= 0, variant);
              sum += head[t][j];
            }
            assertEquals(1.0, sum, 1e-5, variant + " layer " + l + " row " + t);
          }
        }
      }
    }
  }

  /** The probabilities times V are what the attention kernel outputs (plain and flash), with a KV cache and GQA. */
  @Test
  void probabilitiesTimesValuesIsTheKernelOutput() {
    Random r = new Random(7);
    int H = 4, kv = 2, hd = 8, T = 5, past = 3, S = past + T;
    AttentionKernel kernel = new AttentionKernel(H, kv, hd, null);
    float[] q = AttentionKernelTest.random(r, T * H * hd);
    float[] keys = AttentionKernelTest.random(r, S * kv * hd);
    float[] values = AttentionKernelTest.random(r, S * kv * hd);
    float[] out = new float[T * H * hd];
    kernel.flash(q, keys, values, T, past, out);
    float[][][] p = kernel.probabilities(q, keys, T, past);
    for (int h = 0; h < H; h++) {
      int g = h / (H / kv);
      for (int t = 0; t < T; t++) {
        for (int j = past + t + 1; j < S; j++) assertEquals(0f, p[h][t][j], "key " + j + " is after query " + t);
        for (int i = 0; i < hd; i++) {
          double o = 0;
          for (int j = 0; j < S; j++) o += p[h][t][j] * values[j * kv * hd + g * hd + i];
          assertEquals(o, out[(t * H + h) * hd + i], 1e-5, "head " + h + " row " + t);
        }
      }
    }
  }

  @Test
  void aLayerOutsideTheModelIsAnError() throws IOException {
    Falcon model = Falcon.load(Fixtures.dir("falcon-7b-style"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.attentionProbabilities(new int[] {1, 2}, 2));
    assertEquals("layer 2 is outside [0, 2)", e.getMessage());
  }

  private static double[] layerNorm(float[] x, LayerNorm ln) {
    double mean = 0;
    for (float v : x) mean += v;
    mean /= x.length;
    double var = 0;
    for (float v : x) var += (v - mean) * (v - mean);
    var /= x.length;
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = (x[i] - mean) / Math.sqrt(var + ln.eps()) * ln.weight()[i] + ln.bias()[i];
    return y;
  }

  private static double[] slice(double[] a, int from, int n) {
    return java.util.Arrays.copyOfRange(a, from, from + n);
  }

  /** Rotary "rotate half" at position pos: pairs (i, i + d/2) turned by pos·θ^(−2i/d) (Su et al. 2021). */
  private static double[] rotate(double[] x, int pos, double theta) {
    int half = x.length / 2;
    double[] y = new double[x.length];
    for (int i = 0; i < half; i++) {
      double a = pos * Math.pow(theta, -2.0 * i / x.length);
      y[i] = x[i] * Math.cos(a) - x[half + i] * Math.sin(a);
      y[half + i] = x[half + i] * Math.cos(a) + x[i] * Math.sin(a);
    }
    return y;
  }
}
