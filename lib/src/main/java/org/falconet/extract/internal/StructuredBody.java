package org.falconet.extract.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;

/**
 * The article text a page publishes as schema.org JSON-LD ({@code <script type="application/ld+json">}):
 * the last resort of the extractor on pages whose markup holds no text of the article (a page built
 * by JavaScript from data it carries), as trafilatura's baseline reads {@code articleBody} from
 * JSON-LD. Read from the raw page, since the extractor empties the head's scripts before parsing.
 */
public final class StructuredBody {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
      .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
      .enable(JsonParser.Feature.ALLOW_COMMENTS)
      .build();

  /** Pages with more JSON-LD blocks than this are read up to it. */
  private static final int MAX_BLOCKS = 32;

  /** A {@code description} shorter than this is a summary, not the article. */
  static final int MIN_DESCRIPTION_CHARS = 250;

  private StructuredBody() {}

  /**
   * The article a page publishes as JSON-LD: the longest {@code articleBody} of its items, or, when
   * none has one, the {@code description} and the {@code text} of the parts (a how-to's steps), in
   * order, of the item with the most of them, if at least {@value #MIN_DESCRIPTION_CHARS} characters; comments, reviews, authors
   * and publishers are not read. HTML inside the values is written as blocks. Empty when the page
   * has no such item; malformed blocks are passed over.
   */
  public static List<String> lines(String html, long deadlineNanos) {
    String best = "";
    String bestBody = "";
    String lower = null;
    int from = 0;
    for (int blocks = 0; blocks < MAX_BLOCKS; blocks++) {
      int type = html.indexOf("application/ld+json", from);
      if (type < 0) {
        break;
      }
      if (lower == null) {
        lower = html.toLowerCase(Locale.ROOT);   // only pages that have JSON-LD get here
      }
      int start = html.indexOf('>', type);
      int end = start < 0 ? -1 : lower.indexOf("</script", start);
      if (end < 0) {
        break;
      }
      from = end;
      JsonNode root;
      try {
        root = JSON.readTree(html.substring(start + 1, end));
      } catch (java.io.IOException | RuntimeException e) {
        continue;   // not JSON after all: other blocks may be
      }
      List<JsonNode> items = new ArrayList<>();
      items(root, items, 0);
      for (JsonNode item : items) {
        JsonNode body = item.get("articleBody");
        if (body != null && body.isTextual()) {
          bestBody = body.asText().strip().length() > bestBody.length() ? body.asText().strip() : bestBody;
          continue;
        }
        String text = itemText(item);
        if (text.length() > best.length()) {
          best = text;
        }
      }
    }
    if (!bestBody.isEmpty()) {
      best = bestBody;
    } else if (best.length() < MIN_DESCRIPTION_CHARS) {
      return List.of();
    }
    if (best.indexOf('<') < 0) {
      return List.of(best.split("\\s*\\n\\s*"));
    }
    return TextWriter.lines(Jsoup.parseBodyFragment(best).body(), null, false, deadlineNanos);
  }

  /** Keys whose values are not the item's own text. */
  private static final Set<String> NOT_READ = Set.of(
      "comment", "comments", "review", "reviews", "author", "publisher", "creator", "contributor", "editor",
      "sourceOrganization", "isPartOf", "mainEntityOfPage", "breadcrumb", "potentialAction", "about", "mentions");

  /** The top-level items of a JSON-LD block: the block, its array's elements, its {@code @graph}'s. */
  private static void items(JsonNode n, List<JsonNode> out, int depth) {
    if (depth > 4) {
      return;
    }
    if (n.isArray()) {
      for (JsonNode c : n) {
        items(c, out, depth + 1);
      }
    } else if (n.isObject()) {
      out.add(n);
      if (n.has("@graph")) {
        items(n.get("@graph"), out, depth + 1);
      }
    }
  }

  /** An item's description and its parts' texts joined by newlines. */
  private static String itemText(JsonNode item) {
    StringBuilder out = new StringBuilder();
    texts(item, out, 0);
    return out.toString().strip();
  }

  private static void texts(JsonNode n, StringBuilder out, int depth) {
    if (depth > 16) {
      return;
    }
    if (n.isArray()) {
      for (JsonNode c : n) {
        texts(c, out, depth + 1);
      }
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String key = f.getKey();
      JsonNode v = f.getValue();
      if (v.isTextual()) {
        if (key.equals("description") || key.equals("text")) {
          out.append(v.asText().strip()).append('\n');
        }
      } else if (!NOT_READ.contains(key) && !key.equals("@graph")) {
        texts(v, out, depth + 1);
      }
    }
  }
}
