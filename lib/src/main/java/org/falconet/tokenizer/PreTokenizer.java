package org.falconet.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.falconet.tokenizer.internal.IntList;
import org.falconet.tokenizer.internal.PreTokenizerPipeline;

/**
 * How text is cut into pieces before byte-pair merging, as in the {@code pre_tokenizer} section of
 * Hugging Face's {@code tokenizer.json}: merges never cross a piece boundary.
 *
 * <p>The kinds Falcon and GPT-2 style tokenizers use are modelled; any other kind in a file is an
 * error, never silently skipped. Steps after {@link ByteLevel} see the byte-level text (GPT-2's
 * printable characters), as in Hugging Face.
 */
public sealed interface PreTokenizer {

  /** What a split does with the matched part: Hugging Face's {@code SplitDelimiterBehavior}. */
  enum Behavior {
    REMOVED("Removed"), ISOLATED("Isolated"), MERGED_WITH_PREVIOUS("MergedWithPrevious"),
    MERGED_WITH_NEXT("MergedWithNext"), CONTIGUOUS("Contiguous");

    /** The name in {@code tokenizer.json}. */
    public final String json;

    Behavior(String json) {
      this.json = json;
    }

    /** The behavior named {@code json}, or null if there is none. */
    public static Behavior of(String json) {
      for (Behavior b : values()) {
        if (b.json.equals(json)) {
          return b;
        }
      }
      return null;
    }
  }

  /**
   * The pieces {@code text} is cut into, as text, in order: what byte-pair merging sees, one piece at a
   * time. Their concatenation is {@code text}, unless a step after ByteLevel cuts inside a multi-byte
   * character (Hugging Face does the same), whose parts then read as U+FFFD. Special tokens are not cut out
   * here ({@link Tokenizer} does that first).
   */
  default List<String> split(String text) {
    PreTokenizerPipeline pipeline = PreTokenizerPipeline.compile(this, "pre_tokenizer");
    IntList raw = new IntList();
    pipeline.rawPieces(text, 0, text.length(), raw, new IntList());
    List<String> out = new ArrayList<>();
    for (int k = 0; k < raw.size(); k += 2) {
      String piece = text.substring(raw.get(k), raw.get(k + 1));
      if (!pipeline.splitsBytes()) {
        out.add(piece);
        continue;
      }
      byte[] utf8 = piece.getBytes(StandardCharsets.UTF_8);
      String mapped = ByteUnicode.encode(utf8, 0, utf8.length);
      IntList sub = new IntList();
      pipeline.bytePieces(mapped, sub);
      for (int j = 0; j < sub.size(); j += 2) {
        out.add(new String(ByteUnicode.decode(mapped.substring(sub.get(j), sub.get(j + 1))),
            StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Splits on punctuation characters (ASCII punctuation or a Unicode P* category). */
  record Punctuation(Behavior behavior) implements PreTokenizer {}

  /**
   * Splits with GPT-2's regex (if {@code useRegex}) and turns each piece into its UTF-8 bytes as
   * GPT-2 characters. {@code addPrefixSpace} is not supported (Falcon and GPT-2 have it false).
   */
  record ByteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) implements PreTokenizer {}

  /** Splits off runs of numeric characters (Unicode N* categories), or every one if {@code individual}. */
  record Digits(boolean individual) implements PreTokenizer {}

  /** Splits on a regex (or a literal string when {@code regex} is false). */
  record Split(String pattern, boolean regex, Behavior behavior, boolean invert) implements PreTokenizer {
    public Split {
      if (regex) {
        try {
          Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
          throw new TokenizerFormatException("Split pattern /" + pattern + "/: " + e.getDescription());
        }
      }
    }

    /** The compiled pattern. */
    public Pattern compiled() {
      return regex ? Pattern.compile(pattern) : Pattern.compile(Pattern.quote(pattern));
    }
  }

  /** The steps applied one after another, each to every piece of the previous one. */
  record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
    public Sequence {
      steps = List.copyOf(steps);
    }
  }

  /**
   * Falcon's pre-tokenizer (tiiuae/falcon-7b {@code tokenizer.json}): runs of punctuation, then GPT-2's
   * split into bytes, then runs of digits, then groups of three digits.
   */
  PreTokenizer FALCON = new Sequence(List.of(
      new Punctuation(Behavior.CONTIGUOUS),
      new ByteLevel(false, true, true),
      new Digits(false),
      new Split("[0-9][0-9][0-9]", true, Behavior.ISOLATED, false)));

  /** GPT-2's pre-tokenizer: its regex split, then bytes. */
  PreTokenizer GPT2 = new ByteLevel(false, true, true);
}
