package org.falconet.crawl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.falconet.corpus.Document;
import org.falconet.crawl.internal.RecordFramer;
import org.falconet.pipeline.DocumentSource;
import org.falconet.pipeline.Outcome;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MessageBody;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * Reads Common Crawl's files — WARC, WET and WAT, plain or gzip (one member per record, as Common
 * Crawl writes them, or any other layout) — into documents: the pipeline's first step, as RefinedWeb
 * starts from raw WARC rather than WET (Penedo et al. 2023, section 3.1).
 *
 * <p>What becomes what:
 * <ul>
 *   <li>a {@code response} record with status 200 and an HTML payload ({@code text/html},
 *       {@code application/xhtml+xml}, or no type and a body that starts like HTML) becomes a document
 *       whose id is the {@code WARC-Record-ID}, with its target URL, its {@code WARC-Date} as crawl
 *       date, the payload decoded by {@link HtmlCharset}, and metadata {@code http_status},
 *       {@code content_type}, {@code charset}, {@code charset_source}, {@code warc_file},
 *       {@code warc_offset};
 *   <li>a {@code conversion} record (WET) becomes a text document;
 *   <li>any other response is an input record removed with a reason: {@code http_status_not_200},
 *       {@code not_html}, {@code empty_body}, {@code undecodable_text}, {@code bad_content_encoding};
 *   <li>{@code warcinfo}, {@code request}, {@code metadata} (all of a WAT file), {@code resource},
 *       {@code revisit} and {@code continuation} records hold no page to curate: they are skipped and
 *       not counted as input records;
 *   <li>bytes that cannot be read as a record (a truncated or corrupt gzip member, a truncated record,
 *       a wrong {@code Content-Length}, a malformed or incomplete header) count as one input record
 *       each, removed with the reason {@link RecordFramer} or the parser gives
 *       ({@code truncated_gzip_member}, {@code corrupt_gzip_member}, {@code truncated_record},
 *       {@code content_length_mismatch}, {@code malformed_warc_header}, {@code missing_warc_header},
 *       {@code malformed_http_header}), with id {@code FILE@OFFSET}; reading goes on with the next
 *       record. No exception escapes for bad content.
 * </ul>
 *
 * <pre>{@code
 * new WarcSource().read(Path.of("CC-MAIN-...warc.gz"), outcome -> System.out.println(outcome));
 * }</pre>
 */
public final class WarcSource implements DocumentSource {

  /** A page whose decoded text has more than this share of U+FFFD is dropped as undecodable. */
  static final double MAX_REPLACEMENT_SHARE = 0.01;

  @Override
  public String name() {
    return "warc_reader";
  }

  @Override
  public boolean accepts(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    return n.endsWith(".warc") || n.endsWith(".wet") || n.endsWith(".wat");
  }

  @Override
  public void read(Path file, Consumer<Outcome> sink) throws IOException {
    String fileName = file.getFileName().toString();
    RecordFramer.frame(file, chunk -> {
      if (chunk instanceof RecordFramer.Damaged d) {
        sink.accept(damaged(fileName, d.offset(), d.reason(), d.detail()));
      } else if (chunk instanceof RecordFramer.Good g) {
        Outcome o = record(fileName, g.offset(), g.bytes());
        if (o != null) {
          sink.accept(o);
        }
      }
    });
  }

