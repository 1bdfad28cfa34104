#!/usr/bin/env python3
"""Builds datasets-sample/crawl/: a mini Common Crawl (WARC.gz) with planted defects and a manifest.

Body text is real open-licensed documentation installed from Debian packages (see
datasets-sample/README.md for each source and its licence); the page templates, SEO spam, comments
and planted URLs are synthetic. The output is deterministic for a given --seed and the same
installed package versions (gzip members are written with mtime 0, ids come from the seeded RNG).

    apt-get install debian-handbook debian-reference-en debian-reference-ja debian-reference-zh-cn \
        maint-guide python3.11-doc
    python3 datasets-sample/make_sample_crawl.py            # writes datasets-sample/crawl/

Only the Python standard library is used.
"""
import argparse
import base64
import datetime
import glob
import gzip
import hashlib
import html
import html.parser
import os
import random
import re
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
URL_LISTS = os.path.join(REPO, "lib/src/main/resources/org/falconet/filter/url")
HB = "/usr/share/doc/debian-handbook/html"
REF = "/usr/share/debian-reference"
PYDOC = "/usr/share/doc/python3.11/html"

# ---------------------------------------------------------------------------------------------
# Text sources
# ---------------------------------------------------------------------------------------------


class Paragraphs(html.parser.HTMLParser):
    """Collects the text of <p> and DocBook <div class="para"> blocks, skipping code listings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.buf, self.out, self.skip, self.title, self.in_title = [], [], [], 0, "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self.in_title = True
        if tag == "p" or (tag == "div" and attrs.get("class") == "para"):
            if not self.stack:
                self.buf = []
            self.stack.append(tag)
        elif self.stack and tag == "div":
            self.stack.append("div")
        elif tag in ("pre", "script", "style", "table"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in ("pre", "script", "style", "table") and self.skip:
            self.skip -= 1
        elif self.stack and tag == self.stack[-1]:
            self.stack.pop()
            if not self.stack:
                text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
                if text:
                    self.out.append(text)

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.stack and not self.skip:
            self.buf.append(data)


def parse(path):
    p = Paragraphs()
    with open(path, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    title = re.sub(r"\s+", " ", p.title).strip()
    return title, p.out


BAD_EN = re.compile(r"#|\.\.\.|…|@|https?:|www\.|\\|[{}<>=|]|\b[A-Z]{5,}\b")


def good_english(p):
    words = p.split()
    if not 18 <= len(words) <= 180 or BAD_EN.search(p):
        return False
    alpha = sum(1 for w in words if re.search(r"[A-Za-z]", w))
    return alpha / len(words) >= 0.95 and p[0].isupper() and p[-1] in '.!?)"'


def _dup_ngram_share(words, n):
    first, dup = {}, [False] * len(words)
    for i in range(len(words) - n + 1):
        g = tuple(words[i:i + n])
        j = first.setdefault(g, i)
        if j != i:
            for k in list(range(i, i + n)) + list(range(j, j + n)):
                dup[k] = True
    total = sum(len(w) for w in words) or 1
    return sum(len(w) for w, d in zip(words, dup) if d) / total


def passes_gopher_screen(a):
    """An approximate Gopher quality + repetition check (Rae et al. 2021, table A1) on an article's
    text, so that pages planted as clean are not removed by those stages for their own text."""
    text = "\n".join([a["title"]] + a["paras"])
    words = text.split()
    if not 50 <= len(words) <= 100000 or not 3 <= sum(map(len, words)) / len(words) <= 10:
        return False
    if len({w.lower().strip('.,;:!?"()') for w in words} & STOP) < 2:
        return False
    if sum(1 for w in words if re.search("[A-Za-z]", w)) / len(words) < 0.8:
        return False
    total = sum(len(w) for w in words)
    for n, limit in ((2, 0.20), (3, 0.18), (4, 0.16)):
        grams = {}
        for i in range(len(words) - n + 1):
            g = tuple(words[i:i + n])
            grams[g] = grams.get(g, 0) + 1
        g, c = max(grams.items(), key=lambda kv: kv[1])
        if c > 1 and sum(map(len, g)) * c / total > limit:
            return False
    # A margin below Gopher's 0.15 ... 0.10, as extraction may cut the text a little differently.
    return all(_dup_ngram_share(words, n) <= limit - 0.03
               for n, limit in zip(range(5, 11), (0.15, 0.14, 0.13, 0.12, 0.11, 0.10)))


def shingles(text):
    w = re.sub(r"[^\w\s]", "", text.lower()).split()
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}


def english_sources():
    """(source name, licence, [files]) for the English body text, in a fixed order."""
    py = []
    for sub in ("tutorial", "howto", "faq", "reference", "using", "extending", "installing"):
        py += sorted(glob.glob(os.path.join(PYDOC, sub, "*.html")))
    return [
        ("debian-handbook", "GPL-2.0+ or CC-BY-SA-3.0", sorted(glob.glob(HB + "/en-US/*.html"))),
        ("debian-reference", "GPL-2.0+", sorted(glob.glob(REF + "/*.en.html"))),
        ("maint-guide", "GPL-2.0+ and MIT", sorted(glob.glob("/usr/share/doc/maint-guide/html/*.en.html"))),
        ("python-3.11-docs", "PSF-2.0", py),
    ]


def articles_from(rng, source, files, accept, min_words=100):
    """Consecutive accepted paragraphs of each file grouped into articles of 3-6 paragraphs."""
    out, seen = [], set()
    for f in files:
        title, paras = parse(f)
        title = re.sub(r"\s*[-–—|:]\s*(Debian|Python|The Debian).*$", "", title).strip() or "Notes"
        good = [p for p in paras if accept(p) and p not in seen]
        seen.update(good)
        i, part = 0, 1
        while i < len(good):
            k = rng.randint(2, 5)
            chunk = good[i:i + k]
            i += k
            if sum(len(p.split()) for p in chunk) < min_words:
                continue
            t = title if part == 1 else "%s (part %d)" % (title, part)
            part += 1
            out.append({"title": t, "paras": chunk, "source": source, "file": f})
    return out


def foreign_articles(rng):
    """Articles per language: Debian Handbook translations (paragraphs that differ from English)."""
    en = set()
    for f in glob.glob(HB + "/en-US/*.html"):
        en.update(parse(f)[1])
    langs = {"de": "de-DE", "fr": "fr-FR", "es": "es-ES", "it": "it-IT", "pt": "pt-BR", "ru": "ru-RU",
             "nl": "nl-NL", "pl": "pl-PL"}
    out = {}
    for lang, d in langs.items():
        files = sorted(glob.glob("%s/%s/*.html" % (HB, d)))
        ok = lambda p: p not in en and len(p.split()) >= 20 and "#" not in p
        out[lang] = articles_from(rng, "debian-handbook/" + d, files, ok, min_words=100)
    # Debian Reference for the CJK languages (the handbook's ja/zh are mostly untranslated here).
    for lang, suffix in (("ja", "ja"), ("zh", "zh-cn")):
        files = sorted(glob.glob("%s/*.%s.html" % (REF, suffix)))
        ok = lambda p: len(p) >= 60 and not re.search(r"[A-Za-z]{3,}.*[A-Za-z]{3,}.*[A-Za-z]{3,}", p[:40])
        out[lang] = articles_from(rng, "debian-reference/" + suffix, files, ok, min_words=0)
    return out


# ---------------------------------------------------------------------------------------------
# Sites and page templates (synthetic)
# ---------------------------------------------------------------------------------------------

WORDS_A = ["penguin", "terminal", "kernel", "shell", "daily", "packet", "mirror", "forge", "byte",
           "garden", "harbor", "lantern", "quiet", "northern", "copper", "maple", "river", "open",
           "tidy", "patient", "simple", "friendly", "rusty", "sunny", "clever", "humble"]
WORDS_B = ["notes", "admin", "lab", "workshop", "journal", "digest", "review", "corner", "log",
           "desk", "bench", "works", "press", "times", "guide", "tribune", "weekly", "academy"]
TLDS = [".com", ".com", ".com", ".org", ".net", ".io", ".co.uk", ".com.au", ".info", ".ca"]
STYLES = ["blog", "news", "docs", "forum", "magazine"]
NAMES = ["Alice", "Bruno", "Chen", "Dana", "Emeka", "Fatima", "Greta", "Hiro", "Ines", "Jonas",
         "Kavya", "Liam", "Mona", "Nikos", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tomas",
         "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoe"]
# Short reader comments written for this sample (synthetic).
COMMENTS = [
    "Thanks, this saved me an afternoon.", "Great write-up, bookmarked!",
    "Does this still work on the latest release?", "I had to reboot twice but then it worked.",
    "Could you do a follow-up on backups?", "Clear and to the point. Thank you.",
    "Worked for me on a Raspberry Pi too.", "What about systems without systemd?",
    "First!", "This is exactly what I was looking for.", "Nice article, shared with my team.",
    "I disagree with the second part, but good overview.", "Any chance of a video version?",
    "Typo in the third paragraph, otherwise great.", "Following this thread.",
]
SHARE = ["Share", "Tweet", "Pin", "Email", "Print"]


def make_sites(rng, n):
    sites, seen = [], set()
    while len(sites) < n:
        name = rng.choice(WORDS_A) + rng.choice(["-", ""]) + rng.choice(WORDS_B)
        host = rng.choice(["www.", "www.", "", "blog."]) + name + rng.choice(TLDS)
        if name in seen:
            continue
        seen.add(name)
        sites.append(make_site(rng, host))
    # A few hosts under private public suffixes, as blogs often are.
    for name in ("sysadmin-scribbles", "tinyserver"):
        sites.append(make_site(rng, name + ".blogspot.com"))
    sites.append(make_site(rng, "quietpenguin.github.io"))
    return sites


def make_site(rng, host):
    label = host.split(".")[1] if host.startswith(("www.", "blog.")) else host.split(".")[0]
    return {"host": host, "name": label.replace("-", " ").title(), "style": rng.choice(STYLES),
            "comments": rng.random() < 0.6, "share": rng.random() < 0.7, "cookie": rng.random() < 0.8,
            "nav": rng.sample(["Home", "About", "Archive", "Tutorials", "News", "Reviews", "Contact",
                               "Forum", "Newsletter", "Shop", "Tags", "Search"], 6)}


def slug(title, maxw=8):
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return "-".join(s.split("-")[:maxw]) or "page"


def url_for(rng, site, title):
    n = rng.randint(1000, 99999)
    pattern = {"blog": "/{y}/{m:02d}/{s}/", "news": "/news/{s}-{n}", "docs": "/docs/{s}.html",
               "forum": "/t/{s}/{n}", "magazine": "/articles/{n}/{s}"}[site["style"]]
    return "https://" + site["host"] + pattern.format(y=2023, m=rng.randint(1, 5), s=slug(title), n=n)


def fmt_count(rng):
    v = rng.choice([rng.randint(2, 999), rng.randint(1000, 90000)])
    return "%.1fK" % (v / 1000) if v >= 1000 else str(v)


def render(rng, site, title, body_html, lang="en", charset_meta=None, date=None):
    """A whole page: header, nav, cookie banner, article, share bar, sidebar, comments, footer."""
    e = html.escape
    h = ["<!DOCTYPE html>", '<html lang="%s">' % lang, "<head>"]
    if charset_meta == "meta-charset":
        h.append('<meta charset="%s">' % site["_charset"])
    elif charset_meta == "http-equiv":
        h.append('<meta http-equiv="Content-Type" content="text/html; charset=%s">' % site["_charset"])
    h.append("<title>%s | %s</title>" % (e(title), e(site["name"])))
    h.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    h.append('<link rel="stylesheet" href="/static/css/main.%x.css">' % rng.getrandbits(32))
    h.append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}</script>")
    h.append("</head>")
    h.append('<body class="%s">' % site["style"])
    if site["cookie"]:
        h.append('<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your '
                 'experience and to analyse traffic. By continuing to browse you accept our '
                 '<a href="/cookies">cookie policy</a>.</p><button>Accept all</button> '
                 '<button>Manage preferences</button></div>')
    h.append('<header class="site-header"><a class="logo" href="/">%s</a><nav class="main-nav"><ul>' % e(site["name"]))
    h += ['<li><a href="/%s">%s</a></li>' % (n.lower(), n) for n in site["nav"]]
    h.append('</ul></nav><form class="search" action="/search"><input name="q" placeholder="Search"></form></header>')
    h.append('<div class="breadcrumbs"><a href="/">Home</a> &raquo; <a href="/%s">%s</a></div>'
             % (site["style"], site["style"].title()))
    h.append('<main><article class="post">')
    h.append("<h1>%s</h1>" % e(title))
    author = rng.choice(NAMES)
    h.append('<p class="byline">By <a rel="author" href="/author/%s">%s</a> &middot; <time datetime="%s">%s</time>'
             ' &middot; %d min read</p>' % (author.lower(), author, date.strftime("%Y-%m-%d"),
                                           date.strftime("%B %d, %Y"), rng.randint(2, 12)))
    h.append(body_html)
    h.append("</article>")
    if site["share"]:
        h.append('<div class="share-bar"><span class="count">%s shares</span> %s</div>'
                 % (fmt_count(rng), " ".join('<a class="share-%s" href="#">%s</a>' % (s.lower(), s) for s in SHARE)))
    h.append('<aside class="sidebar"><h3>Newsletter</h3><p>Get the best posts in your inbox every week.</p>'
             '<form><input type="email" placeholder="Your email"><button>Subscribe</button></form>'
             '<h3>Popular</h3><ul>')
    h += ['<li><a href="/p/%d">%s</a></li>' % (rng.randint(1, 9999), e(t)) for t in site.get("_related", [])]
    h.append("</ul></aside>")
    if site["comments"]:
        k = rng.randint(0, 5)
        h.append('<section class="comments"><h3>%d Comments</h3>' % k)
        for _ in range(k):
            h.append('<div class="comment"><span class="author">%s</span> <time>%d days ago</time><p>%s</p>'
                     '<a class="reply" href="#">Reply</a> <span class="likes">%d likes</span></div>'
                     % (rng.choice(NAMES), rng.randint(1, 300), e(rng.choice(COMMENTS)), rng.randint(0, 40)))
        h.append("</section>")
    h.append("</main>")
    h.append('<footer class="site-footer"><p>&copy; 2023 %s. All rights reserved.</p><ul>'
             '<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li>'
             '<li><a href="/contact">Contact</a></li><li><a href="/sitemap.xml">Sitemap</a></li></ul></footer>'
             % e(site["name"]))
    h.append("</body></html>")
    return "\n".join(h)


def paras_html(paras):
    return "\n".join("<p>%s</p>" % html.escape(p) for p in paras)


# ---------------------------------------------------------------------------------------------
# Planted defects
# ---------------------------------------------------------------------------------------------

STOP = {"the", "be", "to", "of", "and", "that", "have", "with"}
BOILER_LINES = ["Read more", "1.2K shares", "42 likes", "Sign in to comment", "Share this article",
                "ADVERTISEMENT", "2023", "Items in cart: 0", "Click here to subscribe", "Next page",
                "Load more comments", "Posted in Tutorials", "87 views", "Reply"]
SEO_KW = ["vpn", "web hosting", "car insurance", "running shoes", "gaming laptops", "phone cases",
          "smart watches", "air fryers"]
PII_SENTENCES = ["If you spot an error in this guide, write to {email}.",
                 "Our public mirror at {ip} is updated every hour.",
                 "Questions about this setup can go to {email}; the test server answers at {ip}.",
                 "The office router at 192.168.1.1 stays private, but you can reach our build box at {ip} or mail {email}.",
                 "Since release 2.4.1.3 of the tool, the IPv6 mirror at {ip6} answers too; report problems to {email}.",
                 "Our resolver listens on {ip6} and on {ip}, and the admin team reads {email} daily."]


def licence_passages():
    """Long passages from licence texts on this machine, used as boilerplate repeated across pages."""
    out = []
    for path, start in (("/usr/share/common-licenses/Apache-2.0", "2. Grant of Copyright License"),
                        ("/usr/share/common-licenses/GPL-3", "The licenses for most software"),
                        ("/usr/share/common-licenses/CC0-1.0", "Certain owners wish")):
        with open(path, encoding="utf-8") as f:
            blocks = [re.sub(r"\s+", " ", b).strip() for b in f.read().split("\n\n")]
        out.append(next(b for b in blocks if b.startswith(start)))
    return out


def split_sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def random_public_ip(rng):
    while True:
        a = rng.randint(1, 223)
        if a in (10, 127, 100, 169, 172, 192, 198, 203, 0):
            continue
        return "%d.%d.%d.%d" % (a, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))


def edit_words(rng, paras, per_words=120, min_jaccard=0.85):
    """Near-duplicate: one word replaced or dropped per `per_words` words (at least one), redrawn
    until the word 5-gram Jaccard similarity to the original is in [min_jaccard, 1)."""
    original = shingles("\n".join(paras))
    n = sum(len(p.split()) for p in paras)
    while True:
        words = [p.split() for p in paras]
        for _ in range(max(1, round(n / per_words))):
            pi = rng.randrange(len(words))
            wi = rng.randrange(len(words[pi]))
            if rng.random() < 0.5:
                words[pi][wi] = rng.choice(["really", "also", "simply", "usually", "often", "now"])
            else:
                words[pi][wi] = ""
        out = [" ".join(x for x in w if x) for w in words]
        s = shingles("\n".join(out))
        j = len(s & original) / len(s | original)
        if min_jaccard <= j < 1:
            return out


def gopher_quality_body(rng, kind, a, long_words=None):
    words = " ".join(a["paras"]).split()
    if kind == "gq_too_few_words":
        return paras_html([" ".join(words[:18]).rstrip(",;:") + "."])
    if kind == "gq_too_many_words":
        return paras_html(long_words)
    if kind == "gq_mean_word_length_high":
        glued = ["".join(words[i:i + 3]) for i in range(0, len(words), 3)]
        return paras_html([" ".join(glued[j:j + 10]) for j in range(0, len(glued), 10)])
    if kind == "gq_mean_word_length_low":
        start = rng.randrange(len(long_words) - 40)
        source = " ".join(words + " ".join(long_words[start:start + 40]).split()).split()
        short = [w for w in (re.sub(r"[^\w]", "", x) for x in source) if 0 < len(w) <= 2][:300]
        return paras_html([" ".join(short[i:i + 25]) + "." for i in range(0, len(short), 25)])
    if kind == "gq_hash_ratio":
        tags = sorted({"#" + re.sub(r"\W", "", w).lower() for w in words if len(w) > 3})
        n = int(len(words) * 0.15) + 3
        return paras_html(a["paras"]) + "\n<p>%s</p>" % html.escape(" ".join(rng.sample(tags, min(n, len(tags)))))
    if kind == "gq_ellipsis_ratio":
        return paras_html(["... ".join(" ".join(words[i:i + 5]) for i in range(j, min(j + 40, len(words)), 5)) + "..."
                           for j in range(0, len(words), 40)])
    if kind == "gq_lines_end_ellipsis":
        return paras_html([" ".join(words[i:i + 18]).rstrip(".,;:") + " …" for i in range(0, len(words), 18)])
    if kind == "gq_bullet_lines":
        return paras_html(["• " + " ".join(words[i:i + 10]) for i in range(0, len(words), 10)])
    if kind == "gq_no_stop_words":
        kept = [w for w in words if re.sub(r"\W", "", w).lower() not in STOP]
        return paras_html([" ".join(kept[i:i + 30]) for i in range(0, len(kept), 30)])
    if kind == "gq_non_alphabetic":
        rows = ["%s %d.%d %d.%d %d,%03d %d.%d%% %+d" % ("2023-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
                rng.randint(0, 99), rng.randint(0, 9), rng.randint(0, 99), rng.randint(0, 9), rng.randint(1, 9),
                rng.randint(0, 999), rng.randint(0, 99), rng.randint(0, 9), rng.randint(-50, 50)) for _ in range(30)]
        return paras_html(["Daily measurements for the mirror network, last updated this morning."] + rows)
    raise ValueError(kind)


def repetition_body(rng, kind, a):
    sents = split_sentences(" ".join(a["paras"]))
    if kind == "rep_duplicate_lines":
        lines = sents[:12]
        for _ in range(10):
            lines.insert(rng.randint(0, len(lines)), sents[0])
        return paras_html(lines)
    if kind == "rep_duplicate_paragraphs":
        return paras_html(a["paras"] * 3)
    if kind == "rep_top_ngram":
        w = " ".join(a["paras"]).split()
        out = []
        for i in range(0, len(w), 4):
            out += w[i:i + 4] + ["cheap hosting"]
        return paras_html([" ".join(out)])
    if kind == "rep_duplicate_ngrams":
        return paras_html([" ".join(sents[:3] * 5)])
    raise ValueError(kind)


def seo_spam_body(rng, kw):
    lines = []
    for _ in range(6):
        lines += ["Looking for cheap %s? Our %s deals are the best %s deals online." % (kw, kw, kw),
                  "Buy %s now and save on %s. Best %s, cheap %s, discount %s." % (kw, kw, kw, kw, kw),
                  "Top 10 %s 2023: compare %s prices and get free shipping on %s." % (kw, kw, kw)]
    rng.shuffle(lines)
    return paras_html(lines)


# ---------------------------------------------------------------------------------------------
# The crawl plan: one dict per response record
# ---------------------------------------------------------------------------------------------

def read_list(*parts):
    with open(os.path.join(URL_LISTS, *parts), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def page(url, title, body, defect="clean", stage="-", lang="en", note="", source="", site=None, **kw):
    d = {"url": url, "title": title, "body": body, "defect": defect, "stage": stage, "lang": lang,
         "note": note, "source": source, "site": site, "status": 200, "ctype": "text/html",
         "charset": "utf-8", "decl": "header"}
    d.update(kw)
    return d


def plan(rng, n_clean):
    en = []
    for name, _lic, files in english_sources():
        en += [a for a in articles_from(rng, name, files, good_english) if passes_gopher_screen(a)]
    rng.shuffle(en)
    pool = iter(en)
    sites = make_sites(rng, 140)
    for s in sites:
        s["_related"] = [a["title"] for a in rng.sample(en, 4)]

    def on_site(a, site=None, **kw):
        site = site or rng.choice(sites)
        return page(url_for(rng, site, a["title"]), a["title"], paras_html(a["paras"]),
                    source=a["source"], site=site, **kw)

    pages, derived = [], []
    # Clean English pages, with a spread of charsets and ways of declaring them.
    clean = []
    for _ in range(n_clean):
        a = next(pool)
        p = on_site(a)
        r = rng.random()
        if r < 0.05:
            p["decl"] = "meta-charset"
        elif r < 0.09:
            p["decl"] = "none"
        elif r < 0.13:
            p.update(charset="windows-1252", decl=rng.choice(["header", "http-equiv"]))
        elif r < 0.15:
            p.update(charset="windows-1252", decl="header", declared_as="iso-8859-1",
                     note="declared iso-8859-1, decoded as windows-1252 per the WHATWG encoding standard")
        elif r < 0.16:
            p.update(ctype="application/xhtml+xml", note="XHTML media type")
        elif r < 0.165:
            p.update(ctype=None, note="no Content-Type header: sniffed as HTML")
        p["article"] = a
        clean.append(p)
    pages += clean

    # URL filter: blocklisted domains (and their subdomains), blocklisted URLs, URL words, excluded domains.
    cats = sorted(os.listdir(os.path.join(URL_LISTS, "ut1-sample")))
    for cat in cats:
        for dom in read_list("ut1-sample", cat, "domains"):
            for host in (dom, "www." + dom)[: rng.randint(1, 2)]:
                a = next(pool)
                pages.append(page("https://%s/%s" % (host, slug(a["title"])), a["title"], paras_html(a["paras"]),
                                  "blocklisted_domain", "url_filter", note="UT1 category " + cat, source=a["source"]))
        for u in read_list("ut1-sample", cat, "urls"):
            a = next(pool)
            pages.append(page("http://" + u, a["title"], paras_html(a["paras"]), "blocklisted_url", "url_filter",
                              note="UT1 category %s, urls list" % cat, source=a["source"]))
            a = next(pool)
            host = u.split("/")[0]
            pages.append(page("http://%s/about/%s" % (host, slug(a["title"])), a["title"], paras_html(a["paras"]),
                              "control_blocklisted_host_other_path", note="same host as a listed URL, not listed",
                              source=a["source"]))
    word_urls = [
        ("url_strict_subword", "https://www.freepornclips-hub.com/watch/%d"),
        ("url_strict_subword", "https://tube.xxxvideo-central.net/v/%d"),
        ("url_strict_subword", "https://p-o-r-n.tube-mirror.com/page/%d", "'-' and '.' removed before matching"),
        ("url_strict_subword", "https://hentaiworld-art.net/gallery/%d"),
        ("url_strict_subword", "https://www.nsfwpics-board.com/t/%d"),
        ("url_strict_subword", "https://escort.service-city.com/listing/%d", "'escortservice' across a '.'"),
        ("url_hard_word", "https://www.beachguide-example.com/2023/nude-beaches-of-europe-%d"),
        ("url_hard_word", "https://forum.photography-lounge.net/thread/%d/naked-eye-astronomy",
         "a false positive RefinedWeb accepts"),
        ("url_hard_word", "https://www.citynights-guide.com/escort/%d"),
        ("url_hard_word", "https://www.artclass-studio.org/erotic-art-history-%d"),
        ("url_hard_word", "https://sex.lifestyle-mag.com/articles/%d"),
        ("url_soft_words", "https://hot-girls-webcam.com/room/%d"),
        ("url_soft_words", "https://www.singles-dating-tips.com/amateur-guide-%d"),
        ("url_soft_words", "https://www.teen-cams-live.net/%d"),
        ("url_soft_words", "https://babes-lingerie-store.com/p/%d"),
        ("url_soft_words", "https://www.adult-dating-reviews.org/review/%d"),
        ("control_one_soft_word", "https://www.hotelsandtravel-notes.com/hot-springs-of-iceland-%d",
         "one soft word ('hot'): kept"),
        ("control_one_soft_word", "https://www.girl-scouts-campfire.org/recipes/%d", "one soft word ('girl'): kept"),
        ("control_one_soft_word", "https://www.dating-history-museum.org/exhibits/%d",
         "one soft word ('dating'): kept"),
    ]
    for spec in word_urls:
        for _ in range(2):
            a = next(pool)
            defect = spec[0]
            keep = defect.startswith("control")
            pages.append(page(spec[1] % rng.randint(100, 99999), a["title"], paras_html(a["paras"]), defect,
                              "-" if keep else "url_filter", note=spec[2] if len(spec) > 2 else "",
                              source=a["source"]))
    for u in ["https://en.wikipedia.org/wiki/Debian", "https://de.wikipedia.org/wiki/Paketverwaltung",
              "https://en.m.wikipedia.org/wiki/Advanced_Package_Tool", "https://arxiv.org/abs/2306.01116",
              "https://export.arxiv.org/abs/2107.06499", "https://math.stackexchange.com/questions/1234/why",
              "https://unix.stackexchange.com/questions/4321/apt-pinning", "https://stackoverflow.com/questions/42/python-venv",
              "https://superuser.com/questions/77/grub", "https://serverfault.com/questions/88/nginx",
              "https://askubuntu.com/questions/99/ppa", "https://github.com/falconet/example/blob/main/README.md",
              "https://www.reddit.com/r/debian/comments/abc123/upgrade_tips/", "https://old.reddit.com/r/linux/comments/x1/",
              "https://www.gutenberg.org/ebooks/1342"]:
        a = next(pool)
        pages.append(page(u, a["title"], paras_html(a["paras"]), "excluded_domain", "url_filter",
                          note="high-quality source RefinedWeb leaves to curated corpora", source=a["source"]))

    # Other languages, in their usual legacy charsets now and then.
    tld = {"de": ".de", "fr": ".fr", "es": ".es", "it": ".it", "pt": ".com.br", "ru": ".ru", "nl": ".nl",
           "pl": ".pl", "ja": ".co.jp", "zh": ".com.cn"}
    legacy = {"de": "windows-1252", "fr": "windows-1252", "es": "windows-1252", "it": "windows-1252",
              "pt": "windows-1252", "ru": "windows-1251", "pl": "iso-8859-2", "ja": "shift_jis", "zh": "gbk"}
    per_lang = {"de": 40, "fr": 40, "es": 32, "it": 24, "pt": 24, "ru": 24, "nl": 16, "pl": 16, "ja": 30, "zh": 30}
    foreign = foreign_articles(rng)
    for lang in sorted(per_lang):
        arts = foreign[lang]
        rng.shuffle(arts)
        for a in arts[: per_lang[lang]]:
            site = make_site(rng, "www." + rng.choice(WORDS_A) + "-" + rng.choice(WORDS_B) + tld[lang])
            site["_related"] = []
            p = page(url_for(rng, site, "seite-%d" % rng.randint(1, 999)), a["title"], paras_html(a["paras"]),
                     "non_english", "language_filter", lang=lang, source=a["source"], site=site)
            if lang in legacy and rng.random() < (0.8 if lang in ("ja", "zh") else 0.35):
                p["charset"] = legacy[lang]
                p["decl"] = rng.choice(["header", "header", "meta-charset", "http-equiv", "none"]
                                       if lang in ("ja", "zh") else ["header", "http-equiv"])
            pages.append(p)

    # Spam and Gopher failures.
    for i in range(30):
        kw = SEO_KW[i % len(SEO_KW)]
        host = "www.best-%s-deals-%d.com" % (kw.replace(" ", "-"), 2020 + i % 4)
        pages.append(page("https://%s/cheap-%s-%d" % (host, kw.replace(" ", "-"), i), "Best Cheap %s 2023" % kw.title(),
                          seo_spam_body(rng, kw), "seo_spam", "gopher_repetition", note="keyword-stuffed SEO page"))
    long_words = []
    for f in sorted(glob.glob(PYDOC + "/library/*.html")):
        if sum(len(p.split()) for p in long_words) > 101000:
            break
        long_words += [p for p in parse(f)[1] if len(p.split()) >= 8 and "\ufffd" not in p]
    kinds = [("gq_too_few_words", 12), ("gq_too_many_words", 1), ("gq_mean_word_length_high", 6),
             ("gq_mean_word_length_low", 4), ("gq_hash_ratio", 8), ("gq_ellipsis_ratio", 6),
             ("gq_lines_end_ellipsis", 6), ("gq_bullet_lines", 8), ("gq_no_stop_words", 8), ("gq_non_alphabetic", 8)]
    for kind, n in kinds:
        for _ in range(n):
            a = next(pool)
            note = ""
            if kind == "gq_too_many_words":
                note = "over 100,000 words of the Python library reference; may trip gopher_repetition first"
            elif kind == "gq_mean_word_length_low":
                note = "words of at most two letters; may trip gopher_repetition first"
            pages.append(on_site(a, defect=kind, stage="gopher_quality", note=note))
            pages[-1]["body"] = gopher_quality_body(rng, kind, a, long_words)
    for kind in ("rep_duplicate_lines", "rep_duplicate_paragraphs", "rep_top_ngram", "rep_duplicate_ngrams"):
        for _ in range(6):
            a = next(pool)
            pages.append(on_site(a, defect=kind, stage="gopher_repetition"))
            pages[-1]["body"] = repetition_body(rng, kind, a)
    for _ in range(12):
        a = next(pool)
        body = list(a["paras"])
        extra = rng.sample(BOILER_LINES, 12)
        for line in extra:
            body.insert(rng.randint(1, len(body)), line)
        pages.append(on_site(a, defect="linewise_boilerplate", stage="line_corrections",
                             note="counters and calls to action inside the article text"))
        pages[-1]["body"] = paras_html(body)

    # Pages that survive but are changed: PII, and long passages shared with other pages.
    for _ in range(40):
        a = next(pool)
        paras = list(a["paras"])
        i = rng.randrange(len(paras))
        paras[i] += " " + rng.choice(PII_SENTENCES).format(
            email="%s.%s@%s" % (rng.choice(NAMES).lower(), rng.choice(WORDS_B), rng.choice(["mailbox.org", "example-mail.com", "posteo.de"])),
            ip=random_public_ip(rng),
            ip6="2a0%x:%x:%x::%x" % (rng.randint(1, 9), rng.randint(0x100, 0xffff), rng.randint(0, 0xffff), rng.randint(1, 0xfff)))
        p = on_site(a, defect="pii_email_ip", stage="-", note="survives; pii_redaction replaces the e-mail and IPv4/IPv6 addresses")
        p["body"] = paras_html(paras)
        pages.append(p)
    passages = licence_passages()
    for i in range(45):
        while True:
            a = next(pool)
            paras = list(a["paras"])
            paras.insert(rng.randint(1, len(paras)), passages[i % len(passages)])
            if passes_gopher_screen({"title": a["title"], "paras": paras}):
                break
        p = on_site(a, defect="dup_boilerplate_passage", stage="-",
                    note="survives; exact_substring_dedup removes licence passage %d" % (i % len(passages)))
        p["body"] = paras_html(paras)
        pages.append(p)

    # Duplicates of clean pages: near (small edits), exact (mirrors), URL recrawls.
    originals = rng.sample(clean, 130)
    for o in originals[:60]:
        a = o["article"]
        site = rng.choice(sites)
        derived.append((o, page(url_for(rng, site, a["title"]), a["title"],
                                paras_html(edit_words(rng, a["paras"])), "near_duplicate", "minhash_dedup",
                                note="a word edited per 120, 5-gram Jaccard >= 0.85; of " + o["url"], source=a["source"], site=site)))
    for o in originals[60:100]:
        a = o["article"]
        site = rng.choice(sites)
        derived.append((o, page(url_for(rng, site, a["title"]), a["title"], paras_html(a["paras"]),
                                "exact_duplicate", "minhash_dedup", note="same article text as " + o["url"],
                                source=a["source"], site=site)))
    for o in originals[100:120]:
        a = next(pool)
        u = o["url"] + ("&" if "?" in o["url"] else "?") + "utm_source=newsletter&utm_medium=email&utm_campaign=weekly"
        derived.append((o, page(u, a["title"], paras_html(a["paras"]), "duplicate_url", "url_dedup",
                                note="recrawl of %s with tracking parameters and new content" % o["url"],
                                source=a["source"], site=o["site"])))
    for o in originals[120:130]:
        a = o["article"]
        derived.append((o, page(o["url"], a["title"], paras_html(a["paras"]), "duplicate_url_same_content",
                                "minhash_dedup", note="same URL crawled again, same content (url_dedup would also remove it)",
                                source=a["source"], site=o["site"])))

    # Records the reader drops: non-HTML payloads and non-200 statuses.
    with open("/usr/share/common-licenses/Apache-2.0", "rb") as f:
        apache = f.read()
    blobs = [("application/pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "pdf"),
             ("image/png", base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), "png"),
             ("text/plain; charset=utf-8", apache, "txt"),
             ("application/json", b'{"status": "ok", "items": [1, 2, 3]}', "json"),
             ("text/css", b"body { margin: 0; font-family: sans-serif; }\n", "css"),
             ("application/javascript", b"window.addEventListener('load', function () { console.log('ready'); });\n", "js")]
    for i in range(24):
        ct, data, ext = blobs[i % len(blobs)]
        site = rng.choice(sites)
        pages.append(page("https://%s/files/asset-%d.%s" % (site["host"], i, ext), "", None, "not_html", "warc_reader",
                          lang="-", ctype=ct, raw=data, note=ct))
    statuses = [(404, "Not Found"), (301, "Moved Permanently"), (302, "Found"), (500, "Internal Server Error"),
                (503, "Service Unavailable"), (403, "Forbidden")]
    for i in range(24):
        code, msg = statuses[i % len(statuses)]
        site = rng.choice(sites)
        body = "<html><head><title>%d %s</title></head><body><h1>%s</h1><p>The page you requested could not be served.</p></body></html>" % (code, msg, msg)
        p = page("https://%s/old/page-%d.html" % (site["host"], i), "", None, "http_status_not_200", "warc_reader",
                 lang="-", status=code, reason=msg, raw=body.encode(), note="HTTP %d" % code)
        if code in (301, 302):
            p["location"] = "https://%s/new/page-%d.html" % (site["host"], i)
        pages.append(p)

    # Order: shuffled, each derived page somewhere after its original.
    rng.shuffle(pages)
    for i, p in enumerate(pages):
        p["key"] = float(i)
    for o, d in derived:
        d["key"] = rng.uniform(o["key"] + 0.5, len(pages))
        pages.append(d)
    pages.sort(key=lambda p: p["key"])
    return pages


# ---------------------------------------------------------------------------------------------
# WARC writing (WARC/1.0 as Common Crawl writes it: one gzip member per record)
# ---------------------------------------------------------------------------------------------

def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def record_id(rng):
    return "<urn:uuid:%s>" % uuid.UUID(int=rng.getrandbits(128), version=4)


def warc_record(headers, block):
    head = "WARC/1.0\r\n" + "".join("%s: %s\r\n" % kv for kv in headers)
    head += "Content-Length: %d\r\n\r\n" % len(block)
    return gzip.compress(head.encode("utf-8") + block + b"\r\n\r\n", compresslevel=9, mtime=0)


def http_date(d):
    return d.strftime("%a, %d %b %Y %H:%M:%S GMT")


def body_bytes(rng, p, date):
    """The HTTP payload and the Content-Type header value for a page."""
    if p.get("raw") is not None:
        return p["raw"], p["ctype"]
    site = p["site"] or make_site(rng, p["url"].split("/")[2])
    site.setdefault("_related", [])
    site["_charset"] = p.get("declared_as", p["charset"])
    meta = p["decl"] if p["decl"] in ("meta-charset", "http-equiv") else None
    doc = render(rng, site, p["title"], p["body"], lang=p["lang"], charset_meta=meta, date=date)
    try:
        data = doc.encode(p["charset"])
    except UnicodeEncodeError:
        p.update(charset="utf-8", declared_as="utf-8")
        site["_charset"] = "utf-8"
        data = render(rng, site, p["title"], p["body"], lang=p["lang"], charset_meta=meta, date=date).encode("utf-8")
    if p["ctype"] is None:
        p["decl"] = "none"
        return data, None
    ct = p["ctype"]
    if p["decl"] == "header":
        ct += "; charset=" + p.get("declared_as", p["charset"]).upper()
    return data, ct


def write_crawl(rng, pages, out_dir, n_files):
    os.makedirs(out_dir, exist_ok=True)
    for f in glob.glob(os.path.join(out_dir, "*.warc.gz")):
        os.remove(f)
    start = datetime.datetime(2023, 5, 27, 22, 0, 0)
    manifest = ["\t".join(["warc_file", "record_id", "url", "defect", "expected_stage", "language", "charset",
                           "charset_declared", "http_status", "content_type", "source", "note"])]
    per_file = (len(pages) + n_files - 1) // n_files
    t = start
    for fi in range(n_files):
        chunk = pages[fi * per_file:(fi + 1) * per_file]
        t0 = t
        name = "CC-MAIN-%s-%s-%05d.warc.gz" % (t0.strftime("%Y%m%d%H%M%S"),
                                               (t0 + datetime.timedelta(hours=3)).strftime("%Y%m%d%H%M%S"), fi)
        info_id = record_id(rng)
        out = []
        info = ("isPartOf: CC-MAIN-SAMPLE\r\npublisher: Falconet sample crawl (synthetic)\r\n"
                "description: Mini crawl built by datasets-sample/make_sample_crawl.py\r\n"
                "operator: Falconet\r\nformat: WARC File Format 1.0\r\n"
                "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n").encode()
        out.append(warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", t0.strftime("%Y-%m-%dT%H:%M:%SZ")),
                                ("WARC-Filename", name), ("WARC-Record-ID", info_id),
                                ("Content-Type", "application/warc-fields")], info))
        for p in chunk:
            t += datetime.timedelta(seconds=rng.randint(1, 12))
            ts = t.strftime("%Y-%m-%dT%H:%M:%SZ")
            host = p["url"].split("/")[2]
            path = "/" + p["url"].split("/", 3)[3] if p["url"].count("/") >= 3 else "/"
            ip = random_public_ip(rng)
            req_id, resp_id, meta_id = record_id(rng), record_id(rng), record_id(rng)
            req = ("GET %s HTTP/1.1\r\nUser-Agent: CCBot/2.0 (https://commoncrawl.org/faq/)\r\n"
                   "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                   "Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: br,gzip\r\nHost: %s\r\n"
                   "Connection: Keep-Alive\r\n\r\n" % (path, host)).encode()
            out.append(warc_record([("WARC-Type", "request"), ("WARC-Date", ts), ("WARC-Record-ID", req_id),
                                    ("Content-Type", "application/http; msgtype=request"),
                                    ("WARC-Warcinfo-ID", info_id), ("WARC-IP-Address", ip),
                                    ("WARC-Target-URI", p["url"])], req))
            payload, ct = body_bytes(rng, p, t)
            hdr = "HTTP/1.1 %d %s\r\nDate: %s\r\nServer: nginx\r\n" % (p["status"], p.get("reason", "OK"), http_date(t))
            if ct:
                hdr += "Content-Type: %s\r\n" % ct
            if "location" in p:
                hdr += "Location: %s\r\n" % p["location"]
            hdr += "X-Crawler-Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(payload)
            block = hdr.encode("iso-8859-1") + payload
            out.append(warc_record([("WARC-Type", "response"), ("WARC-Date", ts), ("WARC-Record-ID", resp_id),
                                    ("Content-Type", "application/http; msgtype=response"),
                                    ("WARC-Warcinfo-ID", info_id), ("WARC-Concurrent-To", req_id),
                                    ("WARC-IP-Address", ip), ("WARC-Target-URI", p["url"]),
                                    ("WARC-Payload-Digest", sha1_b32(payload)), ("WARC-Block-Digest", sha1_b32(block)),
                                    ("WARC-Identified-Payload-Type", (ct or "text/html").split(";")[0])], block))
            meta = ("fetchTimeMs: %d\r\ncharset-detected: %s\r\n" % (rng.randint(20, 900), p["charset"].upper())).encode()
            out.append(warc_record([("WARC-Type", "metadata"), ("WARC-Date", ts), ("WARC-Record-ID", meta_id),
                                    ("Content-Type", "application/warc-fields"), ("WARC-Warcinfo-ID", info_id),
                                    ("WARC-Concurrent-To", resp_id), ("WARC-Target-URI", p["url"])], meta))
            manifest.append("\t".join([name, resp_id.strip("<>"), p["url"], p["defect"], p["stage"], p["lang"],
                                       p["charset"] if p.get("raw") is None else "-",
                                       p["decl"] if p.get("raw") is None else "-", str(p["status"]),
                                       (ct or "(none)").split(";")[0], p["source"] or "-",
                                       p["note"].replace("\t", " ")]))
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(b"".join(out))
        t += datetime.timedelta(minutes=30)
    with open(os.path.join(out_dir, "MANIFEST.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=2023_23)
    ap.add_argument("--clean", type=int, default=600, help="clean English pages")
    ap.add_argument("--files", type=int, default=4, help="WARC files to split the crawl into")
    ap.add_argument("--out", default=os.path.join(HERE, "crawl"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pages = plan(rng, args.clean)
    manifest = write_crawl(rng, pages, args.out, args.files)
    counts = {}
    for row in manifest[1:]:
        c = row.split("\t")
        counts[(c[3], c[5])] = counts.get((c[3], c[5]), 0) + 1
    for (d, l), n in sorted(counts.items()):
        print("%-40s %-3s %5d" % (d, l, n))
    print("records: %d" % (len(manifest) - 1))


if __name__ == "__main__":
    main()
