package org.falconet.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.StreamSupport;
import org.falconet.tokenizer.internal.IntList;
import org.falconet.tokenizer.internal.LongIntMap;
import org.falconet.tokenizer.internal.PreTokenizerPipeline;
import org.falconet.tokenizer.internal.TokenMatcher;

/**
 * Learns a byte-level BPE vocabulary from text (Sennrich et al. 2016, as GPT-2 and Falcon did): count
 * the pre-tokenized pieces, start from the 256 byte characters, and repeatedly merge the most frequent
 * adjacent pair into a new token until the vocabulary has {@code vocabSize} entries.
 *
 * <p>The result is a {@link Tokenizer} with the same pre-tokenizer and special tokens, written as a
 * Hugging Face {@code tokenizer.json} by {@link Tokenizer#save}. Ties between equally frequent pairs
 * go to the pair of smaller ids (Hugging Face's trainer order), so training is deterministic.
 */
public final class BpeTrainer {

  /**
   * What to train: the vocabulary size (special tokens and the 256 bytes included), the special
   * tokens (ids 0, 1, ... in order), the pre-tokenizer, and the fewest occurrences a merge needs.
   */
  public record Params(int vocabSize, List<String> specialTokens, PreTokenizer preTokenizer, int minFrequency) {
    public Params {
      specialTokens = List.copyOf(specialTokens);
      if (vocabSize < specialTokens.size() + 256) {
        throw new IllegalArgumentException("vocabSize " + vocabSize + " is below the special tokens plus 256 bytes ("
            + (specialTokens.size() + 256) + ")");
      }
      if (minFrequency < 1) {
        throw new IllegalArgumentException("minFrequency must be at least 1, not " + minFrequency);
      }
    }

    /** Falcon's special tokens, ids 0-11 as in tiiuae/falcon-7b. */
    public static final List<String> FALCON_SPECIAL_TOKENS = List.of(">>TITLE<<", ">>ABSTRACT<<",
        ">>INTRODUCTION<<", ">>SUMMARY<<", ">>COMMENT<<", ">>ANSWER<<", ">>QUESTION<<", ">>DOMAIN<<",
        ">>PREFIX<<", ">>SUFFIX<<", ">>MIDDLE<<", "<|endoftext|>");

    /** Falcon's pre-tokenizer and special tokens with a vocabulary of {@code vocabSize}; merges seen twice or more. */
    public static Params falcon(int vocabSize) {
      return new Params(vocabSize, FALCON_SPECIAL_TOKENS, PreTokenizer.FALCON, 2);
    }
  }

  private final Params params;

  public BpeTrainer(Params params) {
    this.params = params;
  }

  /** Trains on {@code documents} (special tokens in them are cut out, never merged). */
  public Tokenizer train(Iterable<String> documents) {
    Map<String, Integer> words = countPieces(documents);
    // Vocabulary: special tokens, then the 256 byte characters in byte order.
    Map<String, Integer> vocab = new LinkedHashMap<>();
    List<String> tokens = new ArrayList<>();
    for (String s : params.specialTokens()) {
      vocab.put(s, tokens.size());
      tokens.add(s);
    }
    int[] byteId = new int[0x144];
    for (int b = 0; b < 256; b++) {
      String c = String.valueOf(ByteUnicode.toChar(b));
      byteId[c.charAt(0)] = tokens.size();
      vocab.put(c, tokens.size());
      tokens.add(c);
    }
    // Words as symbol ids, with their counts.
    int nw = words.size();
    int[][] sym = new int[nw][];
    int[] count = new int[nw];
    int w = 0;
    for (Map.Entry<String, Integer> e : words.entrySet()) {
      String s = e.getKey();
      int[] ids = new int[s.length()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = byteId[s.charAt(i)];
      }
      sym[w] = ids;
      count[w++] = e.getValue();
    }
    // Pair counts and, per pair, the words it may occur in (appended, checked when used).
    LongIntMap pairCount = new LongIntMap(1 << 16);
    Map<Long, IntList> where = new HashMap<>();
    for (w = 0; w < nw; w++) {
      int[] s = sym[w];
      for (int i = 0; i + 1 < s.length; i++) {
        long p = pair(s[i], s[i + 1]);
        add(pairCount, p, count[w]);
        where.computeIfAbsent(p, k -> new IntList(4)).add(w);
      }
    }
    // Max-heap by count, then smaller pair first; entries go stale and are re-checked when popped.
    PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
    for (Map.Entry<Long, IntList> e : where.entrySet()) {
      heap.add(new long[] {pairCount.get(e.getKey()), e.getKey()});
    }
    List<String[]> merges = new ArrayList<>();
    int[] lastSeen = new int[nw];
    Arrays.fill(lastSeen, -1);
    while (vocab.size() < params.vocabSize() && !heap.isEmpty()) {
      long[] top = heap.poll();
      long p = top[1];
      int actual = Math.max(0, pairCount.get(p));
      if (actual != top[0]) {
        if (actual > 0) {
          heap.add(new long[] {actual, p});
        }
        continue;
      }
      if (actual < params.minFrequency()) {
        break;
      }
      int a = (int) (p >>> 32);
      int b = (int) p;
      String merged = tokens.get(a) + tokens.get(b);
      Integer id = vocab.get(merged);
      if (id == null) {
        id = tokens.size();
        vocab.put(merged, id);
        tokens.add(merged);
      }
      merges.add(new String[] {tokens.get(a), tokens.get(b)});
      IntList ws = where.remove(p);
      int step = merges.size();
      Map<Long, Integer> changed = new HashMap<>();
      for (int k = 0; k < ws.size(); k++) {
        int wi = ws.get(k);
        if (lastSeen[wi] == step) {
          continue;                                 // listed twice
        }
        lastSeen[wi] = step;
        sym[wi] = mergeInWord(sym[wi], a, b, id, count[wi], pairCount, where, wi, changed);
      }
      pairCount.put(p, 0);
      for (Map.Entry<Long, Integer> e : changed.entrySet()) {
        int c = Math.max(0, pairCount.get(e.getKey()));
        if (c > 0 && e.getValue() > 0) {
          heap.add(new long[] {c, e.getKey()});     // counts only grow for new pairs: queue them again
        }
      }
    }
    List<AddedToken> added = new ArrayList<>();
    for (int i = 0; i < params.specialTokens().size(); i++) {
      added.add(AddedToken.special(i, params.specialTokens().get(i)));
    }
    return new Tokenizer(new BytePairEncoding(vocab, merges, null, false), params.preTokenizer(), added);
  }

