package org.falconet.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face's {@code tokenizer.json}, read into a {@link Tokenizer} and written from one.
 *
 * <p>Read: {@code model} (type {@code BPE}: {@code vocab}, {@code merges} as {@code "a b"} strings or
 * {@code ["a", "b"]} pairs, {@code unk_token}, {@code ignore_merges}), {@code added_tokens},
 * {@code pre_tokenizer} ({@code Sequence}, {@code ByteLevel}, {@code Punctuation}, {@code Digits},
 * {@code Split}) and {@code decoder} ({@code ByteLevel}). Anything that would change the ids and is not
 * modelled here (a normalizer, dropout, an unknown type, ...) is an error naming the part.
 */
public final class TokenizerJson {
  private TokenizerJson() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the tokenizer at {@code path}. */
  public static Tokenizer read(Path path) throws IOException {
    return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
  }

  /** Parses a {@code tokenizer.json} document; {@code source} names it in errors. */
  public static Tokenizer parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TokenizerFormatException(source + ": malformed JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
    }
    if (root == null || !root.isObject()) {
      throw new TokenizerFormatException(source + ": not a JSON object");
    }
    try {
      for (String off : List.of("truncation", "padding")) {
        if (root.has(off) && !root.get(off).isNull()) {
          throw new TokenizerFormatException(off + ": only null is supported");
        }
      }
      if (root.has("normalizer") && !root.get("normalizer").isNull()) {
        throw new TokenizerFormatException("normalizer: type '" + root.get("normalizer").path("type").asText()
            + "' is not supported (only null)");
      }
      JsonNode post = root.path("post_processor");
      if (!post.isMissingNode() && !post.isNull() && !"ByteLevel".equals(post.path("type").asText())) {
        throw new TokenizerFormatException("post_processor: type '" + post.path("type").asText()
            + "' is not supported (only null or ByteLevel)");
      }
      JsonNode dec = root.path("decoder");
      if (!"ByteLevel".equals(dec.path("type").asText(null))) {
        throw new TokenizerFormatException("decoder: " + (dec.isMissingNode() || dec.isNull() ? "missing"
            : "type '" + dec.path("type").asText() + "'") + "; only ByteLevel is supported");
      }
      BytePairEncoding model = model(object(root, "model", "model"));
      PreTokenizer pre = preTokenizer(root.path("pre_tokenizer"), "pre_tokenizer");
      List<AddedToken> added = addedTokens(root.path("added_tokens"));
      return new Tokenizer(model, pre, added);
    } catch (TokenizerFormatException e) {
      throw new TokenizerFormatException(source + ": " + e.getMessage());
    }
  }

  private static JsonNode object(JsonNode parent, String field, String where) {
    JsonNode n = parent.path(field);
    if (!n.isObject()) {
      throw new TokenizerFormatException(where + ": " + (n.isMissingNode() ? "missing" : "not an object"));
    }
    return n;
  }

  private static BytePairEncoding model(JsonNode m) {
    String type = m.path("type").asText(null);
    if (!"BPE".equals(type)) {
      throw new TokenizerFormatException("model.type: " + (type == null ? "missing" : "'" + type + "'")
          + "; only BPE is supported");
    }
    for (String absent : List.of("dropout", "continuing_subword_prefix", "end_of_word_suffix")) {
      if (m.has(absent) && !m.get(absent).isNull()) {
        throw new TokenizerFormatException("model." + absent + ": only null is supported");
      }
    }
    if (m.path("fuse_unk").asBoolean(false) && m.path("unk_token").isTextual()) {
      throw new TokenizerFormatException("model.fuse_unk: only false is supported");
    }
    if (m.path("byte_fallback").asBoolean(false)) {
      throw new TokenizerFormatException("model.byte_fallback: only false is supported");
    }
    JsonNode v = object(m, "vocab", "model.vocab");
    Map<String, Integer> vocab = new LinkedHashMap<>(v.size() * 2);
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().canConvertToInt()) {
        throw new TokenizerFormatException("model.vocab['" + e.getKey() + "']: not an integer id");
      }
      vocab.put(e.getKey(), e.getValue().intValue());
    }
    JsonNode ms = m.path("merges");
    if (!ms.isArray()) {
      throw new TokenizerFormatException("model.merges: " + (ms.isMissingNode() ? "missing" : "not an array"));
    }
    List<String[]> merges = new ArrayList<>(ms.size());
    for (int i = 0; i < ms.size(); i++) {
      JsonNode e = ms.get(i);
      String[] pair;
      if (e.isTextual()) {
        pair = e.asText().split(" ", -1);
      } else if (e.isArray() && e.size() == 2 && e.get(0).isTextual() && e.get(1).isTextual()) {
        pair = new String[] {e.get(0).asText(), e.get(1).asText()};
      } else {
        pair = null;
      }
      if (pair == null || pair.length != 2) {
        throw new TokenizerFormatException("model.merges[" + i + "]: " + e + " is not a pair \"a b\" or [\"a\", \"b\"]");
      }
      merges.add(pair);
    }
    JsonNode unk = m.path("unk_token");
    return new BytePairEncoding(vocab, merges, unk.isTextual() ? unk.asText() : null,
        m.path("ignore_merges").asBoolean(false));
  }

  private static List<AddedToken> addedTokens(JsonNode a) {
    List<AddedToken> out = new ArrayList<>();
    if (a.isMissingNode() || a.isNull()) {
      return out;
    }
    if (!a.isArray()) {
      throw new TokenizerFormatException("added_tokens: not an array");
    }
    for (int i = 0; i < a.size(); i++) {
      JsonNode t = a.get(i);
      if (!t.path("id").canConvertToInt() || !t.path("content").isTextual()) {
        throw new TokenizerFormatException("added_tokens[" + i + "]: needs an integer id and a string content");
      }
      out.add(new AddedToken(t.get("id").intValue(), t.get("content").asText(),
          t.path("single_word").asBoolean(false), t.path("lstrip").asBoolean(false),
          t.path("rstrip").asBoolean(false), t.path("normalized").asBoolean(true),
          t.path("special").asBoolean(false)));
    }
    return out;
  }

  private static PreTokenizer preTokenizer(JsonNode p, String where) {
    if (p.isMissingNode() || p.isNull()) {
      throw new TokenizerFormatException(where + ": missing; a byte-level tokenizer needs ByteLevel");
    }
    String type = p.path("type").asText("");
    switch (type) {
      case "Sequence" -> {
        JsonNode steps = p.path("pretokenizers");
        if (!steps.isArray()) {
          throw new TokenizerFormatException(where + ".pretokenizers: not an array");
        }
        List<PreTokenizer> list = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
          list.add(preTokenizer(steps.get(i), where + ".pretokenizers[" + i + "]"));
        }
        return new PreTokenizer.Sequence(list);
      }
      case "ByteLevel" -> {
        return new PreTokenizer.ByteLevel(p.path("add_prefix_space").asBoolean(true),
            p.path("trim_offsets").asBoolean(true), p.path("use_regex").asBoolean(true));
      }
      case "Punctuation" -> {
        return new PreTokenizer.Punctuation(behavior(p, where, PreTokenizer.Behavior.ISOLATED));
      }
      case "Digits" -> {
        return new PreTokenizer.Digits(p.path("individual_digits").asBoolean(false));
      }
      case "Split" -> {
        JsonNode pat = p.path("pattern");
        boolean regex = pat.has("Regex");
        JsonNode s = regex ? pat.get("Regex") : pat.get("String");
        if (s == null || !s.isTextual()) {
          throw new TokenizerFormatException(where + ".pattern: needs {\"Regex\": ...} or {\"String\": ...}");
        }
        try {
          return new PreTokenizer.Split(s.asText(), regex, behavior(p, where, null), p.path("invert").asBoolean(false));
        } catch (TokenizerFormatException e) {
          throw new TokenizerFormatException(where + ": " + e.getMessage());
        }
      }
      default -> throw new TokenizerFormatException(where + ": type '" + type + "' is not supported"
          + " (Sequence, ByteLevel, Punctuation, Digits, Split are)");
    }
  }

  private static PreTokenizer.Behavior behavior(JsonNode p, String where, PreTokenizer.Behavior dflt) {
    JsonNode b = p.path("behavior");
    if (b.isMissingNode() && dflt != null) {
      return dflt;
    }
    PreTokenizer.Behavior out = PreTokenizer.Behavior.of(b.asText(""));
    if (out == null) {
      throw new TokenizerFormatException(where + ".behavior: '" + b.asText() + "' is not a split behavior");
    }
    return out;
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Writes {@code t} to {@code path} as {@code tokenizer.json}. */
  public static void write(Tokenizer t, Path path) throws IOException {
    Files.writeString(path, toJson(t), StandardCharsets.UTF_8);
  }

  /** {@code t} as a {@code tokenizer.json} document (Hugging Face's layout, 2-space indent). */
  public static String toJson(Tokenizer t) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (AddedToken a : t.addedTokens()) {
      ObjectNode o = added.addObject();
      o.put("id", a.id());
      o.put("content", a.content());
      o.put("single_word", a.singleWord());
      o.put("lstrip", a.lstrip());
      o.put("rstrip", a.rstrip());
      o.put("normalized", a.normalized());
      o.put("special", a.special());
    }
    root.putNull("normalizer");
    root.set("pre_tokenizer", preTokenizerJson(t.preTokenizer()));
    root.putNull("post_processor");
    ObjectNode dec = root.putObject("decoder");
    dec.put("type", "ByteLevel");
    dec.put("add_prefix_space", true);
    dec.put("trim_offsets", true);
    dec.put("use_regex", true);
    BytePairEncoding m = t.model();
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    if (m.unkToken() == null) {
      model.putNull("unk_token");
    } else {
      model.put("unk_token", m.unkToken());
    }
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", m.ignoreMerges());
    ObjectNode vocab = model.putObject("vocab");
    for (int id = 0; id < m.size(); id++) {
      if (m.token(id) != null) {
        vocab.put(m.token(id), id);
      }
    }
    ArrayNode merges = model.putArray("merges");
    for (String[] pair : m.merges()) {
      merges.add(pair[0] + " " + pair[1]);
    }
    try {
      DefaultIndenter lines = new DefaultIndenter("  ", "\n");
      DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
          .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withArrayIndenter(lines)
          .withObjectIndenter(lines);
      return JSON.writer(pretty).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode preTokenizerJson(PreTokenizer p) {
    ObjectNode o = JSON.createObjectNode();
    if (p instanceof PreTokenizer.Sequence s) {
      o.put("type", "Sequence");
      ArrayNode steps = o.putArray("pretokenizers");
      for (PreTokenizer step : s.steps()) {
        steps.add(preTokenizerJson(step));
      }
    } else if (p instanceof PreTokenizer.Punctuation pu) {
      o.put("type", "Punctuation");
      o.put("behavior", pu.behavior().json);
    } else if (p instanceof PreTokenizer.ByteLevel b) {
      o.put("type", "ByteLevel");
      o.put("add_prefix_space", b.addPrefixSpace());
      o.put("trim_offsets", b.trimOffsets());
      o.put("use_regex", b.useRegex());
    } else if (p instanceof PreTokenizer.Digits d) {
      o.put("type", "Digits");
      o.put("individual_digits", d.individual());
    } else if (p instanceof PreTokenizer.Split sp) {
      o.put("type", "Split");
      o.putObject("pattern").put(sp.regex() ? "Regex" : "String", sp.pattern());
      o.put("behavior", sp.behavior().json);
      o.put("invert", sp.invert());
    }
    return o;
  }
}
