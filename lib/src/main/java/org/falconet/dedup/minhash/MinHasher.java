package org.falconet.dedup.minhash;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.falconet.dedup.minhash.internal.VectorMinima;

/**
 * Computes MinHash signatures of documents: the minimum, over a document's word n-grams
 * ("shingles"), of each of {@code k} hash functions, so that two signatures agree at a position with
 * probability equal to the Jaccard similarity of the two shingle sets (Broder 1997).
 *
 * <p><b>Speed.</b> Each shingle is hashed once, to 64 bits (FNV-1a over each word's characters, the
 * words combined polynomially and finished by the MurmurHash3 64-bit mixer). The {@code k}
 * permutations are then derived from its low 32 bits {@code x} by one multiply and one add,
 * {@code pi_i(x) = a_i * x + b_i mod 2^32} with {@code a_i} odd (a bijection of the 32-bit
 * integers), values ordered as signed {@code int}s (the same as ordering {@code pi_i(x) + 2^31}
 * unsigned: still one permutation per {@code i}). The inner loop runs over primitive {@code int}
 * arrays with the JDK Vector API ({@link VectorMinima}: eight shingles per pass over the {@code k}
 * coefficients; a minimum is one {@code vpminsd}), or a plain loop when the JVM lacks the
 * {@code jdk.incubator.vector} module; both give the same signature. Two different shingles
 * collide on a value with probability 2^-32.
 *
 * <p>Thread-safe: a hasher holds only its immutable coefficients.
 *
 * <pre>{@code
 * MinHasher h = new MinHasher(9000, 5, 42);
 * int[] a = h.signature("the quick brown fox jumps over the lazy dog");
 * double j = MinHasher.similarity(a, h.signature("the quick brown fox jumps over the lazy cat"));
 * }</pre>
 */
public final class MinHasher {
  /** Whether the JVM runs with {@code --add-modules jdk.incubator.vector} (the launcher, tests and kernel do). */
  private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  private final int[] mul;
  private final int[] add;
  private final int ngram;

  /**
   * @param hashes how many hash functions (signature length)
   * @param ngram  words per shingle (RefinedWeb: 5)
   * @param seed   seed of the hash coefficients; signatures compare only under the same seed
   */
  public MinHasher(int hashes, int ngram, long seed) {
    if (hashes < 1 || ngram < 1) {
      throw new IllegalArgumentException("hashes and ngram must be >= 1, got " + hashes + ", " + ngram);
    }
    this.ngram = ngram;
    mul = new int[hashes];
    add = new int[hashes];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < hashes; i++) {
      mul[i] = rnd.nextInt() | 1;
      add[i] = rnd.nextInt();
    }
  }

  /** The signature length. */
  public int hashes() {
    return mul.length;
  }

  /**
   * The signature of {@code text} after {@link TextNormalizer normalisation}, or {@code null} if the
   * normalised text has no word (such a document is never a duplicate). A text of fewer words than
   * the n-gram size is one shingle.
   */
  public int[] signature(String text) {
    long[] shingles = shingleHashes(TextNormalizer.normalize(text), ngram);
    if (shingles.length == 0) {
      return null;
    }
    int[] sig = new int[mul.length];
    signatureOf(shingles, shingles.length, sig);
    return sig;
  }

  /** Fills {@code sig} with the signature of the first {@code count} shingle hashes. */
  public void signatureOf(long[] shingles, int count, int[] sig) {
    Arrays.fill(sig, 0, mul.length, Integer.MAX_VALUE);
    if (VECTOR) {
      VectorMinima.update(mul, add, shingles, count, sig);
    } else {
      scalarMinima(mul, add, shingles, count, sig);
    }
  }

  /**
   * The same minima without the Vector API: the fallback, and the tests' reference. About 15 times
   * slower (JDK 17 vectorises no signed minimum), so JVMs should run with the module.
   */
  static void scalarMinima(int[] a, int[] b, long[] shingles, int count, int[] sig) {
    for (int s = 0; s < count; s++) {
      final int x = (int) shingles[s];
      for (int i = 0; i < a.length; i++) {
        sig[i] = Math.min(sig[i], a[i] * x + b[i]);
      }
    }
  }

  /** The fraction of positions where two signatures agree: the estimate of Jaccard similarity. */
  public static double similarity(int[] a, int[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("signatures of different lengths: " + a.length + ", " + b.length);
    }
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return (double) same / a.length;
  }

  /**
   * The 64-bit hashes of the word n-grams of an already normalised text (words separated by single
   * spaces), in text order, duplicates included (they do not change a minimum).
   */
  public static long[] shingleHashes(String normalized, int ngram) {
    int n = normalized.length();
    long[] words = new long[Math.max(1, n / 2 + 1)];
    int count = 0;
    long h = FNV_OFFSET;
    boolean inWord = false;
    for (int i = 0; i < n; i++) {
      char c = normalized.charAt(i);
      if (c == ' ') {
        if (inWord) {
          words[count++] = h;
          h = FNV_OFFSET;
          inWord = false;
        }
      } else {
        h = (h ^ c) * FNV_PRIME;
        inWord = true;
      }
    }
    if (inWord) {
      words[count++] = h;
    }
    if (count == 0) {
      return new long[0];
    }
    int width = Math.min(ngram, count);
    long[] out = new long[count - width + 1];
    for (int i = 0; i < out.length; i++) {
      long g = width;
      for (int j = 0; j < width; j++) {
        g = g * 0x9E3779B97F4A7C15L + words[i + j];
      }
      out[i] = mix64(g);
    }
    return out;
  }

  /** The bucket key of band {@code band} (rows {@code band*rows} to {@code band*rows+rows-1}). */
  public static long bandKey(int[] sig, int band, int rows) {
    // Seeded with pi's first hex digits and mixed with FNV's 64-bit prime: any odd constants do.
    long h = 0x243F6A8885A308D3L ^ band;
    int from = band * rows;
    for (int i = from; i < from + rows; i++) {
      h = (h ^ (sig[i] & 0xFFFFFFFFL)) * 0x100000001B3L;
      h ^= h >>> 29;
    }
    return mix64(h);
  }

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** MurmurHash3's 64-bit finaliser (Appleby 2011): every input bit flips every output bit with p ~ 1/2. */
  static long mix64(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
