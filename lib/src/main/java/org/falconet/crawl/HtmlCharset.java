package org.falconet.crawl;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mozilla.universalchardet.UniversalDetector;

/**
 * Finds the character encoding of a crawled HTML page and decodes it: the HTTP {@code Content-Type}
 * charset first, then a {@code <meta>} declaration in the first 1,024 bytes, then sniffing (valid
 * UTF-8, then Mozilla's universal detector, then windows-1252), as browsers do (WHATWG HTML
 * "determining the character encoding"). As there, a byte order mark overrides all three, and labels
 * map as in the WHATWG Encoding standard, so {@code iso-8859-1} decodes as windows-1252,
 * {@code shift_jis} as windows-31j and {@code gb2312} as GBK.
 *
 * <pre>{@code
 * HtmlCharset.Decoded page = HtmlCharset.decode(body, "text/html; charset=Shift_JIS");
 * page.text(); page.encoding(); page.source();   // "...", "Shift_JIS", HTTP_HEADER
 * }</pre>
 */
public final class HtmlCharset {

  /** Where the encoding came from. */
  public enum Source {
    HTTP_HEADER, META, BOM, SNIFFED, DEFAULT;

    /** The {@code snake_case} name stored in document metadata. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A decoded page: its text, the encoding's WHATWG name, where it came from, and how many bytes did not decode. */
  public record Decoded(String text, String encoding, Source source, int replacements) {}

  /** An encoding: the name pages and the WHATWG standard use, and the JDK charset that decodes it. */
  record Encoding(String name, Charset charset) {}

  /** Bytes examined for a {@code <meta>} declaration (WHATWG prescan: 1,024). */
  static final int PRESCAN_BYTES = 1024;
  /** Bytes given to the sniffers. */
  static final int SNIFF_BYTES = 64 * 1024;

  private static final Pattern META = Pattern.compile(
      "<meta[^>]*?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_:.+-]+)", Pattern.CASE_INSENSITIVE);

  // WHATWG Encoding standard, section 4.2 (labels): the labels whose decoder differs from the JDK's
  // charset of the same name, or that the JDK does not know.
  private static final Map<String, String> WHATWG = Map.ofEntries(
      Map.entry("us-ascii", "windows-1252"), Map.entry("ascii", "windows-1252"),
      Map.entry("iso-8859-1", "windows-1252"), Map.entry("iso8859-1", "windows-1252"),
      Map.entry("iso_8859-1", "windows-1252"), Map.entry("latin1", "windows-1252"),
      Map.entry("l1", "windows-1252"), Map.entry("cp1252", "windows-1252"),
      Map.entry("x-cp1252", "windows-1252"), Map.entry("cp819", "windows-1252"),
      Map.entry("windows-1252", "windows-1252"),
      Map.entry("shift_jis", "Shift_JIS"), Map.entry("shift-jis", "Shift_JIS"), Map.entry("sjis", "Shift_JIS"),
      Map.entry("x-sjis", "Shift_JIS"), Map.entry("ms_kanji", "Shift_JIS"), Map.entry("ms932", "Shift_JIS"),
      Map.entry("windows-31j", "Shift_JIS"), Map.entry("csshiftjis", "Shift_JIS"),
      Map.entry("gbk", "GBK"), Map.entry("gb2312", "GBK"), Map.entry("x-gbk", "GBK"),
      Map.entry("gb_2312-80", "GBK"), Map.entry("chinese", "GBK"), Map.entry("csgb2312", "GBK"),
      Map.entry("gb18030", "gb18030"),
      Map.entry("utf-8", "UTF-8"), Map.entry("utf8", "UTF-8"), Map.entry("unicode-1-1-utf-8", "UTF-8"),
      Map.entry("tis-620", "windows-874"), Map.entry("iso-8859-9", "windows-1254"), Map.entry("latin5", "windows-1254"),
      Map.entry("iso-8859-11", "windows-874"), Map.entry("ks_c_5601-1987", "EUC-KR"), Map.entry("euc-kr", "EUC-KR"));

  // The JDK charset behind each WHATWG name whose decoder is a superset of the same-named JDK one.
  private static final Map<String, String> JDK = Map.of(
      "Shift_JIS", "windows-31j", // WHATWG's Shift_JIS decoder includes the NEC and IBM extensions
      "GBK", "GB18030",           // WHATWG decodes gbk with the gb18030 decoder
      "EUC-KR", "x-windows-949");  // WHATWG's EUC-KR is windows-949

  private HtmlCharset() {}

