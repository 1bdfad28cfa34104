package org.falconet.extract;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wraps a page in the markup a news site puts around an article, for the extraction benchmark:
 * a long head (Open Graph and Twitter meta tags, preloads, stylesheets, a block of inline CSS,
 * analytics and consent bootstraps, an inline script bundle, JSON-LD), a cookie banner, a site
 * header with an SVG logo and a mega-menu of some 300 links, ad slots, a trending bar, then the
 * article, then related-article cards, a most-read list, a comment thread, a newsletter form, a
 * footer of link columns and a framework's serialised page state. Real news pages weigh about
 * 170 KB (PERFORMANCE.md) and carry 2,000 to 4,000 elements; the wrapper adds about 150 KB and
 * 3,000 elements. Deterministic: the same page and seed give the same bytes.
 *
 * <p>The wrapper avoids what would change a correct extraction of the article itself (no
 * {@code datePublished}, no {@code <time>} outside the article, no {@code <article>} cards), so
 * the extracted text of a wrapped page can be compared with the page's own.
 */
final class NewsSitePages {

  private static final String[] WORDS = (
      "government minister council report city police court health school market energy climate water plan "
      + "people year week new local national world business economy prices housing budget election vote party "
      + "leader support change rise fall record warning study research data community project village station "
      + "train road traffic storm weather summer winter season football match team coach win loss final league "
      + "players fans club stadium music festival film award show art museum book author history science space "
      + "company jobs workers strike deal talks plans talks growth inflation bank rates tax bill law rules new "
      + "open close first last after before says said calls backs warns reveals launches hits faces").split(" ");

  private static final String[] SECTIONS = {
      "News", "World", "Business", "Politics", "Technology", "Science", "Health", "Sport", "Culture", "Travel",
      "Opinion", "Lifestyle"};

  private static final String[] NAMES = {
      "alex_r", "Maria K.", "jpdubois", "Sam Patel", "northern_light", "Chris W", "lena.m", "oldtimer42", "Tomás",
      "Priya", "K. Okafor", "rivercity", "Jen L.", "mark_h", "Ana Sousa"};

  private NewsSitePages() {}

  /** {@code html} wrapped in news-site markup; {@code seed} varies headlines, links and comments. */
  static String wrap(String html, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String out = insertBefore(html, "</head>", head(rnd));
    out = insertAfter(out, "<body[^>]*>", bodyTop(rnd));
    return insertBefore(out, "</body>", bodyBottom(rnd));
  }

  private static String insertBefore(String html, String tag, String what) {
    Matcher m = Pattern.compile(Pattern.quote(tag), Pattern.CASE_INSENSITIVE).matcher(html);
    return m.find() ? html.substring(0, m.start()) + what + html.substring(m.start()) : html + what;
  }

  private static String insertAfter(String html, String tagRegex, String what) {
    Matcher m = Pattern.compile(tagRegex, Pattern.CASE_INSENSITIVE).matcher(html);
    return m.find() ? html.substring(0, m.end()) + what + html.substring(m.end()) : what + html;
  }

