package org.falconet.kernel.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One Jupyter message (protocol 5.3): routing identities, header, parent header, metadata, content.
 *
 * @param identities ZeroMQ routing frames the reply must carry back
 * @param header     msg_id, session, username, date, msg_type, version
 * @param parent     the request's header for replies and outputs, empty otherwise
 * @param metadata   free-form metadata
 * @param content    the type-specific body
 */
public record Message(List<byte[]> identities, ObjectNode header, ObjectNode parent, ObjectNode metadata,
                      ObjectNode content) {

  /** The protocol version this kernel speaks. */
  public static final String PROTOCOL_VERSION = "5.3";
  static final ObjectMapper JSON = new ObjectMapper();

  public String type() {
    return header.path("msg_type").asText();
  }

  public String id() {
    return header.path("msg_id").asText();
  }

  /** A new message of {@code type} in reply to (or caused by) this one, with the same identities. */
  public Message reply(String type, ObjectNode body) {
    return new Message(identities, newHeader(type, header.path("session").asText(), header.path("username").asText()),
        header.deepCopy(), JSON.createObjectNode(), body);
  }

  /** A header for a message this kernel originates. */
  public static ObjectNode newHeader(String type, String session, String username) {
    ObjectNode h = JSON.createObjectNode();
    h.put("msg_id", UUID.randomUUID().toString());
    h.put("session", session);
    h.put("username", username.isEmpty() ? "kernel" : username);
    h.put("date", Instant.now().toString());
    h.put("msg_type", type);
    h.put("version", PROTOCOL_VERSION);
    return h;
  }

  /** An empty JSON object, for building content. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  public static ObjectMapper json() {
    return JSON;
  }
}
