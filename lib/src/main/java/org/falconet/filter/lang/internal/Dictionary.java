package org.falconet.filter.lang.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * fastText's {@code Dictionary}: the words and labels of a model with their counts, and the
 * mapping of a line of text to input rows (word ids, character n-gram buckets, word n-gram
 * buckets) exactly as fastText's {@code Dictionary::getLine} does it.
 */
public final class Dictionary {
  /** fastText's end-of-sentence token, added where a line ends. */
  public static final String EOS = "</s>";
  private static final String BOW = "<";
  private static final String EOW = ">";

  private final int nwords;
  private final int nlabels;
  private final List<String> words = new ArrayList<>();
  private final List<Long> counts = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();
  private final int[][] subwords;
  private final Map<Integer, Integer> pruneIdx = new HashMap<>();
  private final long pruneIdxSize;
  private final String labelPrefix;
  private final int minn;
  private final int maxn;
  private final int bucket;
  private final int wordNgrams;

  /** Reads the dictionary that follows the arguments in a model file. */
  public Dictionary(LittleEndianInput in, int minn, int maxn, int bucket, int wordNgrams, String labelPrefix)
      throws IOException {
    this.minn = minn;
    this.maxn = maxn;
    this.bucket = bucket;
    this.wordNgrams = wordNgrams;
    this.labelPrefix = labelPrefix;
    int size = in.readInt();
    nwords = in.readInt();
    nlabels = in.readInt();
    in.readLong();   // ntokens
    pruneIdxSize = in.readLong();
    if (size < 0 || nwords < 0 || nlabels < 0 || nwords + nlabels != size) {
      throw new IOException("bad fastText dictionary sizes " + size + "/" + nwords + "/" + nlabels);
    }
    for (int i = 0; i < size; i++) {
      String w = in.readCString();
      counts.add(in.readLong());
      in.readByte();   // entry type: 0 word, 1 label (labels follow words)
      words.add(w);
      ids.put(w, i);
    }
    for (long i = 0; i < pruneIdxSize; i++) {
      int first = in.readInt();
      int second = in.readInt();
      pruneIdx.put(first, second);
    }
    subwords = new int[nwords][];
    for (int i = 0; i < nwords; i++) {
      Ints sw = new Ints(16);
      sw.add(i);
      if (!words.get(i).equals(EOS)) {
        computeSubwords(BOW + words.get(i) + EOW, sw);
      }
      subwords[i] = java.util.Arrays.copyOf(sw.data, sw.size);
    }
  }

  public int nwords() {
    return nwords;
  }

  public int nlabels() {
    return nlabels;
  }

  /** Label {@code i} (0-based among labels), with its prefix. */
  public String label(int i) {
    return words.get(nwords + i);
  }

  /** How often label {@code i} occurred in training: the weights of the hierarchical softmax tree. */
  public long labelCount(int i) {
    return counts.get(nwords + i);
  }

  /** fastText's 32-bit FNV-1a over the UTF-8 bytes, each byte sign-extended as a C {@code char}. */
  static int hash(byte[] s, int from, int to) {
    int h = 0x811c9dc5;   // 2166136261
    for (int i = from; i < to; i++) {
      h ^= s[i];          // int8_t -> uint32_t sign extension, as fastText does
      h *= 16777619;
    }
    return h;
  }

  /**
   * The input rows for the tokens of one line, {@code getLine}'s output: for each word token its id
   * and subword buckets (or only buckets when out of vocabulary), then word n-gram buckets.
   */
  public int[] inputRows(List<String> tokens) {
    Ints rows = new Ints(tokens.size() * 8);
    Ints wordHashes = new Ints(tokens.size());
    for (String token : tokens) {
      byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
      int h = hash(bytes, 0, bytes.length);
      Integer wid = ids.get(token);
      boolean label = wid != null ? wid >= nwords : token.startsWith(labelPrefix);
      if (!label) {
        if (wid == null) {
          if (!token.equals(EOS)) {
            computeSubwords(BOW + token + EOW, rows);
          }
        } else if (maxn <= 0) {
          rows.add(wid);
        } else {
          rows.addAll(subwords[wid]);
        }
        wordHashes.add(h);
      }
      if (token.equals(EOS)) {
        break;
      }
    }
    for (int i = 0; i < wordHashes.size; i++) {
      long h = wordHashes.data[i];   // int32 -> uint64 sign extension, as fastText does
      for (int j = i + 1; j < wordHashes.size && j < i + wordNgrams; j++) {
        h = h * 116049371L + wordHashes.data[j];
        pushHash(rows, (int) Long.remainderUnsigned(h, bucket));
      }
    }
    return java.util.Arrays.copyOf(rows.data, rows.size);
  }

  /** Character n-grams of {@code minn..maxn} code points, by UTF-8 bytes as fastText counts them. */
  private void computeSubwords(String word, Ints out) {
    byte[] w = word.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < w.length; i++) {
      if ((w[i] & 0xC0) == 0x80) {
        continue;
      }
      int j = i;
      for (int n = 1; j < w.length && n <= maxn; n++) {
        j++;
        while (j < w.length && (w[j] & 0xC0) == 0x80) {
          j++;
        }
        if (n >= minn && !(n == 1 && (i == 0 || j == w.length))) {
          int h = Integer.remainderUnsigned(hash(w, i, j), bucket);
          pushHash(out, h);
        }
      }
    }
  }

  private void pushHash(Ints out, int id) {
    if (pruneIdxSize == 0 || id < 0) {
      return;
    }
    if (pruneIdxSize > 0) {
      Integer mapped = pruneIdx.get(id);
      if (mapped == null) {
        return;
      }
      id = mapped;
    }
    out.add(nwords + id);
  }

  /** A growable int array: input rows without boxing. */
  private static final class Ints {
    int[] data;
    int size;

    Ints(int capacity) {
      data = new int[Math.max(4, capacity)];
    }

    void add(int v) {
      if (size == data.length) {
        data = java.util.Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    void addAll(int[] vs) {
      for (int v : vs) {
        add(v);
      }
    }
  }
}