  /**
   * Replaces every (a, b) in {@code s} by {@code id}, left to right; the word's old pairs leave the
   * counts and its new pairs enter them ({@code changed} collects the net change per pair).
   */
  private static int[] mergeInWord(int[] s, int a, int b, int id, int wc, LongIntMap pairCount,
      Map<Long, IntList> where, int wi, Map<Long, Integer> changed) {
    IntList out = new IntList(s.length);
    for (int i = 0; i < s.length; ) {
      if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
        out.add(id);
        i += 2;
      } else {
        out.add(s[i]);
        i++;
      }
    }
    if (out.size() == s.length) {
      return s;                                     // a stale entry: the pair is no longer in this word
    }
    int[] t = out.toArray();
    for (int i = 0; i + 1 < s.length; i++) {
      bump(pairCount, changed, pair(s[i], s[i + 1]), -wc);
    }
    for (int i = 0; i + 1 < t.length; i++) {
      long np = pair(t[i], t[i + 1]);
      bump(pairCount, changed, np, wc);
      if (t[i] == id || t[i + 1] == id) {
        where.computeIfAbsent(np, k -> new IntList(4)).add(wi);
      }
    }
    return t;
  }

  private static void bump(LongIntMap counts, Map<Long, Integer> changed, long p, int delta) {
    add(counts, p, delta);
    changed.merge(p, delta, Integer::sum);
  }

  private static void add(LongIntMap counts, long p, int delta) {
    int c = counts.get(p);
    counts.put(p, Math.max(0, (c < 0 ? 0 : c) + delta));
  }

  private static long pair(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }

  /** Counts the byte-level pieces of every document, on all cores. */
  private Map<String, Integer> countPieces(Iterable<String> documents) {
    PreTokenizerPipeline pipeline = PreTokenizerPipeline.compile(params.preTokenizer(), "pre_tokenizer");
    List<String> specials = params.specialTokens();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < specials.size(); i++) {
      ids.add(i);
    }
    TokenMatcher matcher = new TokenMatcher(specials, ids);
    return StreamSupport.stream(documents.spliterator(), true)
        .collect(HashMap<String, Integer>::new, (map, doc) -> countDocument(doc, pipeline, matcher, map),
            (m1, m2) -> m2.forEach((k, v) -> m1.merge(k, v, Integer::sum)));
  }

  private static void countDocument(String doc, PreTokenizerPipeline pipeline, TokenMatcher matcher, Map<String, Integer> out) {
    IntList pieces = new IntList();
    IntList scratch = new IntList();
    IntList sub = new IntList();
    int[] found = new int[3];
    int pos = 0;
    while (pos < doc.length()) {
      boolean hit = matcher.find(doc, pos, doc.length(), found);
      int end = hit ? found[0] : doc.length();
      pieces.clear();
      pipeline.rawPieces(doc, pos, end, pieces, scratch);
      for (int k = 0; k < pieces.size(); k += 2) {
        byte[] utf8 = doc.substring(pieces.get(k), pieces.get(k + 1)).getBytes(StandardCharsets.UTF_8);
        String mapped = ByteUnicode.encode(utf8, 0, utf8.length);
        if (pipeline.splitsBytes()) {
          sub.clear();
          pipeline.bytePieces(mapped, sub);
          for (int j = 0; j < sub.size(); j += 2) {
            out.merge(mapped.substring(sub.get(j), sub.get(j + 1)), 1, Integer::sum);
          }
        } else {
          out.merge(mapped, 1, Integer::sum);
        }
      }
      pos = hit ? found[1] : doc.length();
    }
  }
}
