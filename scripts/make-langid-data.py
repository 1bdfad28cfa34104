#!/usr/bin/python3
"""Builds the training and held-out data of Falconet's embedded language identifier, offline.

Training: translated program messages of 36 languages from /usr/share/locale/*/LC_MESSAGES/*.mo
(msgstr of each translated entry; English = the msgids), format specifiers and markup removed,
entries of 25+ characters, at most 6,000 per language, shuffled.
Held-out (a different genre and source): paragraphs of the Debian Administrator's Handbook in 25
languages (/usr/share/doc/debian-handbook/html/LANG/), paragraphs also found in the English edition
or full of English function words (untranslated passages) removed.

  /usr/bin/python3 scripts/make-langid-data.py OUTDIR
  shuf --random-source=<(yes) OUTDIR/train.txt > OUTDIR/train.shuf
  fasttext supervised -input OUTDIR/train.shuf -output lid -dim 16 -minn 2 -maxn 4 -bucket 200000 -epoch 5 -lr 0.5
  fasttext quantize -input OUTDIR/train.shuf -output lid -qnorm -cutoff 100000 -dsub 2
  fasttext test lid.ftz OUTDIR/heldout.txt
"""
import collections, os, random, re, subprocess, sys
from bs4 import BeautifulSoup

OUT = sys.argv[1] if len(sys.argv) > 1 else "."
LANGS = ["de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "hu", "ro", "ru", "uk", "el",
         "tr", "ja", "zh_CN", "ko", "vi", "id", "ca", "hr", "sl", "bg", "sr", "lt", "et", "eu", "gl", "he", "ar", "fa"]
FMT = re.compile(r"%[-+ #0-9.]*[a-zA-Z]|\{[^}]*\}|\\[ntr]|<[^>]+>|&[a-z]+;|[_&](?=\w)")
CJK = ("ja", "zh_CN", "ko")

def norm(s):
    return re.sub(r"\s+", " ", FMT.sub(" ", s)).strip()

def po_pairs(mo):
    try:
        out = subprocess.run(["msgunfmt", mo], capture_output=True, text=True, timeout=20).stdout
    except Exception:
        return []
    cat = lambda x: "".join(re.findall(r'"(.*)"', x))
    return [(cat(m.group(1)), cat(m.group(2)))
            for m in re.finditer(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', out, re.M)]

def training():
    data, eng = collections.defaultdict(list), {}
    for lang in LANGS:
        d = "/usr/share/locale/%s/LC_MESSAGES" % lang
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".mo"):
                continue
            for mid, mstr in po_pairs(os.path.join(d, f)):
                a, b = norm(mid), norm(mstr)
                if len(b) < 25 or a == b or (len(b.split()) < 3 and lang not in CJK):
                    continue
                data[lang].append(b)
                if len(a) >= 25 and len(a.split()) >= 4:
                    eng[a] = 1
    data["en"] = list(eng)
    rng = random.Random(1)
    with open(os.path.join(OUT, "train.txt"), "w") as tr:
        for lang, items in sorted(data.items()):
            items = list(dict.fromkeys(items))
            rng.shuffle(items)
            for t in items[:6000]:
                tr.write("__label__%s %s\n" % (lang.split("_")[0], t))

HB = "/usr/share/doc/debian-handbook/html/"
SW = set("the and of to is in that for with are this be can which it by as on".split())

def paras(d):
    out = []
    for f in sorted(os.listdir(HB + d)):
        if f.endswith(".html"):
            soup = BeautifulSoup(open(HB + d + "/" + f, encoding="utf-8").read(), "lxml")
            for p in soup.select("div.para"):
                if not p.find(["pre", "div", "table"]):
                    t = re.sub(r"\s+", " ", p.get_text(" ")).strip()
                    if len(t) >= 60:
                        out.append(t)
    return out

def heldout():
    en = set(paras("en-US"))
    rng = random.Random(7)
    with open(os.path.join(OUT, "heldout.txt"), "w") as fo:
        for d in sorted(os.listdir(HB)):
            if d in ("Common_Content", "zh-TW"):
                continue
            lang = d.split("-")[0]
            ps = paras(d)
            if lang != "en":
                ps = [p for p in ps if p not in en]
            ps = list(dict.fromkeys(ps))
            rng.shuffle(ps)
            for p in ps[:100]:
                words = re.findall(r"[a-z]+", p.lower())
                if lang != "en" and sum(w in SW for w in words) / max(1, len(p.split())) > 0.08:
                    continue   # an untranslated (English) passage
                fo.write("__label__%s %s\n" % (lang, p))

training()
heldout()
