package org.falconet.provenance;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.falconet.filter.url.UrlBlocklist;

/**
 * A stage's {@code Params} record as JSON, the same on every run of the same parameters: sets are
 * written sorted, maps by key; a list or set of more than {@value #LIST_LIMIT} entries (a full
 * word list) is written as its count and the SHA-256 of its entries, one a line; a URL blocklist
 * as its domain and URL counts and the SHA-256 of its content; a path as its string.
 */
final class ParamsJson {
  /** Longer collections are summarised: the manifest stays readable with UT1's millions of entries. */
  static final int LIST_LIMIT = 64;

  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .registerModule(new SimpleModule("falconet-params")
          .addSerializer(Path.class, ToStringSerializer.instance)
          .addSerializer(UrlBlocklist.class, new BlocklistSerializer())
          .addSerializer(new CollectionSerializer()));

  private ParamsJson() {}

  /** {@code params} as a JSON tree; {@code null} stays null. */
  static JsonNode of(Object params) {
    return params == null ? null : MAPPER.valueToTree(params);
  }

  private static final class BlocklistSerializer extends StdSerializer<UrlBlocklist> {
    BlocklistSerializer() {
      super(UrlBlocklist.class);
    }

    @Override
    public void serialize(UrlBlocklist b, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeStartObject();
      gen.writeNumberField("domains", b.domainCount());
      gen.writeNumberField("urls", b.urlCount());
      gen.writeStringField("sha256", b.contentSha256());
      gen.writeEndObject();
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final class CollectionSerializer extends StdSerializer<Collection> {
    CollectionSerializer() {
      super(Collection.class);
    }

    @Override
    public void serialize(Collection c, JsonGenerator gen, SerializerProvider provider) throws IOException {
      List<Object> items = new ArrayList<>(c);
      if (c instanceof Set) {
        items.sort(Comparator.comparing(String::valueOf));
      }
      if (items.size() > LIST_LIMIT) {
        MessageDigest sha = FileDigest.newSha256();
        for (Object o : items) {
          sha.update((o + "\n").getBytes(StandardCharsets.UTF_8));
        }
        gen.writeStartObject();
        gen.writeNumberField("count", items.size());
        gen.writeStringField("sha256", HexFormat.of().formatHex(sha.digest()));
        gen.writeEndObject();
        return;
      }
      gen.writeStartArray();
      for (Object o : items) {
        provider.defaultSerializeValue(o, gen);
      }
      gen.writeEndArray();
    }
  }
}
