package org.falconet.extract;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Precision, recall and F1 of an extraction against ground truth over sets of word 4-gram shingles,
 * the measure of the Scrapinghub article-extraction benchmark. Sums over pages give micro averages.
 */
final class ShingleScore {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  static final int N = 4;

  long truePositives;
  long falsePositives;
  long falseNegatives;

  static Set<String> shingles(String text) {
    java.util.List<String> words = new java.util.ArrayList<>();
    Matcher m = WORD.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      words.add(m.group());
    }
    Set<String> out = new HashSet<>();
    if (words.isEmpty()) {
      return out;
    }
    if (words.size() < N) {
      out.add(String.join(" ", words));
      return out;
    }
    for (int i = 0; i + N <= words.size(); i++) {
      out.add(String.join(" ", words.subList(i, i + N)));
    }
    return out;
  }

  /** Adds one page's counts and returns that page's own score. */
  ShingleScore add(String extracted, String truth) {
    Set<String> got = shingles(extracted);
    Set<String> want = shingles(truth);
    ShingleScore page = new ShingleScore();
    for (String s : got) {
      if (want.contains(s)) {
        page.truePositives++;
      } else {
        page.falsePositives++;
      }
    }
    for (String s : want) {
      if (!got.contains(s)) {
        page.falseNegatives++;
      }
    }
    truePositives += page.truePositives;
    falsePositives += page.falsePositives;
    falseNegatives += page.falseNegatives;
    return page;
  }

  double precision() {
    return truePositives + falsePositives == 0 ? 1 : truePositives / (double) (truePositives + falsePositives);
  }

  double recall() {
    return truePositives + falseNegatives == 0 ? 1 : truePositives / (double) (truePositives + falseNegatives);
  }

  double f1() {
    double p = precision();
    double r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
