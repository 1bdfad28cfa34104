package org.falconet.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.falconet.tokenizer.internal.LongIntMap;

/**
 * The byte-pair encoding model: a vocabulary (token string to id) and ranked merges, and the merge
 * loop that turns one pre-tokenized piece into ids (Sennrich et al. 2016; GPT-2's byte-level form).
 *
 * <p>A piece starts as one symbol per character; the adjacent pair with the lowest merge rank is
 * merged, leftmost first among equal ranks, until no pair has a merge. This is Hugging Face's
 * {@code Word::merge_all} order, which gives the same result as GPT-2's {@code bpe()}.
 */
public final class BytePairEncoding {
  private final String[] tokens;             // id -> token (null where an id is unused)
  private final Map<String, Integer> ids;
  private final String[][] merges;           // rank -> (left, right)
  private final LongIntMap rankOfPair;       // (leftId << 32 | rightId) -> rank
  private final int[] mergedId;              // rank -> id of left+right
  private final Integer unkId;
  private final boolean ignoreMerges;
  private final int[] charId = new int[0x144]; // byte-level char -> id, -1 if not in the vocabulary

  /**
   * A model from its vocabulary and merges (in rank order); {@code unkToken} may be null.
   * Every merge's parts and result must be in the vocabulary.
   */
  public BytePairEncoding(Map<String, Integer> vocab, List<String[]> merges, String unkToken, boolean ignoreMerges) {
    int max = -1;
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      if (e.getValue() < 0) {
        throw new TokenizerFormatException("model.vocab: negative id " + e.getValue() + " for '" + e.getKey() + "'");
      }
      max = Math.max(max, e.getValue());
    }
    tokens = new String[max + 1];
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      if (tokens[e.getValue()] != null) {
        throw new TokenizerFormatException("model.vocab: id " + e.getValue() + " used twice ('"
            + tokens[e.getValue()] + "' and '" + e.getKey() + "')");
      }
      tokens[e.getValue()] = e.getKey();
    }
    this.ids = Collections.unmodifiableMap(new HashMap<>(vocab));
    this.merges = new String[merges.size()][];
    this.rankOfPair = new LongIntMap(merges.size());
    this.mergedId = new int[merges.size()];
    for (int r = 0; r < merges.size(); r++) {
      String[] m = merges.get(r);
      Integer a = vocab.get(m[0]);
      Integer b = vocab.get(m[1]);
      Integer ab = vocab.get(m[0] + m[1]);
      if (a == null || b == null || ab == null) {
        String missing = a == null ? m[0] : b == null ? m[1] : m[0] + m[1];
        throw new TokenizerFormatException("model.merges[" + r + "] '" + m[0] + " " + m[1]
            + "': '" + missing + "' is not in the vocabulary");
      }
      this.merges[r] = new String[] {m[0], m[1]};
      rankOfPair.put(pair(a, b), r);         // a repeated merge keeps its last rank, as in Hugging Face
      mergedId[r] = ab;
    }
    if (unkToken != null && !vocab.containsKey(unkToken)) {
      throw new TokenizerFormatException("model.unk_token '" + unkToken + "' is not in the vocabulary");
    }
    this.unkId = unkToken == null ? null : vocab.get(unkToken);
    this.ignoreMerges = ignoreMerges;
    Arrays.fill(charId, -1);
    for (int b = 0; b < 256; b++) {
      char c = ByteUnicode.toChar(b);
      Integer id = vocab.get(String.valueOf(c));
      if (id != null) {
        charId[c] = id;
      }
    }
  }

  private static long pair(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }

  /** Number of ids (largest id + 1). */
  public int size() {
    return tokens.length;
  }

  /** The token with {@code id}, or null. */
  public String token(int id) {
    return id >= 0 && id < tokens.length ? tokens[id] : null;
  }

  /** The id of {@code token}, or null. */
  public Integer id(String token) {
    return ids.get(token);
  }

  /** The vocabulary, token to id. */
  public Map<String, Integer> vocabulary() {
    return ids;
  }

  /** The merges in rank order, each (left, right). */
  public List<String[]> merges() {
    List<String[]> out = new ArrayList<>(merges.length);
    for (String[] m : merges) {
      out.add(m.clone());
    }
    return out;
  }

  /** The unknown token, or null. */
  public String unkToken() {
    return unkId == null ? null : tokens[unkId];
  }

  /** Whether a piece found whole in the vocabulary skips the merges (Hugging Face's {@code ignore_merges}). */
  public boolean ignoreMerges() {
    return ignoreMerges;
  }

  /** The bytes whose byte-level character is not in the vocabulary (Falcon's lacks 0x00-0x08 and a few more). */
  public List<Integer> missingBytes() {
    List<Integer> out = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      if (charId[ByteUnicode.toChar(b)] < 0) {
        out.add(b);
      }
    }
    return out;
  }

  /** The ids of one pre-tokenized piece {@code word[from, to)}, in byte-level characters. */
  public int[] encode(String word, int from, int to) {
    int n = to - from;
    if (ignoreMerges) {
      Integer whole = ids.get(word.substring(from, to));
      if (whole != null) {
        return new int[] {whole};
      }
    }
    int[] sym = new int[n];
    for (int i = 0; i < n; i++) {
      char c = word.charAt(from + i);
      int id = c < charId.length ? charId[c] : -1;
      if (id < 0) {
        Integer v = ids.get(String.valueOf(c));
        // Hugging Face's BPE::merge_word: a character outside the vocabulary becomes the unk token,
        // or, with no unk token, is left out. Falcon has no unk token and lacks some control bytes.
        id = v != null ? v : unkId != null ? unkId : -1;
      }
      sym[i] = id;
    }
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (sym[i] >= 0) {
        sym[kept++] = sym[i];
      }
    }
    if (kept < n) {
      sym = Arrays.copyOf(sym, kept);
      n = kept;
      if (n == 0) {
        return sym;
      }
    }
    if (n == 1) {
      return sym;
    }
    return mergeAll(sym);
  }

  /** Hugging Face's {@code Word::merge_all}: a heap of (rank, position), lowest rank then leftmost first. */
  private int[] mergeAll(int[] sym) {
    int n = sym.length;
    int[] prev = new int[n];
    int[] next = new int[n];
    boolean[] dead = new boolean[n];
    for (int i = 0; i < n; i++) {
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    long[] heap = new long[Math.max(4, n)];
    int size = 0;
    for (int i = 0; i + 1 < n; i++) {
      int r = rankOfPair.get(pair(sym[i], sym[i + 1]));
      if (r >= 0) {
        if (size == heap.length) {
          heap = Arrays.copyOf(heap, size * 2);
        }
        size = push(heap, size, ((long) r << 32) | i);
      }
    }
    int alive = n;
    while (size > 0) {
      long top = heap[0];
      size = pop(heap, size);
      int rank = (int) (top >>> 32);
      int pos = (int) top;
      if (dead[pos] || next[pos] < 0) {
        continue;
      }
      int right = next[pos];
      int r = rankOfPair.get(pair(sym[pos], sym[right]));
      // The pair at pos may have changed since it was queued; go on only if it still makes the same token.
      if (r < 0 || mergedId[r] != mergedId[rank]) {
        continue;
      }
      sym[pos] = mergedId[rank];
      dead[right] = true;
      alive--;
      next[pos] = next[right];
      if (next[right] >= 0) {
        prev[next[right]] = pos;
      }
      if (size + 2 > heap.length) {
        heap = Arrays.copyOf(heap, heap.length * 2);
      }
      if (prev[pos] >= 0) {
        int rp = rankOfPair.get(pair(sym[prev[pos]], sym[pos]));
        if (rp >= 0) {
          size = push(heap, size, ((long) rp << 32) | prev[pos]);
        }
      }
      if (next[pos] >= 0) {
        int rn = rankOfPair.get(pair(sym[pos], sym[next[pos]]));
        if (rn >= 0) {
          size = push(heap, size, ((long) rn << 32) | pos);
        }
      }
    }
    int[] out = new int[alive];
    int k = 0;
    for (int i = 0; i >= 0; i = next[i]) {
      out[k++] = sym[i];
    }
    return out;
  }

  private static int push(long[] heap, int size, long v) {
    int i = size;
    heap[i] = v;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (heap[p] <= heap[i]) {
        break;
      }
      long t = heap[p];
      heap[p] = heap[i];
      heap[i] = t;
      i = p;
    }
    return size + 1;
  }

  private static int pop(long[] heap, int size) {
    size--;
    heap[0] = heap[size];
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        break;
      }
      int m = l + 1 < size && heap[l + 1] < heap[l] ? l + 1 : l;
      if (heap[i] <= heap[m]) {
        break;
      }
      long t = heap[m];
      heap[m] = heap[i];
      heap[i] = t;
      i = m;
    }
    return size;
  }
}
