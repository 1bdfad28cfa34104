package org.falconet.dedup.minhash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MinHash against its theory (Broder 1997): on shingle sets of known Jaccard similarity J, the
 * estimate is unbiased with standard deviation sqrt(J(1-J)/k), and two documents are paired by b
 * bands of r rows with probability 1-(1-J^r)^b.
 */
class MinHasherTest {

  /** Two sets of random 64-bit shingle hashes with |A ∩ B| = common and |A ∪ B| = union. */
  static long[][] pair(SplittableRandom rnd, int union, int common) {
    int onlyA = (union - common) / 2;
    int onlyB = union - common - onlyA;
    long[] a = new long[common + onlyA];
    long[] b = new long[common + onlyB];
    for (int i = 0; i < common; i++) {
      a[i] = b[i] = rnd.nextLong();
    }
    for (int i = 0; i < onlyA; i++) {
      a[common + i] = rnd.nextLong();
    }
    for (int i = 0; i < onlyB; i++) {
      b[common + i] = rnd.nextLong();
    }
    return new long[][] {a, b};
  }

  static int[] sig(MinHasher h, long[] shingles) {
    int[] s = new int[h.hashes()];
    h.signatureOf(shingles, shingles.length, s);
    return s;
  }

  @Test
  void estimateErrorMatchesTheory() {
    int k = 256;
    int pairs = 300;
    SplittableRandom rnd = new SplittableRandom(7);
    for (double j : new double[] {0.2, 0.5, 0.8}) {
      double sum = 0;
      double sumSq = 0;
      for (int p = 0; p < pairs; p++) {
        MinHasher h = new MinHasher(k, 5, rnd.nextLong());
        long[][] ab = pair(rnd, 200, (int) Math.round(200 * j));
        double err = MinHasher.similarity(sig(h, ab[0]), sig(h, ab[1])) - j;
        sum += err;
        sumSq += err * err;
      }
      double theory = Math.sqrt(j * (1 - j) / k);
      double mean = sum / pairs;
      double std = Math.sqrt(sumSq / pairs - mean * mean);
      // Mean within 4 standard errors; the sample std of 300 draws is within ~4 x 4% of the truth.
      assertTrue(Math.abs(mean) < 4 * theory / Math.sqrt(pairs), "J=" + j + " bias " + mean);
      assertEquals(theory, std, 0.2 * theory, "J=" + j + " std of the estimate");
    }
  }

  @Test
  void paperSizedSignatureEstimatesWithinTheory() {
    SplittableRandom rnd = new SplittableRandom(11);
    MinHasher h = new MinHasher(9000, 5, 3);
    long[][] ab = pair(rnd, 1000, 600);
    double est = MinHasher.similarity(sig(h, ab[0]), sig(h, ab[1]));
    assertEquals(0.6, est, 4 * Math.sqrt(0.6 * 0.4 / 9000));
  }

  @Test
  void pairingProbabilityFollowsTheSCurve() {
    int bands = 4;
    int rows = 3;
    int trials = 400;
    SplittableRandom rnd = new SplittableRandom(13);
    MinHashDeduplicator.Params params = new MinHashDeduplicator.Params(bands, rows, 5, 1, 1, 1000);
    for (double s : new double[] {0.3, 0.5, 0.7, 0.9}) {
      int paired = 0;
      for (int t = 0; t < trials; t++) {
        MinHasher h = new MinHasher(bands * rows, 5, rnd.nextLong());
        long[][] ab = pair(rnd, 100, (int) Math.round(100 * s));
        int[] x = sig(h, ab[0]);
        int[] y = sig(h, ab[1]);
        for (int b = 0; b < bands; b++) {
          if (MinHasher.bandKey(x, b, rows) == MinHasher.bandKey(y, b, rows)) {
            paired++;
            break;
          }
        }
      }
      double p = params.pairProbability(s);
      double measured = (double) paired / trials;
      double band = 4 * Math.sqrt(p * (1 - p) / trials) + 0.01;
      assertEquals(p, measured, band, "pairing probability at s=" + s);
    }
  }

  @Test
  void sCurveOfThePaperSetting() {
    // Hand-computed 1-(1-s^20)^450 and 1-(1-s^8)^14 (see the class javadoc's table).
    assertEquals(0.7605, MinHashDeduplicator.Params.PAPER.pairProbability(0.75), 1e-4);
    assertEquals(0.9946, MinHashDeduplicator.Params.PAPER.pairProbability(0.80), 1e-4);
    assertEquals(0.5645, MinHashDeduplicator.Params.FINEWEB.pairProbability(0.70), 1e-4);
    assertEquals(9000, MinHashDeduplicator.Params.PAPER.hashes());
  }

  @Test
  void identicalAfterNormalisationGivesIdenticalSignature() {
    MinHasher h = new MinHasher(500, 5, 1);
    assertArrayEquals(h.signature("The café opened in 1999, they said."),
        h.signature("the CAFE opened in 2024 -- they said"));
  }

  @Test
  void shortTextIsOneShingleAndEmptyTextHasNoSignature() {
    assertEquals(1, MinHasher.shingleHashes("two words", 5).length);
    assertEquals(3, MinHasher.shingleHashes("a b c d e f g", 5).length);
    assertNull(new MinHasher(10, 5, 1).signature("!!! ..."));
  }

  @Test
  void signatureIsTheMinimumOfEachPermutationOnVectorAndScalarPaths() {
    SplittableRandom data = new SplittableRandom(11);
    for (int k : new int[] {1, 37, 9000}) {
      for (int count : new int[] {1, 7, 8, 13, 500}) {
        long seed = data.nextLong();
        long[] shingles = new long[count];
        for (int j = 0; j < count; j++) {
          shingles[j] = data.nextLong();
        }
        // The definition, with the coefficients drawn as the constructor draws them: a odd, b any.
        SplittableRandom coef = new SplittableRandom(seed);
        int[] a = new int[k];
        int[] b = new int[k];
        int[] expected = new int[k];
        for (int i = 0; i < k; i++) {
          a[i] = coef.nextInt() | 1;
          b[i] = coef.nextInt();
          expected[i] = Integer.MAX_VALUE;
          for (long x : shingles) {
            expected[i] = Math.min(expected[i], a[i] * (int) x + b[i]);
          }
        }
        assertArrayEquals(expected, sig(new MinHasher(k, 5, seed), shingles), "k=" + k + " count=" + count);
        int[] scalar = new int[k];
        java.util.Arrays.fill(scalar, Integer.MAX_VALUE);
        MinHasher.scalarMinima(a, b, shingles, count, scalar);
        assertArrayEquals(expected, scalar, "scalar path, k=" + k + " count=" + count);
      }
    }
  }
}
