package org.falconet.extract;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of an HTML file into text: UTF-8 when they are valid UTF-8, else the charset the
 * page declares in a {@code <meta>} tag, else windows-1252 (the HTML standard's default for
 * undeclared legacy pages).
 */
public final class HtmlDecoder {
  private static final Pattern META_CHARSET = Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?([a-z0-9_:.-]+)");

  private HtmlDecoder() {}

  public static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException notUtf8) {
      String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
      Matcher m = META_CHARSET.matcher(head);
      Charset cs = Charset.forName("windows-1252");
      if (m.find()) {
        try {
          cs = Charset.forName(m.group(1).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
          // keep the default
        }
      }
      return new String(bytes, cs);
    }
  }
}