  private static String head(SplittableRandom rnd) {
    StringBuilder b = new StringBuilder(60_000);
    String headline = headline(rnd, 9);
    b.append("\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n");
    String[][] metas = {
        {"property", "og:site_name", "The Daily Courier"}, {"property", "og:type", "article"},
        {"property", "og:description", sentence(rnd, 24)}, {"property", "og:image", "https://cdn.dailycourier.example/images/2023/lead-" + rnd.nextInt(100000) + ".jpg"},
        {"property", "og:image:width", "1200"}, {"property", "og:image:height", "630"},
        {"property", "og:locale", "en_GB"}, {"property", "fb:app_id", "18" + rnd.nextInt(1_000_000)},
        {"name", "twitter:card", "summary_large_image"}, {"name", "twitter:site", "@dailycourier"},
        {"name", "twitter:description", sentence(rnd, 20)}, {"name", "description", sentence(rnd, 26)},
        {"name", "keywords", headline(rnd, 6).replace(' ', ',')}, {"name", "robots", "index, follow, max-image-preview:large"},
        {"name", "theme-color", "#b00020"}, {"name", "apple-itunes-app", "app-id=" + rnd.nextInt(1_000_000_000)},
        {"property", "article:section", SECTIONS[rnd.nextInt(SECTIONS.length)]},
        {"property", "article:tag", word(rnd)}, {"property", "article:tag", word(rnd)},
        {"name", "parsely-section", "news"}, {"name", "msapplication-TileColor", "#ffffff"},
        {"name", "google-site-verification", token(rnd, 43)}, {"name", "format-detection", "telephone=no"}};
    for (String[] m : metas) {
      b.append("<meta ").append(m[0]).append("=\"").append(m[1]).append("\" content=\"").append(m[2]).append("\">\n");
    }
    b.append("<link rel=\"canonical\" href=\"https://www.dailycourier.example/news/").append(slug(headline)).append("\">\n");
    for (String font : new String[] {"serif-display-700", "sans-text-400", "sans-text-700"}) {
      b.append("<link rel=\"preload\" as=\"font\" type=\"font/woff2\" crossorigin href=\"/static/fonts/").append(font).append(".woff2\">\n");
    }
    for (String host : new String[] {"cdn.dailycourier.example", "securepubads.g.doubleclick.net", "www.googletagmanager.com"}) {
      b.append("<link rel=\"preconnect\" href=\"https://").append(host).append("\">\n");
    }
    for (int i = 0; i < 4; i++) {
      b.append("<link rel=\"stylesheet\" href=\"/static/css/").append(token(rnd, 8)).append(".css\" media=\"all\">\n");
    }
    b.append("<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"any\"><link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\">\n");
    b.append("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"/rss.xml\">\n");
    b.append("<style>").append(css(rnd, 16_000)).append("</style>\n");
    b.append("<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
        + "var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;"
        + "j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})"
        + "(window,document,'script','dataLayer','GTM-").append(token(rnd, 7)).append("');</script>\n");
    for (String src : new String[] {"vendor", "runtime", "main", "ads", "consent", "analytics"}) {
      b.append("<script src=\"/static/js/").append(src).append('.').append(token(rnd, 10)).append(".js\" defer></script>\n");
    }
    b.append("<script>").append(javascript(rnd, 18_000)).append("</script>\n");
    b.append("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"BreadcrumbList\",\"itemListElement\":[")
        .append("{\"@type\":\"ListItem\",\"position\":1,\"name\":\"Home\",\"item\":\"https://www.dailycourier.example/\"},")
        .append("{\"@type\":\"ListItem\",\"position\":2,\"name\":\"News\",\"item\":\"https://www.dailycourier.example/news\"}]}</script>\n");
    b.append("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Organization\",\"name\":\"The Daily Courier\",")
        .append("\"url\":\"https://www.dailycourier.example\",\"logo\":{\"@type\":\"ImageObject\",\"url\":\"https://cdn.dailycourier.example/logo.png\"},")
        .append("\"sameAs\":[\"https://twitter.com/dailycourier\",\"https://www.facebook.com/dailycourier\"]}</script>\n");
    return b.toString();
  }

