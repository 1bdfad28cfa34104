#!/usr/bin/python3
"""Independent golden values for GopherRepetitionFilter and GopherQualityFilter.

A plain reading of Gopher's definitions (Rae et al. 2021, arXiv 2112.11446, appendix A), written
without looking at the Java code's structure: lists, tuples and collections.Counter, no hashing tricks.
The definitions (ours where Gopher is silent) are those of docs/pipeline-quality.md:
  line       = text.split('\\n') stripped of whitespace (str.isspace); blank lines are no lines
  paragraph  = maximal run of non-blank lines, joined by '\\n'
  duplicate  = equal to an earlier line / paragraph
  characters = code points; line/paragraph char fractions over the characters of all lines
  word       = str.split() token (repetition); quality words also lose leading/trailing
               punctuation (Unicode P*) and vanish when nothing is left
  top n-gram = highest count, then most characters; count * chars, 0 if seen once; over word chars
  dup n-gram = words covered by an occurrence of an n-gram that started earlier, each word once

Run:  /usr/bin/python3 compute_golden.py   (writes golden.json beside this file)
"""
import json
import os
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
STOP_WORDS = {"the", "be", "to", "of", "and", "that", "have", "with"}
BULLETS = "•‣◦⁃∙●○▪▫■□·-*"


def lines_of(text):
    return [line.strip() for line in text.split("\n")]


def paragraphs_of(text):
    paras, current = [], []
    for line in lines_of(text):
        if line:
            current.append(line)
        elif current:
            paras.append("\n".join(current))
            current = []
    if current:
        paras.append("\n".join(current))
    return paras


def duplicates(items):
    seen, count, chars = set(), 0, 0
    for item in items:
        if item in seen:
            count += 1
            chars += len(item) - item.count("\n")
        else:
            seen.add(item)
    return count, chars


def fraction(part, whole):
    return part / whole if whole else 0.0


def repetition(text):
    lines = [line for line in lines_of(text) if line]
    paras = paragraphs_of(text)
    line_chars = sum(len(line) for line in lines)
    dup_lines, dup_line_chars = duplicates(lines)
    dup_paras, dup_para_chars = duplicates(paras)
    words = text.split()
    total = sum(len(w) for w in words)
    top, dup = {}, {}
    for n in (2, 3, 4):
        grams = Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))
        best = max(((c, sum(len(w) for w in g)) for g, c in grams.items()), default=(0, 0))
        top[str(n)] = fraction(best[0] * best[1], total) if best[0] >= 2 else 0.0
    for n in range(5, 11):
        seen, covered = set(), [False] * len(words)
        for i in range(len(words) - n + 1):
            gram = tuple(words[i:i + n])
            if gram in seen:
                for j in range(i, i + n):
                    covered[j] = True
            else:
                seen.add(gram)
        dup[str(n)] = fraction(sum(len(w) for w, c in zip(words, covered) if c), total)
    return {
        "dup_line_frac": fraction(dup_lines, len(lines)),
        "dup_para_frac": fraction(dup_paras, len(paras)),
        "dup_line_char_frac": fraction(dup_line_chars, line_chars),
        "dup_para_char_frac": fraction(dup_para_chars, line_chars),
        "top_n_gram_char_frac": top,
        "dup_n_gram_char_frac": dup,
    }


def is_punct(ch):
    return unicodedata.category(ch).startswith("P")


def quality_words(text):
    out = []
    for token in text.split():
        a, b = 0, len(token)
        while a < b and is_punct(token[a]):
            a += 1
        while b > a and is_punct(token[b - 1]):
            b -= 1
        if a < b:
            out.append(token[a:b])
    return out


def quality(text):
    words = quality_words(text)
    n = len(words)
    lines = [line for line in lines_of(text) if line]
    return {
        "words": n,
        "mean_word_length": fraction(sum(len(w) for w in words), n),
        "hash_ratio": fraction(text.count("#"), n),
        "ellipsis_ratio": fraction(text.count("...") + text.count("…"), n),
        "bullet_line_frac": fraction(sum(1 for line in lines if line[0] in BULLETS), len(lines)),
        "ellipsis_line_frac": fraction(sum(1 for line in lines if line.endswith("...") or line.endswith("…")),
                                       len(lines)),
        "alpha_word_frac": fraction(sum(1 for w in words if any(ch.isalpha() for ch in w)), n),
        "stop_words": sum(1 for w in words if w.lower() in STOP_WORDS),
    }


def main():
    golden = {}
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".txt"):
            with open(os.path.join(HERE, name), encoding="utf-8", newline="") as f:
                text = f.read()
            golden[name] = {"repetition": repetition(text), "quality": quality(text)}
    with open(os.path.join(HERE, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
