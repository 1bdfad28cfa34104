package org.falconet.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.falconet.tokenizer.internal.IntList;
import org.falconet.tokenizer.internal.PreTokenizerPipeline;
import org.falconet.tokenizer.internal.TokenMatcher;

/**
 * A byte-level BPE tokenizer as Hugging Face's {@code tokenizer.json} describes it (Falcon's, GPT-2's,
 * or one we trained): text to token ids and back, with the ids Hugging Face's tokenizers give.
 *
 * <pre>{@code
 * Tokenizer t = Tokenizer.load(Path.of("datasets-sample/tokenizer/falcon/tokenizer.json"));
 * int[] ids = t.encode("Hello world<|endoftext|>");   // [9856, 1079, 11]
 * String s = t.decode(ids);                            // "Hello world<|endoftext|>"
 * }</pre>
 *
 * <p>{@link #encode} is Hugging Face's {@code encode(text, add_special_tokens=False)}: added tokens in
 * the text are matched (leftmost, longest), the rest is pre-tokenized and merged. Thread-safe.
 */
public final class Tokenizer {
  /** Pieces remembered with their ids; the cache is emptied when it grows past this many. */
  private static final int CACHE_LIMIT = 200_000;

  private final BytePairEncoding model;
  private final PreTokenizer preTokenizer;
  private final List<AddedToken> addedTokens;
  private final PreTokenizerPipeline pipeline;
  private final TokenMatcher verbatim;      // added tokens with normalized=false (all special tokens)
  private final TokenMatcher normalized;    // added tokens with normalized=true
  private final String[] addedById;
  private final boolean[] specialById;
  private final byte[][] bytesById;
  private final int size;
  private final Map<String, int[]> cache = new ConcurrentHashMap<>();