  private static String bodyTop(SplittableRandom rnd) {
    StringBuilder b = new StringBuilder(60_000);
    b.append("\n<a class=\"skip-link screen-reader-text\" href=\"#main\">Skip to content</a>\n");
    b.append("<div id=\"cookie-banner\" class=\"cookie-consent\" role=\"dialog\" aria-live=\"polite\"><div class=\"cookie-consent__inner\">")
        .append("<p>We use cookies and similar technologies to personalise content and ads, to provide social media features and to analyse our traffic. ")
        .append("By clicking Accept you agree to this, as outlined in our <a href=\"/cookie-policy\">Cookie Policy</a>.</p>")
        .append("<button class=\"btn btn--primary\" data-consent=\"accept\">Accept all</button><button class=\"btn\" data-consent=\"manage\">Manage preferences</button></div></div>\n");
    b.append("<div class=\"ad-slot ad-slot--leaderboard\" id=\"div-gpt-ad-").append(rnd.nextInt(1_000_000)).append("-0\" data-ad-unit=\"/1234/courier/news/top\" data-sizes=\"[[728,90],[970,250]]\"></div>\n");
    b.append("<header class=\"site-header\" role=\"banner\"><div class=\"site-header__top\"><ul class=\"utility-links\">");
    for (String s : new String[] {"Subscribe", "Sign in", "Newsletters", "Podcasts", "Puzzles", "E-paper", "Jobs", "Contact us"}) {
      b.append("<li><a href=\"/").append(slug(s)).append("\" class=\"utility-links__link\">").append(s).append("</a></li>");
    }
    b.append("</ul></div><a class=\"site-logo\" href=\"/\" aria-label=\"The Daily Courier home\">").append(svgLogo(rnd)).append("</a>\n");
    b.append("<nav class=\"mega-menu\" aria-label=\"Sections\"><ul class=\"mega-menu__list\">");
    for (String section : SECTIONS) {
      b.append("<li class=\"mega-menu__item mega-menu__item--has-children\"><a class=\"mega-menu__link\" href=\"/")
          .append(slug(section)).append("\" data-track=\"nav|").append(slug(section)).append("\"><span>").append(section)
          .append("</span><svg class=\"icon icon--chevron\" aria-hidden=\"true\" viewBox=\"0 0 16 16\"><path d=\"M4 6l4 4 4-4\"/></svg></a>")
          .append("<div class=\"mega-menu__panel\"><div class=\"mega-menu__columns\">");
      for (int col = 0; col < 3; col++) {
        b.append("<ul class=\"mega-menu__column\">");
        for (int i = 0; i < 10; i++) {
          String topic = headline(rnd, 1 + rnd.nextInt(2));
          b.append("<li class=\"mega-menu__subitem\"><a class=\"mega-menu__sublink\" href=\"/").append(slug(section)).append('/')
              .append(slug(topic)).append("\" data-track=\"nav|").append(slug(section)).append('|').append(slug(topic)).append("\">")
              .append(capitalised(topic)).append("</a></li>");
        }
        b.append("</ul>");
      }
      b.append("</div></div></li>");
    }
    b.append("</ul></nav></header>\n");
    b.append("<div class=\"trending-bar\"><span class=\"trending-bar__label\">Trending</span><ul>");
    for (int i = 0; i < 8; i++) {
      String h = headline(rnd, 4);
      b.append("<li><a href=\"/news/").append(slug(h)).append("\">").append(capitalised(h)).append("</a></li>");
    }
    b.append("</ul></div>\n<div class=\"ad-slot ad-slot--mpu\" id=\"div-gpt-ad-").append(rnd.nextInt(1_000_000)).append("-1\"></div>\n");
    return b.toString();
  }

