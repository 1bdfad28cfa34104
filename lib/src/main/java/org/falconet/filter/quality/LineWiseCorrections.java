package org.falconet.filter.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.falconet.corpus.Document;
import org.falconet.filter.quality.internal.BoilerplatePhrases;
import org.falconet.filter.quality.internal.Chars;
import org.falconet.pipeline.DocumentStage;
import org.falconet.pipeline.Outcome;

/**
 * RefinedWeb's line-wise corrections (Penedo et al. 2023, arXiv 2306.01116, section 3.2 and
 * appendix G.2): removes the lines of a document that are page furniture rather than content, cuts
 * boilerplate phrases out of short lines, and drops the whole document when the corrections remove
 * more than 5% of its words.
 *
 * <p>A line (the text between two {@code '\n'}) is removed, first rule first, when it is
 * <ul>
 *   <li>{@code uppercase}: mostly upper case: more than {@link Params#maxUppercaseShare()} of its
 *       letters are upper case (paper: "mainly composed of uppercase characters");
 *   <li>{@code numerical}: only numbers: no letter and at least one digit ("only composed of
 *       numerical characters"; separators such as "12/03/2023" or "(555) 123-4567" stay numerical);
 *   <li>{@code counter}: a number, an optional K/M/B, and one of {@link Params#counterWords()}
 *       ("3 likes", "1.2K shares");
 *   <li>{@code single_word}: a single whitespace-separated token.
 * </ul>
 * In a line of at most {@link Params#shortLineMaxWords()} words, a boilerplate phrase is cut out:
 * {@code boilerplate_start} at the start of the line ("sign in"), {@code boilerplate_end} at its end
 * ("read more..."), {@code boilerplate_anywhere} anywhere ("items in cart"). Phrases match without
 * regard to case, on word boundaries; the separators around a cut phrase go with it, and a line left
 * with no letter or digit goes entirely. Blank lines are kept and count no words.
 *
 * <p>Removed words are the whitespace-separated tokens of the removed lines and cut phrases; when
 * they exceed {@link Params#maxRemovedWordShare()} of the document's tokens the document is removed
 * as {@code too_many_removed_words}. Either way the document carries {@code removed_lines}: a list of
 * {@code {line, text, rule, words}} maps (0-based line index in the incoming text, the line as it
 * was, the rule, the tokens removed), with {@code kept} (the line after the cut) for cuts, so that a
 * notebook can strike them through; and {@code removed_word_share}. A document that is still HTML
 * (no text) is removed as {@code not_extracted}.
 */
public final class LineWiseCorrections implements DocumentStage {

