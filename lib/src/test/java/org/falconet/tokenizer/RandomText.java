package org.falconet.tokenizer;

import java.util.List;
import java.util.Random;

/**
 * Seeded random strings that probe a tokenizer's edges: scripts, emoji sequences, whitespace runs of
 * every Unicode kind, digits of every kind, code, punctuation runs, contractions, special tokens
 * (whole and broken), control characters and random code points.
 */
final class RandomText {
  private final Random rnd;

  RandomText(long seed) {
    rnd = new Random(seed);
  }

  private static final List<String> WORDS = List.of(
      "the", "The", "Hello", "world", "tokenizer", "Falcon", "RefinedWeb", "naïve", "Führer", "œuvre",
      "нещо", "Български", "Москва", "λόγος", "Ελλάδα", "שלום", "مرحبا", "العربية", "हिन्दी", "नमस्ते",
      "中文", "我想在apple工作", "日本語", "カタカナ", "ひらがな", "한국어", "ไทย", "កាន់តែពិសេស", "Cửa", "Việt",
      "straße", "ǅemal", "ﬁnance", "İstanbul", "ǈ", "ꙮ", "𝒳𝓎𝓏", "𐌰𐌱", "ℌ𝔢𝔩𝔩𝔬", "x²y", "H₂O");
  private static final List<String> EMOJI = List.of(
      "🦙", "🚀", "😶‍🌫️", "✅", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "❤️", "😁", "🤖", "⭐", "©", "™", "☃", "🀄");
  private static final List<String> SPACES = List.of(
      " ", "  ", "   ", "    ", "\t", "\n", "\n\n", "\r\n", " \n ", "\t\t", "\u00A0", "\u3000", "\u2028",
      "\u2029", "\u0085", "\u1680", "\u2007", "\u202F", "\u205F", "\u180E", "\u200B", "\uFEFF", "\u000B",
      "\u000C", "\u001C", "\u001F", " \u00A0 ", "\n \n", "\u2003\u2003");
  private static final List<String> DIGITS = List.of(
      "3", "33", "333", "3333", "33333", "1314151", "2024", "0", "007", "3.14159", "1,000,000", "1e-9",
      "٣٤٥", "१२३", "½", "¼¾", "²³", "¹", "Ⅻ", "①②", "𝟙𝟚", "12½3456", "٠١٢");
  private static final List<String> CODE = List.of(
      "for (int i = 0; i < n; i++) {", "}", "x += y;", "def f(x):\n    return x**2", "<div class=\"a\">",
      "</div>", "a->b", "a::b", "#include <stdio.h>", "$HOME/.bashrc", "`code`", "~/x|y^z",
      "if (a != b && c >= d) return;", "/* comment */", "// todo", "@Override", "{\"k\": [1, 2]}",
      "https://example.com/a?b=c&d=e#f", "user@example.org", "C:\\Windows\\", "¯\\_(ツ)_/¯");
  private static final List<String> PUNCT = List.of(
      ".", ",", "!", "?", "!!!!!!", "...", "…", "—", "–", "-", "--", "'", "\"", "«", "»", "“", "”", "‘",
      "’", "(", ")", "[", "]", "¿", "¡", "。", "、", "；", "：", "〜", "～", "·", "§", "¶", "※", "‽",
      "+", "=", "<", ">", "^", "~", "|", "`", "$", "%", "&", "*", "#", "@", "_", "\\", "/", "€", "£", "¥");
  private static final List<String> CONTRACTIONS = List.of(
      "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'RE", "don't", "y'all", "it's", "'", "''");
  private static final List<String> SPECIAL = List.of(
      "<|endoftext|>", ">>TITLE<<", ">>ABSTRACT<<", ">>INTRODUCTION<<", ">>SUMMARY<<", ">>COMMENT<<",
      ">>ANSWER<<", ">>QUESTION<<", ">>DOMAIN<<", ">>PREFIX<<", ">>SUFFIX<<", ">>MIDDLE<<",
      ">>TITLE<", "<|endoftext", "|endoftext|>", ">>>TITLE<<<", "<|endoftext|><|endoftext|>", ">>", "<<");

  /** One random string of about {@code parts} fragments. */
  String next(int parts) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + rnd.nextInt(parts);
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(20);
      switch (kind) {
        case 0, 1, 2, 3, 4, 5 -> sb.append(pick(WORDS));
        case 6, 7, 8 -> sb.append(pick(SPACES));
        case 9 -> sb.append(pick(EMOJI));
        case 10 -> sb.append(pick(DIGITS));
        case 11 -> sb.append(pick(CODE));
        case 12, 13 -> sb.append(pick(PUNCT));
        case 14 -> sb.append(pick(CONTRACTIONS));
        case 15 -> sb.append(pick(SPECIAL));
        case 16 -> sb.appendCodePoint(randomCodePoint());
        case 17 -> sb.append((char) rnd.nextInt(0x20));          // control characters
        case 18 -> sb.append(rnd.nextBoolean() ? "a" : "A").append("b".repeat(rnd.nextInt(40)));
        default -> sb.append(' ').append(pick(WORDS));
      }
    }
    return sb.toString();
  }

  /** A random assigned, non-surrogate, non-private-use code point, weighted towards the BMP. */
  int randomCodePoint() {
    while (true) {
      int cp = rnd.nextInt(4) == 0 ? rnd.nextInt(0x30000) : rnd.nextInt(0x10000);
      int type = Character.getType(cp);
      if (type != Character.UNASSIGNED && type != Character.SURROGATE && type != Character.PRIVATE_USE) {
        return cp;
      }
    }
  }

  private String pick(List<String> list) {
    return list.get(rnd.nextInt(list.size()));
  }
}