  private static String bodyBottom(SplittableRandom rnd) {
    StringBuilder b = new StringBuilder(90_000);
    b.append("\n<section class=\"related-articles\" aria-labelledby=\"related-heading\"><h2 id=\"related-heading\">More on this story</h2><div class=\"card-grid\">");
    for (int i = 0; i < 16; i++) {
      String h = headline(rnd, 8);
      String href = "/news/" + slug(h) + "-" + rnd.nextInt(10_000_000);
      b.append("<div class=\"card card--story\"><a class=\"card__link\" href=\"").append(href).append("\" data-track=\"related|").append(i)
          .append("\"><div class=\"card__media\"><img class=\"card__image\" loading=\"lazy\" alt=\"\" width=\"400\" height=\"225\" src=\"https://cdn.dailycourier.example/img/")
          .append(token(rnd, 12)).append(".jpg\" srcset=\"");
      for (int w : new int[] {240, 480, 800, 1200}) {
        b.append("https://cdn.dailycourier.example/img/").append(token(rnd, 12)).append(".jpg?w=").append(w).append(' ').append(w).append("w,");
      }
      b.append("\" sizes=\"(max-width: 600px) 100vw, 33vw\"></div><h3 class=\"card__headline\">").append(capitalised(h))
          .append("</h3></a><p class=\"card__summary\">").append(sentence(rnd, 22)).append("</p><span class=\"card__meta\"><span class=\"card__section\">")
          .append(SECTIONS[rnd.nextInt(SECTIONS.length)]).append("</span></span></div>");
    }
    b.append("</div></section>\n");
    b.append("<div class=\"ad-slot ad-slot--inline\" id=\"div-gpt-ad-").append(rnd.nextInt(1_000_000)).append("-2\"></div>\n");
    b.append("<section class=\"most-popular\"><h2>Most read</h2><ol>");
    for (int i = 0; i < 10; i++) {
      String h = headline(rnd, 7);
      b.append("<li class=\"most-popular__item\"><a href=\"/news/").append(slug(h)).append("\"><span class=\"rank\">").append(i + 1)
          .append("</span><span class=\"headline\">").append(capitalised(h)).append("</span></a></li>");
    }
    b.append("</ol></section>\n");
    b.append("<section id=\"comments\" class=\"comments\"><h2 class=\"comments__title\">").append(20 + rnd.nextInt(80)).append(" comments</h2><ul class=\"comment-list\">");
    for (int i = 0; i < 24; i++) {
      b.append("<li class=\"comment\" id=\"comment-").append(rnd.nextInt(10_000_000)).append("\"><div class=\"comment__header\"><img class=\"avatar\" alt=\"\" src=\"/avatars/")
          .append(token(rnd, 8)).append(".png\" width=\"32\" height=\"32\"><span class=\"comment__author\">").append(NAMES[rnd.nextInt(NAMES.length)])
          .append("</span> <span class=\"comment__age\">").append(1 + rnd.nextInt(23)).append(" hours ago</span></div><div class=\"comment__body\"><p>")
          .append(sentence(rnd, 15 + rnd.nextInt(40))).append("</p>");
      if (rnd.nextInt(3) == 0) {
        b.append("<p>").append(sentence(rnd, 10 + rnd.nextInt(25))).append("</p>");
      }
      b.append("</div><div class=\"comment__actions\"><button class=\"comment__reply\">Reply</button><button class=\"comment__like\" aria-label=\"Like\">")
          .append(rnd.nextInt(200)).append("</button><a class=\"comment__report\" href=\"#report\">Report</a></div></li>");
    }
    b.append("</ul></section>\n");
    b.append("<div class=\"newsletter-signup\"><h2>Get the morning briefing</h2><p>The day's top stories, in your inbox every weekday.</p>")
        .append("<form action=\"/newsletters/subscribe\" method=\"post\"><label for=\"nl-email\">Email address</label>")
        .append("<input id=\"nl-email\" type=\"email\" name=\"email\" required placeholder=\"you@example.com\">")
        .append("<input type=\"hidden\" name=\"list\" value=\"morning-briefing\"><button type=\"submit\">Sign up</button></form></div>\n");
    b.append("<footer class=\"site-footer\" role=\"contentinfo\"><div class=\"site-footer__columns\">");
    for (String section : SECTIONS) {
      b.append("<div class=\"site-footer__column\"><h3>").append(section).append("</h3><ul>");
      for (int i = 0; i < 7; i++) {
        String t = headline(rnd, 2);
        b.append("<li><a href=\"/").append(slug(section)).append('/').append(slug(t)).append("\">").append(capitalised(t)).append("</a></li>");
      }
      b.append("</ul></div>");
    }
    b.append("</div><p class=\"site-footer__legal\">© 2023 The Daily Courier Ltd. All rights reserved.</p></footer>\n");
    b.append("<script id=\"__NEXT_DATA__\" type=\"application/json\">").append(pageState(rnd, 22_000)).append("</script>\n");
    b.append("<script>window.dataLayer=window.dataLayer||[];window.dataLayer.push({event:'article_view',section:'news',wordCount:")
        .append(300 + rnd.nextInt(1500)).append(",paywall:false});</script>\n");
    return b.toString();
  }

