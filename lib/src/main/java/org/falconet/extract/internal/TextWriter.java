package org.falconet.extract.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Writes the text of a main-content element as lines: one line per block (heading, paragraph,
 * list item, table row, quotation), code blocks verbatim; boilerplate inside the content area and
 * link lists are left out, as trafilatura's precision mode does.
 */
public final class TextWriter {

  /** Elements that start and end a line of output. */
  private static final Set<String> BLOCKS = Set.of(
      "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
      "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "thead", "tbody", "tfoot", "caption",
      "address", "center", "details", "summary", "hr", "form", "body", "html", "figcaption");

  private static final Set<String> CELLS = Set.of("td", "th");

  /** Short lines that are page furniture, not article text (trafilatura's precision checks). */
  private static final Pattern FURNITURE = Pattern.compile(
      "^(share( this( article| post| story)?)?( on \\w+)?|tweet|pin it|print|email|e-mail|advertisement|ad|"
      + "read more|continue reading|read the full (story|article)|related( articles| posts| stories)?|"
      + "sign up|subscribe( now)?|follow us( on \\w+)?|leave a (comment|reply)|\\d* ?comments?|"
      + "posted in .*|filed under.*|tags?:.*|categories?:.*|skip to (main )?content|back to top|"
      + "all rights reserved.*|copyright .*|© .*|.*cookies?.*(accept|agree|consent).*|previous( post| article)?|"
      + "next( post| article)?|loading.*|click here.*|you may also like.*|(the )?(story|article) continues below.*|"
      + "advertisement ?[-–—] ?scroll to continue.*|sponsored( content)?|recommended( for you| videos| stories)?|"
      + "most (read|popular|viewed)|trending( now)?|(table of )?contents|in this (article|section|page)|(photo|image)( credit)?: .*|getty images|share on \\w+|advert|caption|close|"
      + "this slideshow requires javascript|tell us what you think.*|(image|photo|picture) \\d+ of \\d+|enlarge( this image)?|expand|"
      + "listen to (this|the) (article|story).*|\\d+ min(ute)?s? read|(photo|image|picture)s?: .*|credit: .*"
      // the same furniture in German, French, Spanish, Italian and Polish; lines that are a date alone
      + "|(foto|fotos|bild|bilder|beitragsbild|quelle|quellen|źródło|fuente|crédits?|copyright|photo credit)s? ?: .*"
      + "|(aktualisiert|publiziert|veröffentlicht|erschienen|stand|letzte änderung|mis à jour|publié le|publicado|pubblicato)( am| le| el| il)? ?:? .*"
      + "|kommentare?( schreiben)?|keine kommentare.*|kommentare geschlossen|\\d+ kommentare?|anzeige|[-–] ?anzeige ?[-–]|werbung|drucken|teilen|artikel teilen|weiterlesen|nach oben|zurück"
      + "|schlagworte|schlagwörter|schlagworte:.*|themen:.*|kategorien?:.*|category ?:.*|tags ?:.*|quellen ausblenden|quellenangaben"
      + "|vergrößern|imprimer|partager|commentaires?|compartir|comentarios?|condividi|commenti|drukuj|udostępnij|komentarze"
      + "|\\d{1,2}\\.\\d{1,2}\\.\\d{2,4}(,? \\d{1,2}[:.]\\d{2}( uhr)?)?)[\\s.!:»›→]*$",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /**
   * Headings of the boxes that follow an article (related and recommended stories, partner links):
   * the short blocks after one are teasers.
   */
  private static final Pattern SECTION_END = Pattern.compile(
      "(related( links| articles| posts| stories| content| news| coverage)?|(our )?(latest|top|more|popular|recent|trending|other) "
      + "(stories|news|articles|posts|headlines|videos)|most (read|popular|viewed|shared)( in [\\w ]+)?|partner (news|content)"
      + "|you (may|might) (also )?(like|be interested in|enjoy)|(don'?t|do not) miss|more (in|from|on) [\\w .'’-]+|recommended( for you)?"
      + "|read (more|next|also)|see also|also read|further reading|sponsored links|popular now|editor'?s picks"
      // the same headings in the languages of trafilatura's evaluation pages (German, French, Spanish,
      // Italian, Portuguese, Dutch, Polish)
      + "|mehr (zum thema|zu diesem thema|dazu|aus dem ressort)( [\\w .'’-]+)?"
      + "|(weitere|weiterführende|ähnliche|verwandte|passende|aktuelle) (artikel|beiträge|informationen|links|themen|nachrichten|news|meldungen|berichte)( [\\w .'’-]+)?"
      + "|(das|dies)( thema)? (könnte|dürfte) (dich|sie|euch) (auch )?interessieren|(auch|ebenfalls) interessant|schon gelesen"
      + "|siehe auch|entdecke (weitere|mehr) [\\w -]+|alle (nachrichten|artikel|news|beiträge|meldungen)( [\\w .'’-]+)?"
      + "|meist(gelesen|diskutiert|kommentiert|geklickt)e?( artikel| beiträge| news)?|empfehlung(en)? der redaktion|lesetipps?"
      + "|noch mehr( infos| zum thema)?( für dich)?|lust auf mehr|lesen sie (auch|mehr)|(artikel und )?videos zum thema"
      + "|das (wichtigste|neueste) zum thema|themen im artikel"
      + "|à (lire|découvrir|voir)( aussi| également)?|lire (aussi|également)|sur le même (sujet|thème)|en savoir plus"
      + "|articles? (similaires|liés|associés|recommandés)|vous (aimerez|pourriez aimer) aussi|les plus (lus|partagés)"
      + "|(lee|lea) (también|más)|(también )?te puede interesar|(noticias|artículos) relacionad[oa]s|más noticias|lo más (leído|visto)"
      + "|leggi anche|potrebbe interessarti|articoli correlati|(i )?più letti"
      + "|leia (também|mais)|veja também|(notícias|artigos) relacionad[oa]s|mais lidas"
      + "|lees ook|meer (nieuws|artikelen)|gerelateerde artikelen"
      + "|zobacz (również|też|także)|polecamy|czytaj (też|także|również|więcej)|najczęściej czytane)[\\s.!:»›→…?]*",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /**
   * Calls to subscribe, sign up for a newsletter, follow the site or get its app, and prompts to
   * comment or write to the editor, in the languages of the evaluation pages.
   */
  private static final Pattern CALL_TO_ACTION = Pattern.compile(
      "\\b(sign(ing)? up (for|to) (our|the) [\\w ]*newsletter|subscribe (now |today )?(to|for) (our|the)|(please )?subscribe to (read|view|continue)"
      + "|to (view|read) the full (story|article)|for the full story|follow (us|[\\w .]+) on (twitter|facebook|instagram)"
      + "|(download|get) (the|our) [\\w ]*app|straight to your (phone|inbox)|letter to the editor|already a subscriber"
      + "|newsletter (abonnieren|bestellen|anmelden)|zum newsletter|mit unserem newsletter|folgen sie uns|jetzt abonnieren"
      + "|sie müssen sich einloggen|abonnez-vous|inscrivez-vous à (notre|la) newsletter|suscríbete|iscriviti alla newsletter)\\b",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  /** Each alternative of {@link #CALL_TO_ACTION} holds one of these: a cheap test before the pattern. */
  private static final String[] CALL_STEMS = {
      "newsletter", "subscri", "full", "follow", "app", "straight", "editor", "folgen", "abonn", "einloggen", "suscr"};

  private static boolean mayBeCall(String line) {
    String lower = line.toLowerCase(java.util.Locale.ROOT);
    for (String stem : CALL_STEMS) {
      if (lower.contains(stem)) {
        return true;
      }
    }
    return false;
  }

  /** Calls to action are shorter than this. */
  private static final int CALL_MAX_CHARS = 220;

  /** Teasers are shorter than this; a longer block ends a teaser list. */
  private static final int TEASER_MAX_CHARS = 200;

  private TextWriter() {}

  /** One output block: its text, how much of it is link text, and the tag that opened it. */
  private static final class Block {
    final StringBuilder text = new StringBuilder();
    int linkChars;
    String tag = "";
    boolean pre;
  }

  /**
   * The blocks under {@code root} as text lines. {@code deadlineNanos} bounds the walk; past it the
   * method throws {@link TimeoutException}.
   */
  public static List<String> lines(Element root, String title, long deadlineNanos) {
    return lines(root, title, false, deadlineNanos);
  }

  /**
   * {@link #lines(Element, String, long)} for a tree already pruned of junk tags and hidden
   * elements when {@code pruned}: they are not looked for again.
   */
  public static List<String> lines(Element root, String title, boolean pruned, long deadlineNanos) {
    return lines(root, title, pruned, true, deadlineNanos);
  }

  /**
   * {@link #lines(Element, String, boolean, long)}, with boxes named as boilerplate left in when
   * not {@code skipNamed} (the last resort for a page whose every box has such a name).
   */
  public static List<String> lines(Element root, String title, boolean pruned, boolean skipNamed, long deadlineNanos) {
    List<Block> blocks = new ArrayList<>();
    int[] rootLength = {-1};   // computed when first needed
    Block[] cur = {new Block()};
    int[] inLink = {0};
    int[] inPre = {0};
    int[] visited = {0};
    NodeTraversor.filter(new NodeFilter() {
      @Override
      public FilterResult head(Node node, int depth) {
        if ((++visited[0] & 1023) == 0 && System.nanoTime() > deadlineNanos) {
          throw new TimeoutException();
        }
        if (node instanceof TextNode t) {
          append(cur[0], t.getWholeText(), inPre[0] > 0, inLink[0] > 0);
          return FilterResult.CONTINUE;
        }
        if (!(node instanceof Element e)) {
          return FilterResult.SKIP_ENTIRELY;
        }
        String tag = e.normalName();
        if (node != root && (!pruned && (Boilerplate.junkTag(tag) && !Boilerplate.wrapsArticle(e) || Boilerplate.hidden(e))
            || (skipNamed && Boilerplate.named(e) && !holdsMostText(e, root, rootLength) && !proseBox(e)))) {
          return FilterResult.SKIP_ENTIRELY;
        }
        if (tag.equals("br")) {
          cur[0].text.append('\n');
        } else if (tag.equals("a")) {
          inLink[0]++;
        } else if (CELLS.contains(tag)) {
          if (cur[0].text.length() > 0) {
            cur[0].text.append(" | ");
          }
        } else if (BLOCKS.contains(tag)) {
          cur[0] = flush(blocks, cur[0]);
          cur[0].tag = tag;
          if (tag.equals("pre")) {
            inPre[0]++;
          }
          cur[0].pre = inPre[0] > 0;
        }
        return FilterResult.CONTINUE;
      }

      @Override
      public FilterResult tail(Node node, int depth) {
        if (node instanceof Element e) {
          String tag = e.normalName();
          if (tag.equals("a")) {
            inLink[0]--;
          } else if (BLOCKS.contains(tag)) {
            if (tag.equals("pre")) {
              inPre[0]--;
            }
            cur[0] = flush(blocks, cur[0]);
            cur[0].pre = inPre[0] > 0;
          }
        }
        return FilterResult.CONTINUE;
      }
    }, root);
    flush(blocks, cur[0]);
    int[] teaserChars = new int[1];
    List<String> kept = keep(blocks, title, true, teaserChars);
    // Teasers are a tail to an article, never most of the text: if they would be, the heading was the article's own.
    return teaserChars[0] > length(kept) / 2 ? keep(blocks, title, false, teaserChars) : kept;
  }

  /** A named-boilerplate element that holds most of the content is a mis-named wrapper, not boilerplate. */
  private static boolean holdsMostText(Element e, Element root, int[] rootLength) {
    if (rootLength[0] < 0) {
      rootLength[0] = MainContent.textLength(root);
    }
    return rootLength[0] > 0 && MainContent.textLength(e) > 0.6 * rootLength[0];
  }

  /** A weakly named box of prose with few links (a documentation note) is content. */
  private static boolean proseBox(Element e) {
    return Boilerplate.weaklyNamed(e) && MainContent.textLength(e) >= 150 && MainContent.linkDensity(e) < 0.25
        && (!Boilerplate.mediaNamed(e) || e.getElementsByTag("p").size() >= 2);   // a caption is prose, but not paragraphs
  }

  private static void append(Block b, String s, boolean pre, boolean link) {
    if (pre) {
      b.text.append(s);
      return;
    }
    int before = b.text.length();
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (MainContent.space(s.charAt(i))) {
        int len = b.text.length();
        if (len > 0 && b.text.charAt(len - 1) != ' ' && b.text.charAt(len - 1) != '\n') {
          b.text.append(' ');
        }
        i++;
        continue;
      }
      int j = i + 1;
      while (j < n && !MainContent.space(s.charAt(j))) {
        j++;
      }
      b.text.append(s, i, j);   // a word at a time
      i = j;
    }
    if (link) {
      b.linkChars += b.text.length() - before;
    }
  }

  private static Block flush(List<Block> blocks, Block b) {
    if (b.text.length() > 0) {
      blocks.add(b);
      Block next = new Block();
      next.tag = "";
      return next;
    }
    return b;
  }

  private static int length(List<String> lines) {
    int n = 0;
    for (String l : lines) {
      n += l.length();
    }
    return n;
  }

  /**
   * The blocks that are article text. With {@code teasers}, the short blocks after a
   * related-stories heading are left out, their length added to {@code teaserChars[0]}.
   */
  private static List<String> keep(List<Block> blocks, String title, boolean teasers, int[] teaserChars) {
    List<String> out = new ArrayList<>();
    List<String> texts = new ArrayList<>(blocks.size());
    for (Block b : blocks) {
      texts.add(b.pre ? stripBlankEdges(b.text.toString()) : tidy(b.text.toString()));
    }
    // Repeated blocks stay: trafilatura deduplicates only on request, and RefinedWeb's Gopher
    // repetition filter, the next stage, is what judges them.
    boolean inTeasers = false;
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      String text = texts.get(i);
      if (text.isEmpty()) {
        continue;
      }
      // A "related stories" heading starts a list of teasers: short blocks up to the next long paragraph.
      if (inTeasers && (b.pre || text.length() >= TEASER_MAX_CHARS)) {
        inTeasers = false;
      }
      if (teasers && !b.pre && text.length() < 80 && out.size() >= 2 && SECTION_END.matcher(text).matches()) {
        inTeasers = true;
        continue;
      }
      int len = text.length();
      double density = b.linkChars / (double) Math.max(1, b.text.length());
      boolean heading = b.tag.length() == 2 && b.tag.charAt(0) == 'h' && Character.isDigit(b.tag.charAt(1));
      // trafilatura drops link-dense paragraphs and lists (link_density_test): menus, "related" lists.
      boolean dropped = !b.pre && (density > (b.tag.equals("li") || len < 100 ? 0.5 : 0.7)
          || len < 120 && mayBeFurniture(text) && FURNITURE.matcher(text).matches());
      if (inTeasers) {
        // only what would otherwise be kept counts: the link lists after the heading go anyway
        teaserChars[0] += dropped ? 0 : len;
        continue;
      }
      if (dropped) {
        continue;
      }
      // a short call to subscribe, sign up or follow the site is the site's, not the article's
      if (!b.pre && len < CALL_MAX_CHARS && mayBeCall(text) && CALL_TO_ACTION.matcher(text).find()) {
        continue;
      }
      // The title goes to metadata; a heading repeating it near the top (after a kicker, say) is not body text.
      if (heading && out.size() < 3 && title != null && sameText(text, title)) {
        continue;
      }
      out.add(text);
    }
    return out;
  }

  /** Words a furniture line can start with: a cheap test before the {@link #FURNITURE} pattern. */
  private static final Set<String> FURNITURE_START = Set.of(
      "share", "tweet", "pin", "print", "email", "e", "advertisement", "ad", "read", "continue", "related", "sign",
      "subscribe", "follow", "leave", "comment", "comments", "posted", "filed", "tag", "tags", "category",
      "categories", "skip", "back", "all", "copyright", "previous", "next", "loading", "click", "you", "the", "story",
      "article", "sponsored", "recommended", "most", "trending", "photo", "image", "getty", "table", "contents", "in",
      "caption", "close", "this", "tell", "picture", "enlarge", "expand", "listen", "credit", "photos", "images", "pictures",
      "foto", "fotos", "bild", "bilder", "beitragsbild", "quelle", "quellen", "źródło", "fuente", "crédit", "crédits",
      "aktualisiert", "publiziert", "veröffentlicht", "erschienen", "stand", "letzte", "mis", "publié", "publicado",
      "pubblicato", "kommentar", "kommentare", "anzeige", "werbung", "drucken", "teilen", "artikel", "weiterlesen", "nach",
      "zurück", "schlagworte", "schlagwörter", "themen", "kategorie", "kategorien", "quellenangaben", "vergrößern",
      "imprimer", "partager", "commentaire", "commentaires", "compartir", "comentario", "comentarios", "condividi",
      "commenti", "drukuj", "udostępnij", "komentarze", "keine", "advert");

  private static boolean mayBeFurniture(String line) {
    int end = 0;
    while (end < line.length() && Character.isLetter(line.charAt(end))) {
      end++;
    }
    if (end == 0) {
      return true;   // starts with a digit or a sign: "12 comments", "© 2023"
    }
    return FURNITURE_START.contains(line.substring(0, end).toLowerCase(java.util.Locale.ROOT))
        || line.contains("ookie");
  }

  private static boolean sameText(String a, String b) {
    String x = a.strip();
    String y = b.strip();
    return x.equalsIgnoreCase(y) || (x.length() > 10 && y.toLowerCase().contains(x.toLowerCase()));
  }

  /** Trims each line and drops spaces around in-block line breaks. */
  private static String tidy(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (String line : s.split("\n", -1)) {
      String t = line.strip();
      if (!t.isEmpty()) {
        if (out.length() > 0) {
          out.append('\n');
        }
        out.append(t);
      }
    }
    return out.toString();
  }

  private static String stripBlankEdges(String s) {
    String t = s.replaceAll("^(\\s*\\n)+", "");
    return t.stripTrailing();
  }

  /** Thrown when a page takes longer than its time budget. */
  public static final class TimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimeoutException() {
      super("extraction time budget exceeded", null, false, false);
    }
  }
}
