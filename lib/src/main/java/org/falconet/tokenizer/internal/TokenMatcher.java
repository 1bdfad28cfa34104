package org.falconet.tokenizer.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds whole tokens in text, leftmost first and longest among those starting at the same place:
 * Hugging Face's added-token split (an Aho-Corasick automaton in {@code LeftmostLongest} mode).
 */
public final class TokenMatcher {
  private final Map<Character, String[]> byFirst = new HashMap<>();
  private final Map<Character, int[]> idsByFirst = new HashMap<>();
  private final boolean[] firstAscii = new boolean[128];

  /** A matcher for {@code contents[i]} with id {@code ids[i]}. */
  public TokenMatcher(List<String> contents, List<Integer> ids) {
    Map<Character, List<Integer>> groups = new HashMap<>();
    for (int i = 0; i < contents.size(); i++) {
      groups.computeIfAbsent(contents.get(i).charAt(0), k -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Character, List<Integer>> g : groups.entrySet()) {
      List<Integer> idx = g.getValue();
      idx.sort(Comparator.comparingInt((Integer i) -> -contents.get(i).length()));
      String[] cs = new String[idx.size()];
      int[] is = new int[idx.size()];
      for (int k = 0; k < idx.size(); k++) {
        cs[k] = contents.get(idx.get(k));
        is[k] = ids.get(idx.get(k));
      }
      byFirst.put(g.getKey(), cs);
      idsByFirst.put(g.getKey(), is);
      if (g.getKey() < 128) {
        firstAscii[g.getKey()] = true;
      }
    }
  }

  public boolean isEmpty() {
    return byFirst.isEmpty();
  }

  /**
   * The next match in {@code text[from, to)}: sets {@code found[0..2]} to (start, end, id) and returns
   * true, or returns false if there is none.
   */
  public boolean find(String text, int from, int to, int[] found) {
    if (byFirst.isEmpty()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 128 ? !firstAscii[c] : !byFirst.containsKey(c)) {
        continue;
      }
      String[] cs = byFirst.get(c);
      for (int k = 0; k < cs.length; k++) {
        if (i + cs[k].length() <= to && text.startsWith(cs[k], i)) {
          found[0] = i;
          found[1] = i + cs[k].length();
          found[2] = idsByFirst.get(c)[k];
          return true;
        }
      }
    }
    return false;
  }
}
