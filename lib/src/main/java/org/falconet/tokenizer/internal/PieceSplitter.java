package org.falconet.tokenizer.internal;

import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.tokenizer.PreTokenizer.Behavior;

/**
 * One splitting step: cuts a piece {@code s[start, end)} into smaller pieces, with Hugging Face's
 * {@code NormalizedString::split} semantics (matches, then the behavior, then empty pieces dropped).
 */
public abstract sealed class PieceSplitter {

  /** Appends the non-empty pieces of {@code s[start, end)} to {@code out} as (start, end) pairs. */
  public abstract void split(CharSequence s, int start, int end, IntList out);

  /** Each character for which {@code test} holds is a match of its own. */
  public static PieceSplitter chars(IntPredicate test, Behavior behavior) {
    return new CharClass(test, behavior);
  }

  /** Every match of {@code pattern} (inverted: every gap between matches) is a match. */
  public static PieceSplitter regex(Pattern pattern, Behavior behavior, boolean invert) {
    return new Regex(pattern, behavior, invert);
  }

  final Behavior behavior;

  PieceSplitter(Behavior behavior) {
    this.behavior = behavior;
  }

  static final class CharClass extends PieceSplitter {
    private final IntPredicate test;

    CharClass(IntPredicate test, Behavior behavior) {
      super(behavior);
      this.test = test;
    }

    @Override
    public void split(CharSequence s, int start, int end, IntList out) {
      if (behavior == Behavior.CONTIGUOUS) {     // the hot path (Falcon's punctuation and digits)
        int pieceStart = start;
        boolean pieceMatch = false;
        for (int i = start; i < end; ) {
          int cp = Character.codePointAt(s, i);
          boolean m = test.test(cp);
          if (m != pieceMatch && i > pieceStart) {
            out.add(pieceStart, i);
            pieceStart = i;
          }
          pieceMatch = m;
          i += Character.charCount(cp);
        }
        if (end > pieceStart) {
          out.add(pieceStart, end);
        }
        return;
      }
      IntList events = new IntList();
      int last = start;
      for (int i = start; i < end; ) {
        int cp = Character.codePointAt(s, i);
        int next = i + Character.charCount(cp);
        if (test.test(cp)) {
          if (last < i) {
            events.add(last, i);
            events.add(0);
          }
          events.add(i, next);
          events.add(1);
          last = next;
        }
        i = next;
      }
      if (last < end) {
        events.add(last, end);
        events.add(0);
      }
      apply(events, behavior, out);
    }
  }

  static final class Regex extends PieceSplitter {
    private final Pattern pattern;
    private final boolean invert;

    Regex(Pattern pattern, Behavior behavior, boolean invert) {
      super(behavior);
      this.pattern = pattern;
      this.invert = invert;
    }

    @Override
    public void split(CharSequence s, int start, int end, IntList out) {
      IntList events = new IntList();
      Matcher m = pattern.matcher(s).region(start, end);
      int prev = start;
      int yes = invert ? 0 : 1;
      while (m.find()) {
        if (m.end() == m.start()) {
          continue;                    // an empty match yields an empty piece, which is dropped
        }
        if (prev != m.start()) {
          events.add(prev, m.start());
          events.add(1 - yes);
        }
        events.add(m.start(), m.end());
        events.add(yes);
        prev = m.end();
      }
      if (prev != end) {
        events.add(prev, end);
        events.add(1 - yes);
      }
      apply(events, behavior, out);
    }
  }

  /** Applies {@code behavior} to (start, end, isMatch) triples covering a piece; keeps non-empty pieces. */
  static void apply(IntList ev, Behavior behavior, IntList out) {
    int n = ev.size() / 3;
    IntList acc = new IntList(ev.size());
    switch (behavior) {
      case ISOLATED -> {
        for (int k = 0; k < n; k++) {
          acc.add(ev.get(3 * k), ev.get(3 * k + 1));
        }
      }
      case REMOVED -> {
        for (int k = 0; k < n; k++) {
          if (ev.get(3 * k + 2) == 0) {
            acc.add(ev.get(3 * k), ev.get(3 * k + 1));
          }
        }
      }
      case MERGED_WITH_PREVIOUS -> {
        boolean previousMatch = false;
        for (int k = 0; k < n; k++) {
          boolean match = ev.get(3 * k + 2) == 1;
          if (match && !previousMatch && acc.size() > 0) {
            acc.set(acc.size() - 1, ev.get(3 * k + 1));
          } else {
            acc.add(ev.get(3 * k), ev.get(3 * k + 1));
          }
          previousMatch = match;
        }
      }
      case MERGED_WITH_NEXT -> {
        // Hugging Face folds from the right: a match joins the piece after it.
        IntList rev = new IntList(ev.size());
        boolean previousMatch = false;
        for (int k = n - 1; k >= 0; k--) {
          boolean match = ev.get(3 * k + 2) == 1;
          if (match && !previousMatch && rev.size() > 0) {
            rev.set(rev.size() - 2, ev.get(3 * k));
          } else {
            rev.add(ev.get(3 * k), ev.get(3 * k + 1));
          }
          previousMatch = match;
        }
        for (int k = rev.size() - 2; k >= 0; k -= 2) {
          acc.add(rev.get(k), rev.get(k + 1));
        }
      }
      case CONTIGUOUS -> {
        boolean previousMatch = false;
        for (int k = 0; k < n; k++) {
          boolean match = ev.get(3 * k + 2) == 1;
          if (match == previousMatch && acc.size() > 0) {
            acc.set(acc.size() - 1, ev.get(3 * k + 1));
          } else {
            acc.add(ev.get(3 * k), ev.get(3 * k + 1));
          }
          previousMatch = match;
        }
      }
      default -> throw new IllegalStateException("behavior " + behavior);
    }
    for (int k = 0; k < acc.size(); k += 2) {
      if (acc.get(k + 1) > acc.get(k)) {
        out.add(acc.get(k), acc.get(k + 1));
      }
    }
  }
}