  /** The encoding a label names, or {@code null} if unknown (then the next source is tried). */
  static Encoding forLabel(String label) {
    if (label == null) {
      return null;
    }
    String l = label.trim().toLowerCase(Locale.ROOT).replace("\"", "").replace("'", "");
    String name = WHATWG.get(l);
    try {
      if (name != null) {
        return new Encoding(name, Charset.forName(JDK.getOrDefault(name, name)));
      }
      if (l.equals("replacement") || l.equals("x-user-defined") || l.isEmpty()) {
        return null;
      }
      Charset cs = Charset.forName(l);
      return new Encoding(cs.name(), cs);
    } catch (IllegalArgumentException e) {
      return null; // illegal or unsupported name
    }
  }

  /** The charset parameter of a {@code Content-Type} value, or {@code null}. */
  static String charsetParameter(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String part : contentType.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        return part.substring(eq + 1).trim();
      }
    }
    return null;
  }

  /** The encoding declared by a {@code <meta>} tag in the first 1,024 bytes, or {@code null}. */
  static Encoding metaDeclaration(byte[] body) {
    String head = new String(body, 0, Math.min(body.length, PRESCAN_BYTES), StandardCharsets.ISO_8859_1);
    Matcher m = META.matcher(head);
    while (m.find()) {
      Encoding e = forLabel(m.group(1));
      if (e != null) {
        // WHATWG prescan: a UTF-16 declaration in the bytes themselves means UTF-8.
        return e.name().startsWith("UTF-16") ? forLabel("utf-8") : e;
      }
    }
    return null;
  }

  /** Decides the encoding of {@code body} given the HTTP {@code Content-Type} header (or {@code null}). */
  static Decision decide(byte[] body, String contentTypeHeader) {
    if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
      return new Decision(forLabel("utf-8"), Source.BOM, 3);
    }
    if (body.length >= 2 && (body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff) {
      return new Decision(new Encoding("UTF-16BE", StandardCharsets.UTF_16BE), Source.BOM, 2);
    }
    if (body.length >= 2 && (body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe) {
      return new Decision(new Encoding("UTF-16LE", StandardCharsets.UTF_16LE), Source.BOM, 2);
    }
    Encoding e = forLabel(charsetParameter(contentTypeHeader));
    if (e != null) {
      return new Decision(e, Source.HTTP_HEADER, 0);
    }
    e = metaDeclaration(body);
    if (e != null) {
      return new Decision(e, Source.META, 0);
    }
    return sniff(body);
  }

  record Decision(Encoding encoding, Source source, int skip) {}

  private static Decision sniff(byte[] body) {
    int n = Math.min(body.length, SNIFF_BYTES);
    boolean ascii = true;
    for (int i = 0; i < n && ascii; i++) {
      ascii = body[i] >= 0;
    }
    if (ascii) {
      return new Decision(forLabel("utf-8"), Source.DEFAULT, 0);
    }
    if (validUtf8Prefix(body, n)) {
      return new Decision(forLabel("utf-8"), Source.SNIFFED, 0);
    }
    UniversalDetector detector = new UniversalDetector();
    detector.handleData(body, 0, n);
    detector.dataEnd();
    Encoding e = forLabel(detector.getDetectedCharset());
    if (e != null) {
      return new Decision(e, Source.SNIFFED, 0);
    }
    return new Decision(forLabel("windows-1252"), Source.DEFAULT, 0);
  }

  /** True if the first {@code n} bytes are UTF-8, allowing a sequence cut off at {@code n}. */
  private static boolean validUtf8Prefix(byte[] b, int n) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, 0, n);
    CharBuffer out = CharBuffer.allocate(n + 1);
    var r = d.decode(in, out, n == b.length);
    return !r.isError() && (n == b.length ? in.remaining() == 0 : in.remaining() < 4);
  }

  /**
   * Decodes {@code body} in the encoding found from the header, the page or the bytes; bytes that do
   * not decode become U+FFFD and are counted in {@link Decoded#replacements()}.
   */
  public static Decoded decode(byte[] body, String contentTypeHeader) {
    Decision d = decide(body, contentTypeHeader);
    CharsetDecoder dec = d.encoding().charset().newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    String text;
    try {
      text = dec.decode(ByteBuffer.wrap(body, d.skip(), body.length - d.skip())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a REPLACE decoder cannot fail", e);
    }
    int bad = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\uFFFD') {
        bad++;
      }
    }
    return new Decoded(text, d.encoding().name(), d.source(), bad);
  }
}