  private static String svgLogo(SplittableRandom rnd) {
    StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 40\" width=\"240\" height=\"40\" role=\"img\"><title>The Daily Courier</title>");
    for (int p = 0; p < 14; p++) {
      b.append("<path fill=\"#111\" d=\"M").append(p * 17).append(' ').append(4 + rnd.nextInt(8));
      for (int k = 0; k < 12; k++) {
        b.append(k % 3 == 0 ? " c" : " ").append(rnd.nextInt(200) / 10.0).append(',').append(rnd.nextInt(300) / 10.0 - 15);
      }
      b.append("z\"/>");
    }
    return b.append("</svg>").toString();
  }

  /** Inline CSS as sites ship it: BEM-named rules with media queries. */
  private static String css(SplittableRandom rnd, int size) {
    StringBuilder b = new StringBuilder(size + 200);
    String[] blocks = {"site-header", "mega-menu", "card", "article-body", "comment", "site-footer", "ad-slot", "trending-bar", "btn", "newsletter-signup"};
    String[] props = {"margin:0 auto", "padding:12px 16px", "display:flex", "align-items:center", "font-size:1.125rem",
        "line-height:1.5", "color:#1a1a1a", "background-color:#fff", "border-bottom:1px solid #e0e0e0", "grid-template-columns:repeat(3,1fr)",
        "font-family:\"Courier Sans\",Helvetica,Arial,sans-serif", "transition:opacity .2s ease-in-out", "position:relative", "gap:24px"};
    while (b.length() < size) {
      boolean media = rnd.nextInt(6) == 0;
      if (media) {
        b.append("@media (min-width:").append(480 + 240 * rnd.nextInt(4)).append("px){");
      }
      String block = blocks[rnd.nextInt(blocks.length)];
      b.append('.').append(block).append("__").append(word(rnd));
      if (rnd.nextBoolean()) {
        b.append("--").append(word(rnd));
      }
      b.append(rnd.nextInt(4) == 0 ? ":hover>a" : "").append('{');
      for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
        b.append(props[rnd.nextInt(props.length)]).append(';');
      }
      b.append('}');
      if (media) {
        b.append('}');
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** Bundled JavaScript: modules of small functions, string literals with markup, as bundlers write it. */
  private static String javascript(SplittableRandom rnd, int size) {
    StringBuilder b = new StringBuilder(size + 400);
    b.append("!function(){\"use strict\";var e={},t={};function n(r){var o=t[r];if(void 0!==o)return o.exports;"
        + "var i=t[r]={exports:{}};return e[r](i,i.exports,n),i.exports}\n");
    for (int m = 0; b.length() < size; m++) {
      String name = word(rnd) + capitalised(word(rnd));
      b.append("e[").append(m).append("]=function(module,exports,require){var ").append(name).append("=require(").append(rnd.nextInt(m + 1))
          .append(");function render").append(capitalised(word(rnd))).append("(a,b){if(!a||!a.length)return\"\";var c=[];")
          .append("for(var i=0;i<a.length;i++){c.push('<div class=\"").append(word(rnd)).append("__item\" data-id=\"'+a[i].id+'\">'+a[i].title+'</div>')}")
          .append("return c.join(\"\")}var opts={selector:\".").append(word(rnd)).append("\",threshold:").append(rnd.nextInt(100) / 100.0)
          .append(",endpoint:\"/api/v2/").append(word(rnd)).append('/').append(word(rnd)).append("\",retries:").append(rnd.nextInt(5))
          .append("};exports.init=function(el){return el&&el.querySelectorAll(opts.selector).length>0?fetch(opts.endpoint).then(function(r){return r.json()})")
          .append(".then(function(d){el.innerHTML=render(d.items)}).catch(function(){}):null};module.exports.").append(name).append('=').append(name).append("};\n");
    }
    return b.append("n(0).init(document.body)}();").toString();
  }

  /** A framework's serialised page state: JSON of teasers, settings and translations. */
  private static String pageState(SplittableRandom rnd, int size) {
    StringBuilder b = new StringBuilder(size + 400);
    b.append("{\"props\":{\"pageProps\":{\"edition\":\"uk\",\"teasers\":[");
    for (int i = 0; b.length() < size; i++) {
      String h = headline(rnd, 8);
      b.append(i > 0 ? "," : "").append("{\"id\":\"").append(token(rnd, 16)).append("\",\"headline\":\"").append(capitalised(h))
          .append("\",\"url\":\"/news/").append(slug(h)).append("\",\"section\":\"").append(SECTIONS[rnd.nextInt(SECTIONS.length)])
          .append("\",\"image\":{\"src\":\"https://cdn.dailycourier.example/img/").append(token(rnd, 12)).append(".jpg\",\"width\":800,\"height\":450},")
          .append("\"flags\":{\"live\":").append(rnd.nextInt(10) == 0).append(",\"premium\":").append(rnd.nextInt(4) == 0).append("}}");
    }
    return b.append("]}},\"page\":\"/news/[slug]\",\"buildId\":\"").append(token(rnd, 21)).append("\"}").toString();
  }

  private static String word(SplittableRandom rnd) {
    return WORDS[rnd.nextInt(WORDS.length)];
  }

  private static String headline(SplittableRandom rnd, int words) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words; i++) {
      b.append(i > 0 ? " " : "").append(word(rnd));
    }
    return b.toString();
  }

  private static String sentence(SplittableRandom rnd, int words) {
    return capitalised(headline(rnd, words)) + ".";
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String slug(String s) {
    return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  private static String token(SplittableRandom rnd, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(rnd.nextInt(36)));
    }
    return b.toString();
  }
}
