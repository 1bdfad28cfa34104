package org.falconet.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSONL schema of documents, one JSON object per line.
 *
 * <pre>
 * {"id": "…", "url": "…", "date": "2023-06-01T12:00:00Z", "html": "…", "text": "…",
 *  "metadata": {"language": "en", …}}
 * </pre>
 *
 * Only {@code id} and one of {@code text}/{@code html} are required, so
 * {@code {"id": …, "url": …, "text": …}} is valid input. Removed documents carry two more fields,
 * {@code "stage"} and {@code "reason"}. Absent values are omitted, never written as {@code null}.
 */
public final class JsonlCodec {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonlCodec() {}

  /** One line of JSON, without the newline. */
  public static String encode(Document doc) {
    return write(toJson(doc));
  }

  /** One line for a removed document: the document plus {@code stage} and {@code reason}. */
  public static String encodeRemoved(Document doc, String stage, String reason) {
    ObjectNode node = toJson(doc);
    node.put("stage", stage);
    node.put("reason", reason);
    return write(node);
  }

  static ObjectNode toJson(Document doc) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", doc.id());
    if (doc.url() != null) {
      node.put("url", doc.url());
    }
    if (doc.crawlDate() != null) {
      node.put("date", doc.crawlDate().toString());
    }
    if (doc.html() != null) {
      node.put("html", doc.html());
    }
    if (doc.text() != null) {
      node.put("text", doc.text());
    }
    if (!doc.metadata().isEmpty()) {
      node.set("metadata", MAPPER.valueToTree(doc.metadata()));
    }
    return node;
  }

  private static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode document " + node.path("id").asText(), e);
    }
  }

  /**
   * Parses one line.
   *
   * @throws IllegalArgumentException with a one-line message if the line is not a valid document
   */
  public static Document decode(String line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    JsonNode id = node.get("id");
    if (id == null || !(id.isTextual() || id.isNumber())) {
      throw new IllegalArgumentException("missing \"id\" (a string or number)");
    }
    String text = textField(node, "text");
    String html = textField(node, "html");
    if (text == null && html == null) {
      throw new IllegalArgumentException("document " + id.asText() + " has neither \"text\" nor \"html\"");
    }
    Instant date = null;
    String dateText = textField(node, "date");
    if (dateText != null) {
      try {
        date = Instant.parse(dateText);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("\"date\" is not ISO-8601: " + dateText);
      }
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    JsonNode meta = node.get("metadata");
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject()) {
        throw new IllegalArgumentException("\"metadata\" must be an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = MAPPER.convertValue(meta, Map.class);
      metadata.putAll(m);
    }
    return new Document(id.asText(), textField(node, "url"), date, html, text, metadata);
  }

  /** The {@code stage} and {@code reason} of a removed-document line, or {@code null}s. */
  public static String[] stageAndReason(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      return new String[] {textField(node, "id"), textField(node, "stage"), textField(node, "reason")};
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String textField(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw new IllegalArgumentException("\"" + name + "\" must be a string");
    }
    return v.asText();
  }
}
