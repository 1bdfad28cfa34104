package org.falconet.corpus;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One web document on its way through the pipeline: where it came from, its raw HTML (until
 * extraction), its plain text (after extraction, or as given by the user) and a metadata map that
 * stages fill (language, scores, removed lines...).
 *
 * <p>Immutable: stages return changed copies through the {@code with...} methods. Metadata values
 * must be JSON-serialisable (strings, numbers, booleans, lists and maps of them).
 *
 * <pre>{@code
 * Document doc = Document.ofText("doc-1", "https://example.com/", "Hello, world.");
 * Document tagged = doc.withMeta("language", "en").withMeta("language_score", 0.98);
 * }</pre>
 *
 * @param id        unique within a run; the key of accounting and {@code why(id)}
 * @param url       the page's URL, or {@code null} for text without one
 * @param crawlDate when the page was fetched, or {@code null}
 * @param html      the raw HTML as decoded from the crawl, or {@code null} once extracted / for text input
 * @param text      the plain text, or {@code null} before extraction
 * @param metadata  stage annotations, insertion-ordered, unmodifiable
 */
public record Document(String id, String url, Instant crawlDate, String html, String text,
                       Map<String, Object> metadata) {

  public Document {
    Objects.requireNonNull(id, "id");
    if (html == null && text == null) {
      throw new IllegalArgumentException("document " + id + " has neither html nor text");
    }
    metadata = metadata == null || metadata.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A document that is already plain text, as users bring their own corpora. */
  public static Document ofText(String id, String url, String text) {
    return new Document(id, url, null, null, text, Map.of());
  }

  /** A crawled page before extraction. */
  public static Document ofHtml(String id, String url, Instant crawlDate, String html) {
    return new Document(id, url, crawlDate, html, null, Map.of());
  }

  /** The text if extracted, else the raw HTML: what a stage that measures size sees. */
  public String content() {
    return text != null ? text : html;
  }

  /** Size of {@link #content()} in UTF-8 bytes, as the funnel counts it. */
  public long contentBytes() {
    return Utf8.length(content());
  }

  public Document withText(String newText) {
    return new Document(id, url, crawlDate, html, newText, metadata);
  }

  /** The extracted form: text set, raw HTML dropped to save memory and disk. */
  public Document extracted(String newText) {
    return new Document(id, url, crawlDate, null, newText, metadata);
  }

  public Document withMeta(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(metadata);
    m.put(key, value);
    return new Document(id, url, crawlDate, html, text, m);
  }

  public Document withMeta(Map<String, ?> more) {
    Map<String, Object> m = new LinkedHashMap<>(metadata);
    m.putAll(more);
    return new Document(id, url, crawlDate, html, text, m);
  }

  /** A metadata value, or {@code null}. */
  public Object meta(String key) {
    return metadata.get(key);
  }
}
