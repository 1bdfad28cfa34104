package org.falconet.kernel.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a frontend receives for one displayed object: representations keyed by MIME type (always
 * including {@code text/plain}) plus per-type metadata.
 */
public final class MimeBundle {
  private final Map<String, Object> data = new LinkedHashMap<>();
  private final Map<String, Object> metadata = new LinkedHashMap<>();

  private MimeBundle(String text) {
    data.put("text/plain", text);
  }

  /** A bundle with only a plain-text representation. */
  public static MimeBundle text(String text) {
    return new MimeBundle(text);
  }

  /** An HTML bundle with {@code text} as its plain-text fallback. */
  public static MimeBundle html(String html, String text) {
    return text(text).with("text/html", html);
  }

  /** Adds or replaces the representation for {@code mimeType}. */
  public MimeBundle with(String mimeType, Object value) {
    data.put(mimeType, value);
    return this;
  }

  /** Adds metadata for {@code mimeType} (such as an image's width). */
  public MimeBundle withMetadata(String mimeType, Object value) {
    metadata.put(mimeType, value);
    return this;
  }

  public Map<String, Object> data() {
    return Collections.unmodifiableMap(data);
  }

  public Map<String, Object> metadata() {
    return Collections.unmodifiableMap(metadata);
  }

  /** The representation for {@code mimeType}, or {@code null}. */
  public Object get(String mimeType) {
    return data.get(mimeType);
  }

  @Override
  public String toString() {
    return "MimeBundle" + data.keySet();
  }
}
