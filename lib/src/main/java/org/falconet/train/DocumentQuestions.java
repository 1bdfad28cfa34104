package org.falconet.train;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.corpus.Document;

/**
 * Builds instruction-tuning examples from curated documents: questions whose answers can be read off
 * the document itself (its title, its first sentence, the site it came from, what it is about), so
 * that a small model can learn the {@code User:}/{@code Assistant:} turn shape and short, grounded
 * answers. Deterministic: document {@code i} gets question kind {@code i mod 4}.
 *
 * <pre>
 * User: What is the title of this text?
 *
 * The kernel has a database that associates each device ID with the required driver. …
 * Assistant: 9.11. Hot Plugging: hotplug
 * </pre>
 */
public final class DocumentQuestions {
  /** The four kinds of question, in the order documents cycle through them. */
  public enum Kind { TITLE, FIRST_SENTENCE, WEBSITE, TOPIC }

  /** Longest excerpt shown in a question, in characters (about 70 tokens, so prompt and answer fit 128). */
  public static final int EXCERPT_CHARS = 280;

  private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s|$)");

  private DocumentQuestions() {}

  /** One example with where it came from. */
  public record Item(InstructionData.Example example, Kind kind, String documentId, String url) {}

  /**
   * The example for document number {@code index}, or {@code null} where its answer cannot be read off
   * the document (no title, no sentence of 20–200 characters, no host, no known topic).
   *
   * @param topic what the document is about ("Debian", "Python"), or null if unknown
   */
  public static Item question(Document doc, int index, String topic) {
    Kind kind = Kind.values()[Math.floorMod(index, 4)];
    String text = doc.text() == null ? "" : doc.text().strip();
    String excerpt = excerpt(text, EXCERPT_CHARS);
    String q;
    String a;
    switch (kind) {
      case TITLE -> {
        Object title = doc.meta("title");
        if (title == null || title.toString().isBlank() || excerpt.isEmpty()) {
          return null;
        }
        q = "What is the title of this text?\n\n" + excerpt;
        a = title.toString().strip();
      }
      case FIRST_SENTENCE -> {
        String first = firstSentence(text);
        if (first == null || first.length() < 20 || first.length() > 200) {
          return null;
        }
        q = "What is the first sentence of this text?\n\n" + excerpt;
        a = first;
      }
      case WEBSITE -> {
        String host = host(doc.url());
        if (host == null) {
          return null;
        }
        q = "Which website is this page from? " + doc.url();
        a = "It is from " + host + ".";
      }
      case TOPIC -> {
        if (topic == null || excerpt.isEmpty()) {
          return null;
        }
        q = "Is this text about Debian or Python?\n\n" + excerpt;
        a = "It is about " + topic + ".";
      }
      default -> throw new IllegalStateException();
    }
    return new Item(new InstructionData.Example(q, a), kind, doc.id(), doc.url());
  }

  /** Examples for every document that has one, in document order. */
  public static List<Item> questions(List<Document> docs, Map<String, String> topicByUrl) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      Item item = question(docs.get(i), i, topicByUrl.get(docs.get(i).url()));
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  /** The sample crawl's source column ({@code python-3.11-docs}, {@code debian-handbook}, …) as a topic. */
  public static String topicOfSource(String source) {
    String s = source.toLowerCase(Locale.ROOT);
    return s.startsWith("python") ? "Python" : s.startsWith("debian") || s.startsWith("maint-guide") ? "Debian" : null;
  }

  /** The text up to its first sentence end (., ! or ? before a space or the end), or null. */
  static String firstSentence(String text) {
    String firstLine = text.lines().findFirst().orElse("").strip();
    Matcher m = SENTENCE_END.matcher(firstLine);
    return m.find() ? firstLine.substring(0, m.end()) : null;
  }

  /** The first {@code max} characters, cut back to the last sentence end, else to a word boundary with "…". */
  static String excerpt(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    if (flat.length() <= max) {
      return flat;
    }
    String head = flat.substring(0, max);
    int end = -1;
    Matcher m = SENTENCE_END.matcher(head);
    while (m.find()) {
      end = m.end();
    }
    if (end > max / 2) {
      return head.substring(0, end);
    }
    int space = head.lastIndexOf(' ');
    return (space > 0 ? head.substring(0, space) : head) + " …";
  }

  /** The URL's host without a leading {@code www.}, or null. */
  static String host(String url) {
    try {
      String h = url == null ? null : URI.create(url).getHost();
      return h == null ? null : h.startsWith("www.") ? h.substring(4) : h;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