  /**
   * Thresholds and phrase lists.
   *
   * @param maxUppercaseShare   a line whose upper-case letters exceed this share of its letters goes
   * @param counterWords        the nouns of counter lines, lower case ("likes", "shares"...)
   * @param shortLineMaxWords   phrases are cut only from lines with at most this many words
   * @param startPhrases        phrases cut at the start of a short line, lower case
   * @param endPhrases          phrases cut at the end of a short line, lower case
   * @param anywherePhrases     phrases cut anywhere in a short line, lower case
   * @param maxRemovedWordShare the largest share of words the corrections may remove
   */
  public record Params(double maxUppercaseShare, List<String> counterWords, int shortLineMaxWords,
                       List<String> startPhrases, List<String> endPhrases, List<String> anywherePhrases,
                       double maxRemovedWordShare) {

    /**
     * The paper gives the 10-word limit for short lines and the 5% document limit (appendix G.2); it
     * gives only one example per phrase list ("sign-in", "Read more...", "items in cart") and per
     * counter ("3 likes"), so the lists are ours, built around those examples from common web page
     * furniture. "Mainly upper case" is read as more than half of the letters (ours).
     */
    public static final Params PAPER = new Params(0.5,
        List.of("likes", "like", "shares", "share", "comments", "comment", "views", "view", "retweets", "retweet",
            "followers", "follower", "replies", "reply", "votes", "vote", "reactions", "pins", "reviews", "points"),
        10,
        List.of("sign in", "sign-in", "sign up", "sign-up", "log in", "log-in", "login", "skip to content",
            "skip to main content", "advertisement", "share this", "print this page"),
        List.of("read more", "continue reading", "click here", "see more", "show more", "learn more", "view more",
            "load more", "opens in new window", "opens in a new window"),
        List.of("items in cart", "item in cart", "add to cart", "add to basket", "add to wishlist", "add to compare",
            "accept cookies", "cookie settings", "subscribe to our newsletter", "back to top", "leave a comment",
            "leave a reply", "all rights reserved"),
        0.05);

    public Params {
      if (!(maxUppercaseShare >= 0 && maxUppercaseShare <= 1)) {
        throw new IllegalArgumentException("maxUppercaseShare must be in [0, 1], got " + maxUppercaseShare);
      }
      if (shortLineMaxWords < 0) {
        throw new IllegalArgumentException("shortLineMaxWords must be >= 0");
      }
      if (!(maxRemovedWordShare >= 0 && maxRemovedWordShare <= 1)) {
        throw new IllegalArgumentException("maxRemovedWordShare must be in [0, 1], got " + maxRemovedWordShare);
      }
      counterWords = lowerCase(counterWords, "counterWords");
      startPhrases = lowerCase(startPhrases, "startPhrases");
      endPhrases = lowerCase(endPhrases, "endPhrases");
      anywherePhrases = lowerCase(anywherePhrases, "anywherePhrases");
    }

    private static List<String> lowerCase(List<String> phrases, String what) {
      for (String p : phrases) {
        if (p.isBlank() || !p.equals(p.strip()) || !p.equals(p.toLowerCase(java.util.Locale.ROOT))) {
          throw new IllegalArgumentException(what + ": phrases must be lower case, trimmed, non-blank: '" + p + "'");
        }
      }
      return List.copyOf(phrases);
    }
  }

  private final Params params;
  private final Pattern counter;
  private final BoilerplatePhrases phrases;