  /** The outcome for one framed record, or {@code null} for a record type that holds no page. */
  static Outcome record(String file, long offset, byte[] bytes) {
    if (!mayHoldAPage(bytes)) {
      return null;
    }
    WarcRecord rec;
    try {
      WarcReader reader = new WarcReader(Channels.newChannel(InputStream.nullInputStream()), ByteBuffer.wrap(bytes));
      Optional<WarcRecord> r = reader.next();
      if (r.isEmpty()) {
        return damaged(file, offset, "malformed_warc_header", "no record");
      }
      rec = r.get();
    } catch (IOException | RuntimeException e) {
      return damaged(file, offset, "malformed_warc_header", e.getMessage());
    }
    if (!(rec instanceof WarcResponse) && !(rec instanceof WarcConversion)) {
      return null;
    }
    String id;
    String url;
    Instant date;
    try {
      id = rec.id().toString();
      url = ((org.netpreserve.jwarc.WarcTargetRecord) rec).target();
      date = rec.date();
    } catch (RuntimeException e) {
      return damaged(file, offset, "missing_warc_header", "WARC-Record-ID, WARC-Date or WARC-Target-URI: " + e);
    }
    if (url == null || url.isBlank()) {
      return damaged(file, offset, "missing_warc_header", "no WARC-Target-URI");
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    try {
      if (rec instanceof WarcConversion conv) {
        meta.put("content_type", conv.contentType().base().toString());
        meta.put("warc_file", file);
        meta.put("warc_offset", offset);
        byte[] body = conv.body().stream().readAllBytes();
        HtmlCharset.Decoded text = HtmlCharset.decode(body, "text/plain; charset=utf-8");
        Document doc = new Document(id, url, date, null, text.text(), meta);
        return text.text().isBlank() ? Outcome.removed(doc, "empty_body") : Outcome.kept(doc);
      }
      return response(file, offset, (WarcResponse) rec, id, url, date, meta);
    } catch (IOException | RuntimeException e) {
      Document doc = new Document(id, url, date, "", null, withPlace(meta, file, offset));
      return Outcome.removed(doc, "malformed_http_header");
    }
  }

  private static Outcome response(String file, long offset, WarcResponse rec, String id, String url,
                                  Instant date, Map<String, Object> meta) throws IOException {
    HttpResponse http = rec.http();
    meta.put("http_status", http.status());
    Optional<String> ctHeader = http.headers().first("Content-Type");
    String type = ctHeader.map(v -> v.split(";")[0].trim().toLowerCase(Locale.ROOT)).orElse("");
    meta.put("content_type", type.isEmpty() ? "(none)" : type);
    if (rec.truncated() != org.netpreserve.jwarc.WarcTruncationReason.NOT_TRUNCATED) {
      meta.put("warc_truncated", rec.truncated().name().toLowerCase(Locale.ROOT));
    }
    withPlace(meta, file, offset);
    if (http.status() != 200) {
      return Outcome.removed(new Document(id, url, date, "", null, meta), "http_status_not_200");
    }
    boolean html = type.equals("text/html") || type.equals("application/xhtml+xml");
    if (!type.isEmpty() && !html) {
      return Outcome.removed(new Document(id, url, date, "", null, meta), "not_html");
    }
    byte[] body;
    try {
      MessageBody b = http.bodyDecoded();
      body = b.stream().readAllBytes();
    } catch (IOException | RuntimeException e) {
      return Outcome.removed(new Document(id, url, date, "", null, meta), "bad_content_encoding");
    }
    if (type.isEmpty()) {
      if (!looksLikeHtml(body)) {
        return Outcome.removed(new Document(id, url, date, "", null, meta), "not_html");
      }
      meta.put("content_type", "text/html");
      meta.put("content_type_sniffed", true);
    }
    if (body.length == 0) {
      return Outcome.removed(new Document(id, url, date, "", null, meta), "empty_body");
    }
    HtmlCharset.Decoded page = HtmlCharset.decode(body, ctHeader.orElse(null));
    meta.put("charset", page.encoding());
    meta.put("charset_source", page.source().label());
    Document doc = new Document(id, url, date, page.text(), null, reorder(meta));
    if (page.replacements() > MAX_REPLACEMENT_SHARE * page.text().length()) {
      return Outcome.removed(doc.withMeta("undecodable_chars", page.replacements()), "undecodable_text");
    }
    return Outcome.kept(doc);
  }

  /**
   * False when the header's {@code WARC-Type} names a record that holds no page, so that request
   * and metadata records, two thirds of a Common Crawl WARC, skip the parser.
   */
  static boolean mayHoldAPage(byte[] bytes) {
    int end = Math.min(bytes.length, 4096);
    String head = new String(bytes, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
    int blank = head.indexOf("\r\n\r\n");
    String fields = (blank < 0 ? head : head.substring(0, blank)).toLowerCase(Locale.ROOT);
    int t = fields.indexOf("\nwarc-type:");
    if (t < 0) {
      return true; // let the parser report what is wrong
    }
    int eol = fields.indexOf('\n', t + 1);
    String type = fields.substring(t + 11, eol < 0 ? fields.length() : eol).trim();
    return !SKIPPED_TYPES.contains(type);
  }

  private static final java.util.Set<String> SKIPPED_TYPES =
      java.util.Set.of("warcinfo", "request", "metadata", "resource", "revisit", "continuation");

  /** Metadata in a reading order: HTTP facts first, where it came from last. */
  private static Map<String, Object> reorder(Map<String, Object> meta) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : new String[] {"http_status", "content_type", "content_type_sniffed", "charset", "charset_source"}) {
      if (meta.containsKey(k)) {
        out.put(k, meta.get(k));
      }
    }
    out.putAll(meta);
    return out;
  }

  private static Map<String, Object> withPlace(Map<String, Object> meta, String file, long offset) {
    meta.put("warc_file", file);
    meta.put("warc_offset", offset);
    return meta;
  }

  /** True if the body, after blanks and a BOM, opens with a tag HTML pages open with. */
  static boolean looksLikeHtml(byte[] body) {
    int i = 0;
    if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
      i = 3;
    }
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    String head = new String(body, i, Math.min(64, body.length - i), java.nio.charset.StandardCharsets.ISO_8859_1)
        .toLowerCase(Locale.ROOT);
    for (String p : new String[] {"<!doctype html", "<html", "<head", "<body", "<!--", "<title", "<meta", "<div", "<p>"}) {
      if (head.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static Outcome damaged(String file, long offset, String reason, String detail) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("warc_file", file);
    meta.put("warc_offset", offset);
    if (detail != null) {
      meta.put("damage", detail);
    }
    return Outcome.removed(new Document(file + "@" + offset, null, null, "", null, meta), reason);
  }
}