  /** A tokenizer from its parts; refuses parts it would not treat exactly as Hugging Face does. */
  public Tokenizer(BytePairEncoding model, PreTokenizer preTokenizer, List<AddedToken> addedTokens) {
    this.model = model;
    this.preTokenizer = preTokenizer;
    this.addedTokens = List.copyOf(addedTokens);
    this.pipeline = PreTokenizerPipeline.compile(preTokenizer, "pre_tokenizer");
    int n = model.size();
    for (AddedToken t : addedTokens) {
      if (t.singleWord() || t.lstrip() || t.rstrip()) {
        throw new TokenizerFormatException("added_tokens '" + t.content()
            + "': single_word, lstrip and rstrip are not supported");
      }
      n = Math.max(n, t.id() + 1);
    }
    this.size = n;
    addedById = new String[n];
    specialById = new boolean[n];
    List<String> vc = new ArrayList<>();
    List<Integer> vi = new ArrayList<>();
    List<String> nc = new ArrayList<>();
    List<Integer> ni = new ArrayList<>();
    for (AddedToken t : addedTokens) {
      addedById[t.id()] = t.content();
      specialById[t.id()] = t.special();
      (t.normalized() && !t.special() ? nc : vc).add(t.content());
      (t.normalized() && !t.special() ? ni : vi).add(t.id());
    }
    verbatim = new TokenMatcher(vc, vi);
    normalized = new TokenMatcher(nc, ni);
    bytesById = new byte[n][];
    for (int id = 0; id < n; id++) {
      String tok = addedById[id] != null ? addedById[id] : model.token(id);
      if (tok != null) {
        byte[] b = ByteUnicode.decode(tok);
        // Hugging Face's ByteLevel decoder: a token with a char that stands for no byte is kept as UTF-8.
        bytesById[id] = b != null ? b : tok.getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  /** Reads a Hugging Face {@code tokenizer.json}. */
  public static Tokenizer load(Path path) throws IOException {
    return TokenizerJson.read(path);
  }

  /** Writes this tokenizer as a Hugging Face {@code tokenizer.json}. */
  public void save(Path path) throws IOException {
    TokenizerJson.write(this, path);
  }

  public BytePairEncoding model() {
    return model;
  }

  public PreTokenizer preTokenizer() {
    return preTokenizer;
  }

  public List<AddedToken> addedTokens() {
    return addedTokens;
  }

  /** Number of ids, added tokens included. */
  public int vocabSize() {
    return size;
  }

  /** The token string of {@code id} (byte-level characters for model tokens), or null. */
  public String token(int id) {
    if (id < 0 || id >= size) {
      return null;
    }
    return addedById[id] != null ? addedById[id] : model.token(id);
  }

  /** The id of an added token or vocabulary entry, or -1. */
  public int id(String token) {
    for (AddedToken t : addedTokens) {
      if (t.content().equals(token)) {
        return t.id();
      }
    }
    Integer id = model.id(token);
    return id == null ? -1 : id;
  }

  /** Whether {@code id} is a special token. */
  public boolean isSpecial(int id) {
    return id >= 0 && id < size && specialById[id];
  }

  /** The ids of {@code text}; a lone UTF-16 surrogate (not a character) is an error. */
  public int[] encode(String text) {
    checkSurrogates(text);
    IntList out = new IntList(text.length() / 3 + 4);
    IntList pieces = new IntList();
    IntList scratch = new IntList();
    int[] found = new int[3];
    int pos = 0;
    int len = text.length();
    while (pos < len) {
      boolean hit = verbatim.find(text, pos, len, found);
      int end = hit ? found[0] : len;
      encodeNormalizedSegment(text, pos, end, out, pieces, scratch);
      if (!hit) {
        break;
      }
      out.add(found[2]);
      pos = found[1];
    }
    return out.toArray();
  }

  /** The ids of UTF-8 {@code bytes}; invalid UTF-8 is an error naming the byte offset. */
  public int[] encode(byte[] utf8) {
    return encode(decodeStrict(utf8));
  }

  private void encodeNormalizedSegment(String text, int from, int to, IntList out, IntList pieces, IntList scratch) {
    int[] found = new int[3];
    int pos = from;
    while (pos < to) {
      boolean hit = normalized.find(text, pos, to, found);
      int end = hit ? found[0] : to;
      if (end > pos) {
        pieces.clear();
        pipeline.rawPieces(text, pos, end, pieces, scratch);
        for (int k = 0; k < pieces.size(); k += 2) {
          out.addAll(piece(text.substring(pieces.get(k), pieces.get(k + 1))));
        }
      }
      if (!hit) {
        break;
      }
      out.add(found[2]);
      pos = found[1];
    }
  }

  /** The ids of one raw piece, cached. */
  private int[] piece(String raw) {
    int[] ids = cache.get(raw);
    if (ids != null) {
      return ids;
    }
    byte[] utf8 = raw.getBytes(StandardCharsets.UTF_8);
    String mapped = ByteUnicode.encode(utf8, 0, utf8.length);
    if (!pipeline.splitsBytes()) {
      ids = model.encode(mapped, 0, mapped.length());
    } else {
      IntList sub = new IntList();
      pipeline.bytePieces(mapped, sub);
      IntList acc = new IntList();
      for (int k = 0; k < sub.size(); k += 2) {
        acc.addAll(model.encode(mapped, sub.get(k), sub.get(k + 1)));
      }
      ids = acc.toArray();
    }
    if (cache.size() > CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(raw, ids);
    return ids;
  }

  /** The text of {@code ids}, special tokens included; bytes that are not UTF-8 become U+FFFD. */
  public String decode(int[] ids) {
    return decode(ids, false);
  }

  /** The text of {@code ids}, without special tokens if {@code skipSpecialTokens}. */
  public String decode(int[] ids, boolean skipSpecialTokens) {
    return new String(decodeBytes(ids, skipSpecialTokens), StandardCharsets.UTF_8);
  }

  /** The bytes of {@code ids} (a prefix of a multi-byte character stays as its bytes). */
  public byte[] decodeBytes(int[] ids, boolean skipSpecialTokens) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
    for (int id : ids) {
      if (id < 0 || id >= size || bytesById[id] == null) {
        throw new IllegalArgumentException("token id " + id + " is not in the vocabulary (size " + size + ")");
      }
      if (skipSpecialTokens && specialById[id]) {
        continue;
      }
      out.writeBytes(bytesById[id]);
    }
    return out.toByteArray();
  }

  private static void checkSurrogates(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException("text has a lone surrogate U+"
              + Integer.toHexString(c).toUpperCase() + " at char " + i + ": not valid Unicode");
        }
      }
    }
  }

  /** {@code bytes} as UTF-8, or an error naming the first invalid byte's offset. */
  public static String decodeStrict(byte[] bytes) {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = dec.decode(in, out, true);
    if (r.isError()) {
      throw new IllegalArgumentException("invalid UTF-8 at byte " + in.position() + " of " + bytes.length);
    }
    r = dec.flush(out);
    if (r.isError()) {
      throw new IllegalArgumentException("invalid UTF-8 at the end of the input");
    }
    out.flip();
    return out.toString();
  }
}