  public LineWiseCorrections(Params params) {
    this.params = params;
    StringBuilder words = new StringBuilder();
    for (String w : params.counterWords()) {
      words.append(words.length() == 0 ? "" : "|").append(Pattern.quote(w));
    }
    // A number ("3", "1,204", "1.2"), an optional magnitude, one counter noun, optional end punctuation.
    this.phrases = new BoilerplatePhrases(params.startPhrases(), params.endPhrases(), params.anywherePhrases());
    this.counter = Pattern.compile("\\d[\\d.,]*\\s*[kmb]?\\s*(?:" + words + ")\\p{P}*",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** The stage with RefinedWeb's thresholds and our phrase lists. */
  public static LineWiseCorrections paper() {
    return new LineWiseCorrections(Params.PAPER);
  }

  /** The parameters this stage runs with (what a run's manifest records). */
  @Override
  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return "line_corrections";
  }

  @Override
  public Outcome apply(Document doc) {
    String text = doc.text();
    if (text == null) {
      return Outcome.removed(doc, "not_extracted");
    }
    List<Map<String, Object>> removed = new ArrayList<>();
    StringBuilder out = null; // built from the first changed line on
    boolean first = true;
    long docWords = 0, removedWords = 0;
    int len = text.length();
    int start = 0;
    int index = 0;
    while (start <= len) {
      // One pass over the line, to its newline: tokens, letters, upper-case letters, digits.
      int words = 0, letters = 0, upper = 0, digits = 0;
      boolean inWord = false;
      int end = start;
      for (; end < len; end++) {
        char ch = text.charAt(end);
        if (ch == '\n') {
          break;
        }
        boolean space = Chars.isSpace(ch);
        if (!space && !inWord) {
          words++;
        }
        inWord = !space;
        if (ch < 128) {
          if (ch >= 'a' && ch <= 'z') {
            letters++;
          } else if (ch >= 'A' && ch <= 'Z') {
            letters++;
            upper++;
          } else if (ch >= '0' && ch <= '9') {
            digits++;
          }
        } else if (!space) {
          int cp = text.codePointAt(end);
          if (Character.isLetter(cp)) {
            letters++;
            upper += Character.isUpperCase(cp) ? 1 : 0;
          } else if (Character.isDigit(cp)) {
            digits++;
          }
          if (Character.isSupplementaryCodePoint(cp)) {
            end++;
          }
        }
      }
      docWords += words;
      String rule = null;
      String kept = null;
      String line = null;
      if (words > 0) {
        rule = discardRule(text, start, end, words, letters, upper, digits);
        if (rule == null && words <= params.shortLineMaxWords() && phrases.mayHavePhrase(text, start, end)) {
          line = text.substring(start, end);
          BoilerplatePhrases.Cut cut = phrases.cut(line);
          if (cut != null) {
            rule = cut.rule();
            kept = BoilerplatePhrases.hasLetterOrDigit(cut.kept()) ? cut.kept() : "";
          }
        }
      }
      if (rule != null) {
        line = line != null ? line : text.substring(start, end);
        int lost = words - (kept == null ? 0 : countWords(kept, 0, kept.length()));
        removedWords += lost;
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("line", index);
        entry.put("text", line);
        entry.put("rule", rule);
        entry.put("words", lost);
        if (kept != null) {
          entry.put("kept", kept);
        }
        removed.add(entry);
        if (out == null) {
          out = new StringBuilder(len);
          if (start > 0) {
            out.append(text, 0, start - 1);
            first = false;
          }
        }
        if (kept != null && !kept.isEmpty()) {
          if (!first) {
            out.append('\n');
          }
          out.append(kept);
          first = false;
        }
      } else if (out != null) {
        if (!first) {
          out.append('\n');
        }
        out.append(text, start, end);
        first = false;
      }
      if (end == len) {
        break;
      }
      start = end + 1;
      index++;
    }
    if (removed.isEmpty()) {
      return Outcome.kept(doc);
    }
    double share = docWords == 0 ? 0 : (double) removedWords / docWords;
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("removed_lines", List.copyOf(removed));
    meta.put("removed_word_share", share);
    // RefinedWeb section 3.2: "If these corrections remove more than 5% of a document, we remove it entirely."
    if (share > params.maxRemovedWordShare()) {
      return Outcome.removed(doc.withMeta(meta), "too_many_removed_words");
    }
    return Outcome.kept(doc.extracted(out.toString()).withMeta(meta));
  }

  /** The rule that discards the whole line {@code text[start, end)}, or null. RefinedWeb appendix G.2, in its order. */
  private String discardRule(String text, int start, int end, int words, int letters, int upper, int digits) {
    if (letters > 0 && upper > params.maxUppercaseShare() * letters) {
      return "uppercase";
    }
    if (letters == 0 && digits > 0) {
      return "numerical";
    }
    if (digits > 0 && words <= 3) {
      String line = text.substring(start, end);
      if (startsWithDigit(line) && counter.matcher(line.strip()).matches()) {
        return "counter";
      }
    }
    if (words == 1) {
      return "single_word";
    }
    return null;
  }

  private static boolean startsWithDigit(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (!Chars.isSpace(c)) {
        return c >= '0' && c <= '9' || Character.isDigit(c);
      }
    }
    return false;
  }

  /** Whitespace-separated tokens in {@code s[from, to)}. */
  static int countWords(CharSequence s, int from, int to) {
    int n = 0;
    boolean in = false;
    for (int i = from; i < to; i++) {
      boolean space = Chars.isSpace(s.charAt(i));
      if (!space && !in) {
        n++;
      }
      in = !space;
    }
    return n;
  }
}
