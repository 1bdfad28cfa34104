#!/usr/bin/python3
"""Builds the main-text extraction evaluation set in lib/src/test/resources/extract/eval.

Two kinds of page, both from real prose installed on a Debian machine (no internet here):
  real-*   real generated HTML pages as shipped (Debian Administrator's Handbook, publican; Debian
           New Maintainers' Guide and Debian Reference, DocBook XSL), with their own navigation
           bars, TOCs and banners. Ground truth = the text of the content region chosen by hand per
           generator (listed in REGIONS), minus the page title and the in-page table of contents.
  late-*   three more layouts (Drupal, Blogger, Medium-like) written after the extractor was tuned
           and scored once, untouched since.
  tpl-*    real paragraphs (Debian handbook / reference prose) set into six hand-written article
           templates imitating common site layouts (WordPress blog, div-soup news site, React news
           site, table layout, docs site, forum thread) with their boilerplate: menus, share bars,
           cookie notices, ads, related links, newsletters, comments, footers. Ground truth = the
           article's inserted headings, paragraphs, list items, table cells and code, by construction.
Run: /usr/bin/python3 scripts/make-extract-eval.py
"""
import html, os, random, re, sys
from bs4 import BeautifulSoup

OUT = os.path.join(os.path.dirname(__file__), "..", "lib/src/test/resources/extract/eval")
URL = re.compile(r"(?i)\b(?:https?|ftp)://[^\s<>\"]+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>\"]*")
HB = "/usr/share/doc/debian-handbook/html/en-US/"
MG = "/usr/share/doc/maint-guide/html/"
DR = "/usr/share/doc/debian-reference-en/docs/"
BLOCKS = ["p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "blockquote", "table"]

def clean(t):
    t = URL.sub("", t)
    return re.sub(r"[ \t\u00a0]+", " ", t).strip()

def lines_of(el):
    """Text of an element as lines, one per innermost block."""
    out = []
    for node in el.find_all(BLOCKS):
        if node.find(BLOCKS):
            # text directly in a block that also holds blocks
            own = "".join(s for s in node.find_all(string=True, recursive=False))
            if own.strip():
                out.append(clean(own))
            continue
        out.append(clean(node.get_text(" ")))
    if not el.find(BLOCKS):
        out.append(clean(el.get_text(" ")))
    return [l for l in out if l]

def real(path, name, region, drop):
    raw = open(path, encoding="utf-8").read()
    soup = BeautifulSoup(raw, "lxml")
    r = soup.select_one(region)
    for d in drop:
        for x in r.select(d):
            x.decompose()
    # the page title is metadata, not body text
    first = r.find(["h1", "h2"])
    if first is not None:
        first.decompose()
    write(name, raw, lines_of(r), "real page " + path + "; ground truth = " + region + " minus " + ", ".join(drop) + " and the title heading")

def write(name, page, lines, prov):
    with open(os.path.join(OUT, name + ".html"), "w", encoding="utf-8") as f:
        f.write(page)
    with open(os.path.join(OUT, name + ".txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    PROV.append(name + "\t" + prov)

# ---------- prose for the templates: (heading, [paragraphs]) sections from handbook pages ----------
def sections(path):
    soup = BeautifulSoup(open(path, encoding="utf-8").read(), "lxml")
    title = clean(soup.title.get_text()) if soup.title else "Untitled"
    title = re.sub(r"^[\d.]+\s*", "", title)
    paras, heads = [], []
    for d in soup.select("div.section div.para"):
        if d.find(["div", "pre", "table", "ul"]):
            continue
        t = clean(d.get_text(" "))
        if len(t) > 60:
            paras.append(t)
    for h in soup.select("div.section h3, div.section h4"):
        t = re.sub(r"^[\d.]+\s*", "", clean(h.get_text(" ")))
        if t:
            heads.append(t)
    codes = [s.get_text() for s in soup.select("pre.screen, pre.programlisting") if 40 < len(s.get_text()) < 600]
    return title, paras, heads, codes

E = html.escape
NAV = ["Home", "News", "World", "Business", "Technology", "Science", "Opinion", "Sport", "Culture", "Contact"]
def nav_ul(cls="menu"):
    return '<ul class="%s">%s</ul>' % (cls, "".join('<li><a href="/%s/">%s</a></li>' % (n.lower(), n) for n in NAV))
def related(rng, titles, cls):
    return '<div class="%s"><h3>Related articles</h3><ul>%s</ul></div>' % (cls, "".join(
        '<li><a href="/2023/%02d/%s.html">%s</a></li>' % (rng.randint(1, 12), re.sub(r"\W+", "-", t.lower())[:40], E(t)) for t in titles))
COOKIE = ('<div id="cookie-notice" class="cookie-banner"><p>We use cookies to improve your experience on our site. '
          'By continuing to browse you agree to our use of cookies.</p><a class="btn" href="/privacy">Accept</a></div>')
NEWSLETTER = ('<div class="newsletter-signup"><h4>Get our weekly newsletter</h4><p>The best stories of the week, '
              'delivered to your inbox every Sunday morning.</p><form><input type="email"><button>Sign up</button></form></div>')
SHARE = ('<div class="share-buttons"><span>Share this article</span><a href="https://twitter.com/share">Twitter</a>'
         '<a href="https://facebook.com/sharer">Facebook</a><a href="mailto:?">Email</a></div>')
FOOT = ('<p>&copy; 2023 The Daily Packet. All rights reserved.</p><ul><li><a href="/about">About us</a></li>'
        '<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>')
COMMENTERS = ["Maria", "jdoe", "Paul K.", "sysadmin42", "Ana"]
def comments_html(rng, paras, cls_list="comment-list"):
    items = []
    for i in range(rng.randint(2, 4)):
        words = rng.choice(paras).split()
        body = " ".join(words[: rng.randint(8, 20)])
        items.append('<li class="comment"><div class="comment-author">%s</div><div class="comment-content"><p>Great post! %s</p></div>'
                     '<a class="comment-reply-link" href="#">Reply</a></li>' % (rng.choice(COMMENTERS), E(body)))
    return '<div id="comments" class="comments-area"><h2 class="comments-title">%d comments</h2><ol class="%s">%s</ol>' \
           '<div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea></form></div></div>' % (len(items), cls_list, "".join(items))

def article_body(rng, paras, heads, codes, style):
    """Returns (html, lines) for the article proper."""
    out, lines = [], []
    n = rng.randint(4, min(12, len(paras)))
    chosen = paras[:n]
    hi = 0
    for i, p in enumerate(chosen):
        if i > 0 and i % 3 == 0 and hi < len(heads):
            out.append("<h2>%s</h2>" % E(heads[hi])); lines.append(heads[hi]); hi += 1
        if style == "table":
            out.append("%s<br><br>\n" % E(p))
        else:
            out.append("<p>%s</p>" % E(p))
        lines.append(p)
        if i == 1 and style in ("blog", "docs"):
            items = [" ".join(x.split()[:rng.randint(4, 9)]) for x in paras[n:n + 3]]
            if items:
                out.append("<ul>%s</ul>" % "".join("<li>%s</li>" % E(x) for x in items)); lines.extend(items)
        if i == 2 and codes and style in ("docs", "blog"):
            out.append('<pre><code>%s</code></pre>' % E(codes[0])); lines.extend(l for l in codes[0].split("\n") if l.strip())
        if i == 2 and style == "news" and len(paras) > n:
            q = " ".join(paras[n].split()[:25])
            out.append("<blockquote><p>%s</p></blockquote>" % E(q)); lines.append(q)
    if style == "docs":
        rows = [("Option", "Meaning"), ("-y", "answer yes to every question"), ("-s", "simulate, change nothing")]
        out.append("<table>%s</table>" % "".join("<tr><td>%s</td><td>%s</td></tr>" % (E(a), E(b)) for a, b in rows))
        lines.extend("%s %s" % r for r in rows)
    return "\n".join(out), lines

def page(style, rng, title, date, body, paras, others):
    t = E(title)
    if style == "blog":
        return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{t} &#8211; Packet Notes</title>
<meta property="og:title" content="{t}"><meta property="article:published_time" content="{date}T08:30:00+00:00">
<script>window.dataLayer=[];function gtag(){{dataLayer.push(arguments)}}</script><style>body{{font-family:serif}}</style></head>
<body class="post-template-default single single-post">{COOKIE}<div id="page" class="site"><header id="masthead" class="site-header">
<p class="site-title"><a href="/">Packet Notes</a></p><p class="site-description">Notes on free software</p>
<nav id="site-navigation" class="main-navigation">{nav_ul()}</nav></header><div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main"><article id="post-1234" class="post-1234 post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{t}</h1><div class="entry-meta"><span class="posted-on">Posted on <time datetime="{date}">{date}</time></span>
<span class="byline"> by <a href="/author/admin">admin</a></span></div></header>
<div class="entry-content">{body}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts">{related(rng, others, "jp-relatedposts-items")}</div></div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/debian">Debian</a></span><span class="tags-links">Tagged <a href="#">apt</a></span></footer></article>
<nav class="navigation post-navigation"><div class="nav-links"><a href="/prev">Previous post</a><a href="/next">Next post</a></div></nav>
{comments_html(rng, paras)}</main></div><aside id="secondary" class="widget-area"><section class="widget widget_search"><form><input type="search"></form></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{"".join("<li><a href='#'>%s</a></li>" % E(o) for o in others)}</ul></section>
<section class="widget widget_text"><h2 class="widget-title">About</h2><div class="textwidget"><p>Packet Notes is a blog about Debian, packaging and system administration, written since 2009 by volunteers.</p></div></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">{FOOT}</div></footer></div></body></html>"""
    if style == "news":
        return f"""<html><head><title>{t} | The Daily Packet</title><meta name="date" content="{date}">
<script src="/js/ads.js"></script></head><body><div class="top-bar"><a href="/login">Log in</a> <a href="/subscribe">Subscribe</a></div>
<div id="logo"><a href="/"><img src="/logo.png" alt="The Daily Packet"></a></div><div id="navigation">{nav_ul("nav-list")}</div>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/technology">Technology</a></div><div class="container"><div class="col-main">
<div class="article-headline"><h1>{t}</h1></div><div class="byline-block">By Staff Reporter | {date}</div>
<div class="ad-slot ad-top"><span>Advertisement</span></div>{SHARE}<div class="story-body">{body}
<div class="ad-slot"><span>Advertisement</span></div></div><div class="article-tags">Tags: <a href="#">Linux</a>, <a href="#">Debian</a></div>
{related(rng, others, "related-stories")}{NEWSLETTER}</div><div class="col-right"><div class="most-popular"><h3>Most read</h3>
<ol>{"".join("<li><a href='#'>%s</a></li>" % E(o) for o in others)}</ol></div><div class="ad-slot"><span>Advertisement</span></div></div></div>
<div class="site-footer">{FOOT}</div></body></html>"""
    if style == "react":
        return f"""<!doctype html><html><head><meta charset="utf-8"><title>{t}</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{t}","datePublished":"{date}T10:00:00Z"}}</script></head>
<body><div id="__next"><div class="Layout__Wrapper-sc-1"><div class="Header__Bar-sc-2" role="banner"><a href="/">Packet Weekly</a>{nav_ul("Header__Menu-sc-3")}</div>
<main class="Layout__Main-sc-4"><article class="Article__Container-sc-5"><h1 class="Article__Headline-sc-6">{t}</h1>
<div class="Article__Meta-sc-7"><span>By Alex Writer</span><time datetime="{date}">{date}</time></div>
<figure class="Article__Figure"><img src="/img/hero.jpg"><figcaption>Photo: Packet Weekly archive</figcaption></figure>
<div class="Article__Body-sc-8">{body}<p>Read more: <a href="/2023/01/other-story">{E(others[0])}</a></p></div>
<section class="Recirculation__Section-sc-9"><h2>More from Packet Weekly</h2>{"".join("<div class='Card'><a href='#'><h3>%s</h3></a></div>" % E(o) for o in others)}</section>
</article></main><div class="ConsentBanner__Wrapper" role="dialog"><p>We and our partners use cookies to personalise content and ads.</p><button>Accept all</button></div>
<footer class="Footer__Wrapper-sc-10">{FOOT}</footer></div></div></body></html>"""
    if style == "table":
        return f"""<HTML><HEAD><TITLE>{t}</TITLE></HEAD><BODY BGCOLOR="#FFFFFF"><TABLE WIDTH="100%"><TR><TD COLSPAN="2"><FONT SIZE="5"><B>Packet Archive</B></FONT></TD></TR>
<TR><TD WIDTH="160" VALIGN="top">{"".join("<A HREF='/%s.html'>%s</A><BR>" % (n.lower(), n) for n in NAV)}</TD>
<TD VALIGN="top"><FONT FACE="Arial"><H2>{t}</H2>{body}</FONT></TD></TR><TR><TD COLSPAN="2"><FONT SIZE="1">Copyright 2003 Packet Archive. Last updated {date}.</FONT></TD></TR></TABLE></BODY></HTML>"""
    if style == "docs":
        return f"""<!DOCTYPE html><html><head><title>{t} - Packet Docs</title><meta name="viewport" content="width=device-width"></head><body>
<div class="skip-link"><a href="#content">Skip to content</a></div><div class="wy-grid"><div class="wy-nav-side"><div class="wy-side-scroll"><div role="search"><form><input name="q"></form></div>
<div class="toctree-wrapper" role="navigation"><ul>{"".join("<li class='toctree-l1'><a href='#'>%s</a></li>" % E(o) for o in others)}</ul></div></div></div>
<div class="wy-nav-content"><div class="rst-content"><div role="navigation" aria-label="breadcrumbs"><ul class="wy-breadcrumbs"><li><a href="/">Docs</a> &raquo;</li><li>{t}</li></ul></div>
<div class="document" role="main" id="content"><div class="section"><h1>{t}</h1>{body}</div></div>
<div class="rst-footer-buttons" role="navigation"><a href="#" class="btn">Previous</a><a href="#" class="btn">Next</a></div>
<div class="footer-info"><p>&copy; Copyright 2023, Packet Docs authors. Built with Sphinx. <a href="#">Edit this page</a></p></div></div></div></div></body></html>"""
    if style == "forum":
        return f"""<html><head><title>{t} - Packet Forums</title></head><body><div id="header"><a href="/">Packet Forums</a> <a href="/register">Register</a> <a href="/login">Log in</a></div>
<div class="forum-nav"><a href="/">Forums</a> &raquo; <a href="/f/admin">System administration</a></div>
<div class="post first-post"><div class="post-author">Posted by <b>deb_admin</b> on {date}</div><div class="post-content"><h1>{t}</h1>{body}</div></div>
{comments_html(rng, paras, "comment-list replies")}<div class="similar-threads">{related(rng, others, "related-threads")}</div>
<div id="footer">{FOOT}</div></body></html>"""
    if style == "drupal":
        return f"""<!DOCTYPE html><html lang="en" dir="ltr"><head><title>{t} | Packet City Council</title>
<meta name="dcterms.date" content="{date}"></head><body class="path-node page-node-type-news"><a href="#main-content" class="visually-hidden focusable">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas"><div class="layout-container"><div class="region region-header"><div id="block-sitebranding"><a href="/">Packet City</a></div></div>
<div class="region region-primary-menu"><nav role="navigation" id="block-mainnavigation">{nav_ul("menu menu--main")}</nav></div>
<div class="region region-breadcrumb"><nav class="breadcrumb" role="navigation"><ol><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ol></nav></div>
<main role="main"><a id="main-content" tabindex="-1"></a><div class="layout-content"><div class="region region-content"><div id="block-pagetitle"><h1 class="page-title"><span>{t}</span></h1></div>
<article role="article" class="node node--type-news node--view-mode-full"><div class="node__meta"><span>Submitted on {date}</span></div><div class="node__content">
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{body}</div>
<div class="field field--name-field-tags field--type-entity-reference"><div class="field__label">Tags</div><div class="field__items"><div class="field__item"><a href="/t/1">Debian</a></div></div></div></div></article></div></div>
<aside class="layout-sidebar-second" role="complementary"><div class="views-element-container"><h2>Latest news</h2><ul>{"".join("<li><a href='#'>%s</a></li>" % E(o) for o in others)}</ul></div></aside></main>
<footer class="site-footer"><div class="region region-footer">{FOOT}</div></footer></div></div></body></html>"""
    if style == "blogger":
        return f"""<!DOCTYPE html><html><head><title>Packet Diary: {t}</title></head><body><div class="content-outer"><div class="header-outer"><div class="Header" id="Header1"><h1><a href="/">Packet Diary</a></h1><p class="description">Thoughts on sysadmin life</p></div></div>
<div class="tabs-outer"><div class="PageList" id="PageList1"><ul><li><a href="/">Home</a></li><li><a href="/p/about.html">About</a></li></ul></div></div>
<div class="main-outer"><div class="main-inner"><div class="column-center-outer"><div class="date-outer"><h2 class="date-header"><span>{date}</span></h2><div class="date-posts"><div class="post-outer"><div class="post hentry">
<h3 class="post-title entry-title">{t}</h3><div class="post-header"></div><div class="post-body entry-content" id="post-body-42">{body}<div style="clear: both;"></div></div>
<div class="post-footer"><div class="post-footer-line post-footer-line-1"><span class="post-author vcard">Posted by <span class="fn">Jo</span></span> <span class="post-comment-link"><a href="#comments">3 comments</a></span></div>
<div class="post-share-buttons goog-inline-block"><a class="share-button" href="#">Email This</a><a class="share-button" href="#">BlogThis!</a></div></div></div>
<div class="comments" id="comments"><h4>3 comments:</h4>{comments_html(rng, paras)}</div></div></div></div>
<div class="blog-pager" id="blog-pager"><a href="#">Newer Post</a> <a href="#">Older Post</a> <a href="/">Home</a></div></div>
<div class="column-right-outer"><div class="sidebar section" id="sidebar-right-1"><div class="widget BlogArchive"><h2>Blog Archive</h2><ul>{"".join("<li><a href='#'>%s</a></li>" % E(o) for o in others)}</ul></div>
<div class="widget Profile"><h2>About Me</h2><div class="widget-content">I run servers for a small university and write about it here when things break.</div></div></div></div></div></div>
<div class="footer-outer"><div class="Attribution">Powered by Blogger.</div></div></div></body></html>"""
    if style == "medium":
        return f"""<!doctype html><html><head><title>{t} | by Sam Coder | Packet Stories</title><meta property="og:title" content="{t}">
<meta property="article:published_time" content="{date}T07:00:00.000Z"></head><body><div id="root"><div class="a b c"><div class="d e"><a href="/">Packet Stories</a><div class="f"><a href="/m/signin">Sign in</a><a href="/new-story">Write</a></div></div>
<div class="g h"><article><div class="i j"><section><div class="k l"><div class="m n"><h1 id="a1b2" class="pw-post-title">{t}</h1>
<div class="o p"><div><a href="/@sam">Sam Coder</a></div><div><span>7 min read</span><span>{date}</span></div></div>
<div class="q r"><button aria-label="clap">Clap</button><button aria-label="responses">Responses</button><button aria-label="bookmark">Save</button><button aria-label="share">Share</button></div>
{body}</div></div></section></div></article>
<div class="s t"><div><h2>More from Packet Stories</h2>{"".join("<div><a href='#'><h2>%s</h2></a><p>%d min read</p></div>" % (E(o), rng.randint(2, 9)) for o in others)}</div></div>
<div class="u v"><p>Help</p><p>Status</p><p>Writers</p><p>Blog</p><p>Careers</p><p>Privacy</p><p>Terms</p><p>About</p></div></div></div></div></body></html>"""
    raise ValueError(style)

def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    # real pages
    hb_real = ["sect.apt-get.html", "sect.apt-cache.html", "sect.ubuntu.html", "sect.role-of-distributions.html",
               "sect.office-suites.html", "sect.ftp-file-server.html", "sect.who-is-this-book-for.html", "sect.linux-mint.html"]
    for f in hb_real:
        real(HB + f, "real-handbook-" + f.replace("sect.", "").replace(".html", ""), "div.section", [])
    for f in ["first.en.html", "modify.en.html", "checkit.en.html", "upload.en.html"]:
        real(MG + f, "real-maintguide-" + f.split(".")[0], "div.chapter", ["div.toc"])
    for f in ["ch01.en.html", "ch05.en.html"]:
        if os.path.exists(DR + f):
            real(DR + f, "real-reference-" + f.split(".")[0], "div.chapter", ["div.toc", "div.list-of-tables"])
    # templated pages
    rng = random.Random(2306_01116)
    src = sorted(f for f in os.listdir(HB) if f.startswith("sect.") and f not in hb_real)
    pool = []
    for f in src:
        title, paras, heads, codes = sections(HB + f)
        if len(paras) >= 5:
            pool.append((f, title, paras, heads, codes))
    rng.shuffle(pool)
    styles = ["blog", "news", "react", "table", "docs", "forum"]
    titles = [p[1] for p in pool]
    for i, (f, title, paras, heads, codes) in enumerate(pool[:36]):
        style = styles[i % len(styles)]
        date = "20%02d-%02d-%02d" % (rng.randint(10, 23), rng.randint(1, 12), rng.randint(1, 28))
        body, lines = article_body(rng, paras, heads, codes, style)
        others = rng.sample([t for t in titles if t != title], 4)
        name = "tpl-%s-%02d" % (style, i)
        write(name, page(style, rng, title, date, body, paras, others),
              [clean(l) for l in lines if clean(l)], "template " + style + " around prose of " + HB + f + "; title=" + title + "; date=" + date)
    # Layouts written after the extractor was tuned, scored once as they came (see the report).
    late = ["drupal", "blogger", "medium"]
    for i, (f, title, paras, heads, codes) in enumerate(pool[36:48]):
        style = late[i % len(late)]
        date = "20%02d-%02d-%02d" % (rng.randint(10, 23), rng.randint(1, 12), rng.randint(1, 28))
        body, lines = article_body(rng, paras, heads, codes, "blog" if style != "medium" else "news")
        others = rng.sample([t for t in titles if t != title], 4)
        name = "late-%s-%02d" % (style, i)
        write(name, page(style, rng, title, date, body, paras, others),
              [clean(l) for l in lines if clean(l)], "late template " + style + " around prose of " + HB + f + "; title=" + title + "; date=" + date)
    with open(os.path.join(OUT, "PROVENANCE.tsv"), "w", encoding="utf-8") as fo:
        fo.write("page\tprovenance\n" + "\n".join(PROV) + "\n")

PROV = []
main()
