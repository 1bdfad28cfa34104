package org.falconet.tokenizer.internal;

import java.util.ArrayList;
import java.util.List;
import org.falconet.tokenizer.PreTokenizer;
import org.falconet.tokenizer.TokenizerFormatException;

/**
 * A {@link PreTokenizer} compiled for speed: the steps before {@code ByteLevel} cut the raw text, the
 * steps after it cut the byte-level (GPT-2 character) text of each raw piece. A raw piece therefore
 * determines its tokens, which is what makes the per-piece cache exact.
 */
public final class PreTokenizerPipeline {
  private final List<PieceSplitter> before;
  private final boolean gpt2Regex;
  private final List<PieceSplitter> after;

  private PreTokenizerPipeline(List<PieceSplitter> before, boolean gpt2Regex, List<PieceSplitter> after) {
    this.before = before;
    this.gpt2Regex = gpt2Regex;
    this.after = after;
  }

  /** Compiles {@code p}; a tokenizer without exactly one {@code ByteLevel} step is refused. */
  public static PreTokenizerPipeline compile(PreTokenizer p, String where) {
    List<PreTokenizer> steps = new ArrayList<>();
    flatten(p, steps);
    List<PieceSplitter> before = new ArrayList<>();
    List<PieceSplitter> after = new ArrayList<>();
    PreTokenizer.ByteLevel byteLevel = null;
    for (PreTokenizer step : steps) {
      if (step instanceof PreTokenizer.ByteLevel bl) {
        if (byteLevel != null) {
          throw new TokenizerFormatException(where + ": more than one ByteLevel step");
        }
        if (bl.addPrefixSpace()) {
          throw new TokenizerFormatException(where + ": ByteLevel add_prefix_space=true is not supported");
        }
        byteLevel = bl;
        continue;
      }
      PieceSplitter splitter;
      if (step instanceof PreTokenizer.Punctuation pu) {
        splitter = PieceSplitter.chars(PreTokenizerPipeline::isPunctuation, pu.behavior());
      } else if (step instanceof PreTokenizer.Digits d) {
        splitter = PieceSplitter.chars(PreTokenizerPipeline::isNumeric,
            d.individual() ? PreTokenizer.Behavior.ISOLATED : PreTokenizer.Behavior.CONTIGUOUS);
      } else if (step instanceof PreTokenizer.Split sp) {
        splitter = PieceSplitter.regex(sp.compiled(), sp.behavior(), sp.invert());
      } else {
        throw new IllegalStateException(step.toString());
      }
      (byteLevel == null ? before : after).add(splitter);
    }
    if (byteLevel == null) {
      throw new TokenizerFormatException(where + ": no ByteLevel step; only byte-level BPE is supported");
    }
    return new PreTokenizerPipeline(List.copyOf(before), byteLevel.useRegex(), List.copyOf(after));
  }

  private static void flatten(PreTokenizer p, List<PreTokenizer> out) {
    if (p instanceof PreTokenizer.Sequence seq) {
      for (PreTokenizer s : seq.steps()) {
        flatten(s, out);
      }
    } else {
      out.add(p);
    }
  }

  /** Hugging Face's {@code is_punc}: ASCII punctuation or a Unicode punctuation category. */
  public static boolean isPunctuation(int cp) {
    if (cp < 0x80) {
      return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') || (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~');
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
          Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }

  /** Rust's {@code char::is_numeric}: a Unicode number category. */
  public static boolean isNumeric(int cp) {
    return switch (Character.getType(cp)) {
      case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
      default -> false;
    };
  }

  /** Whether some step cuts the byte-level text (then {@link #bytePieces} must be called). */
  public boolean splitsBytes() {
    return !after.isEmpty();
  }

  /**
   * Appends the raw pieces of {@code text[from, to)} to {@code out} as (start, end) pairs: the steps
   * before ByteLevel, then GPT-2's regex. {@code scratch} is reused between calls.
   */
  public void rawPieces(CharSequence text, int from, int to, IntList out, IntList scratch) {
    IntList cur = scratch;
    cur.clear();
    cur.add(from, to);
    IntList next = new IntList(Math.max(16, (to - from) / 2));
    for (PieceSplitter step : before) {
      next.clear();
      for (int k = 0; k < cur.size(); k += 2) {
        step.split(text, cur.get(k), cur.get(k + 1), next);
      }
      IntList t = cur;
      cur = next;
      next = t;
    }
    for (int k = 0; k < cur.size(); k += 2) {
      if (gpt2Regex) {
        Gpt2Split.split(text, cur.get(k), cur.get(k + 1), out);
      } else {
        out.add(cur.get(k), cur.get(k + 1));
      }
    }
  }

  /** Appends the pieces of the byte-level string {@code mapped} to {@code out}: the steps after ByteLevel. */
  public void bytePieces(String mapped, IntList out) {
    IntList cur = new IntList();
    cur.add(0, mapped.length());
    IntList next = new IntList();
    for (PieceSplitter step : after) {
      next.clear();
      for (int k = 0; k < cur.size(); k += 2) {
        step.split(mapped, cur.get(k), cur.get(k + 1), next);
      }
      IntList t = cur;
      cur = next;
      next = t;
    }
    for (int k = 0; k < cur.size(); k++) {
      out.add(cur.get(k));
    }
  }
}
