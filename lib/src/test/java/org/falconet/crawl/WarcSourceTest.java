package org.falconet.crawl;

import static org.falconet.crawl.WarcBytes.ascii;
import static org.falconet.crawl.WarcBytes.concat;
import static org.falconet.crawl.WarcBytes.gzip;
import static org.falconet.crawl.WarcBytes.gzipMembers;
import static org.falconet.crawl.WarcBytes.html;
import static org.falconet.crawl.WarcBytes.http;
import static org.falconet.crawl.WarcBytes.record;
import static org.falconet.crawl.WarcBytes.request;
import static org.falconet.crawl.WarcBytes.response;
import static org.falconet.crawl.WarcBytes.uuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarcSourceTest {

  @TempDir
  Path dir;

  static final String URL = "https://example.com/page";
  // Text written for these tests, in each script the charsets cover.
  static final String LATIN = "\u201cCaf\u00e9 cr\u00e8me\u201d \u2014 na\u00efve r\u00e9sum\u00e9s cost \u20ac5.";
  static final String JAPANESE = "日本語の文章です。この段落は文字コードの判定を試すために書かれました。"
      + "東京の天気は晴れで、気温は二十度くらいです。私たちは毎朝コーヒーを飲みながらニュースを読みます。"
      + "図書館で本を借りて、週末に公園で読むのが好きです。新しいソフトウェアの設定方法を説明します。";
  static final String CHINESE = "这是一段中文文本，用来测试字符编码的识别。今天天气很好，我们去公园散步。"
      + "图书馆里有很多书，学生们在安静地学习。软件的安装和配置需要仔细阅读说明文档。"
      + "计算机网络把世界各地的人们联系在一起，信息的传播变得越来越快。";

  List<Outcome> read(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    List<Outcome> out = new ArrayList<>();
    new WarcSource().read(f, out::add);
    return out;
  }

  static String reason(Outcome o) {
    return o instanceof Outcome.Removed r ? r.reason() : "kept";
  }

  Document keptPage(String contentType, byte[] body) throws IOException {
    List<Outcome> out = read("one.warc.gz", gzip(response(1, URL, contentType, body)));
    assertEquals(1, out.size());
    assertInstanceOf(Outcome.Kept.class, out.get(0), () -> reason(out.get(0)));
    return out.get(0).document();
  }

  static byte[] page(String text, Charset cs, String headExtra) {
    return ("<!DOCTYPE html><html><head>" + headExtra + "<title>t</title></head><body><p>" + text
        + "</p></body></html>").getBytes(cs);
  }

  @Test
  void responseBecomesADocumentWithUrlDateAndMetadata() throws IOException {
    Document d = keptPage("text/html; charset=utf-8", html("Hello", "Hello, world."));
    assertEquals("urn:uuid:00000000-0000-4000-8000-000000000001", d.id());
    assertEquals(URL, d.url());
    assertEquals(Instant.parse("2023-05-28T10:00:00Z"), d.crawlDate());
    assertTrue(d.html().contains("<p>Hello, world.</p>"));
    assertEquals(200, d.meta("http_status"));
    assertEquals("text/html", d.meta("content_type"));
    assertEquals("UTF-8", d.meta("charset"));
    assertEquals("http_header", d.meta("charset_source"));
    assertEquals("one.warc.gz", d.meta("warc_file"));
  }

  @Test
  void warcinfoRequestAndMetadataRecordsAreNotDocuments() throws IOException {
    byte[] info = record(ascii("software: test\r\n"), "WARC-Type", "warcinfo", "WARC-Date", "2023-05-28T10:00:00Z",
        "WARC-Record-ID", uuid(9), "Content-Type", "application/warc-fields");
    byte[] meta = record(ascii("fetchTimeMs: 12\r\n"), "WARC-Type", "metadata", "WARC-Date", "2023-05-28T10:00:00Z",
        "WARC-Record-ID", uuid(8), "Content-Type", "application/warc-fields", "WARC-Target-URI", URL);
    List<Outcome> out = read("mixed.warc", concat(info, request(2, URL), response(1, URL, "text/html", html("a", "b")), meta));
    assertEquals(1, out.size());
    assertEquals("kept", reason(out.get(0)));
  }

  @Test
  void utf8FromTheHttpHeader() throws IOException {
    Document d = keptPage("text/html; charset=UTF-8", page(LATIN + JAPANESE, StandardCharsets.UTF_8, ""));
    assertTrue(d.html().contains(LATIN + JAPANESE));
  }

  @Test
  void utf8SniffedWhenNothingIsDeclared() throws IOException {
    Document d = keptPage("text/html", page(LATIN, StandardCharsets.UTF_8, ""));
    assertTrue(d.html().contains(LATIN));
    assertEquals("UTF-8", d.meta("charset"));
    assertEquals("sniffed", d.meta("charset_source"));
  }

  @Test
  void windows1252FromTheHttpHeader() throws IOException {
    Document d = keptPage("text/html; charset=windows-1252", page(LATIN, Charset.forName("windows-1252"), ""));
    assertTrue(d.html().contains(LATIN));
    assertEquals("windows-1252", d.meta("charset"));
  }

  @Test
  void iso88591LabelDecodesAsWindows1252() throws IOException {
    // 0x93 and 0x94 are C1 controls in ISO-8859-1 but curly quotes in windows-1252, as browsers read them.
    byte[] body = concat(ascii("<html><body><p>"), new byte[] {(byte) 0x93, 'h', 'i', (byte) 0x94}, ascii("</p></body></html>"));
    Document d = keptPage("text/html; charset=ISO-8859-1", body);
    assertTrue(d.html().contains("\u201chi\u201d"), d.html());
    assertEquals("windows-1252", d.meta("charset"));
  }

  @Test
  void shiftJisFromAMetaCharset() throws IOException {
    Document d = keptPage("text/html", page(JAPANESE, Charset.forName("Shift_JIS"), "<meta charset=\"Shift_JIS\">"));
    assertTrue(d.html().contains(JAPANESE));
    assertEquals("Shift_JIS", d.meta("charset"));
    assertEquals("meta", d.meta("charset_source"));
  }

  @Test
  void gbkFromAMetaHttpEquiv() throws IOException {
    Document d = keptPage("text/html", page(CHINESE, Charset.forName("GBK"),
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"));
    assertTrue(d.html().contains(CHINESE));
    assertEquals("GBK", d.meta("charset"));
    assertEquals("meta", d.meta("charset_source"));
  }

  @Test
  void shiftJisSniffedWithoutDeclaration() throws IOException {
    Document d = keptPage("text/html", page(JAPANESE, Charset.forName("Shift_JIS"), ""));
    assertTrue(d.html().contains(JAPANESE));
    assertEquals("Shift_JIS", d.meta("charset"));
    assertEquals("sniffed", d.meta("charset_source"));
  }

  @Test
  void gbkSniffedWithoutDeclaration() throws IOException {
    Document d = keptPage("text/html", page(CHINESE, Charset.forName("GBK"), ""));
    assertTrue(d.html().contains(CHINESE));
    assertEquals("sniffed", d.meta("charset_source"));
  }

  @Test
  void theHttpHeaderWinsOverMetaAndAnUnknownLabelFallsThrough() throws IOException {
    Document d = keptPage("text/html; charset=utf-8", page(LATIN, StandardCharsets.UTF_8, "<meta charset=\"windows-1252\">"));
    assertTrue(d.html().contains(LATIN));
    d = keptPage("text/html; charset=no-such-charset", page(JAPANESE, Charset.forName("Shift_JIS"), "<meta charset=sjis>"));
    assertTrue(d.html().contains(JAPANESE));
    assertEquals("meta", d.meta("charset_source"));
  }

  @Test
  void non200IsRemoved() throws IOException {
    byte[] r = record(http(404, "Not Found", html("404", "gone"), "Content-Type", "text/html"), "WARC-Type", "response",
        "WARC-Date", "2023-05-28T10:00:00Z", "WARC-Record-ID", uuid(1), "WARC-Target-URI", URL);
    List<Outcome> out = read("x.warc", r);
    assertEquals("http_status_not_200", reason(out.get(0)));
    assertEquals(404, out.get(0).document().meta("http_status"));
  }

  @Test
  void nonHtmlIsRemoved() throws IOException {
    List<Outcome> out = read("x.warc", response(1, URL, "application/pdf", ascii("%PDF-1.4 ...")));
    assertEquals("not_html", reason(out.get(0)));
    assertEquals("application/pdf", out.get(0).document().meta("content_type"));
  }

  @Test
  void missingContentTypeIsSniffed() throws IOException {
    Document d = keptPage(null, html("t", "no content type"));
    assertEquals(true, d.meta("content_type_sniffed"));
    List<Outcome> out = read("x.warc", response(1, URL, null, new byte[] {0, 1, 2, 3, (byte) 0x89, 'P', 'N', 'G'}));
    assertEquals("not_html", reason(out.get(0)));
  }

  @Test
  void emptyBodyIsRemoved() throws IOException {
    assertEquals("empty_body", reason(read("x.warc", response(1, URL, "text/html", new byte[0])).get(0)));
  }

  @Test
  void invalidUtf8GarbageIsRemovedAndAStrayByteIsReplaced() throws IOException {
    byte[] garbage = new byte[400];
    Arrays.fill(garbage, (byte) 0xC3); // a lead byte never followed by a continuation byte
    byte[] body = concat(ascii("<html><body><p>"), garbage, ascii("</p></body></html>"));
    assertEquals("undecodable_text", reason(read("x.warc", response(1, URL, "text/html; charset=utf-8", body)).get(0)));
    byte[] stray = concat(html("t", "A long enough paragraph of ordinary text, with one stray byte here: "), new byte[] {(byte) 0xFF});
    Document d = keptPage("text/html; charset=utf-8", stray);
    assertTrue(d.html().contains("\uFFFD"));
  }

  @Test
  void undecodableContentEncodingIsRemoved() throws IOException {
    byte[] r = record(http(200, "OK", ascii("not gzip at all"), "Content-Type", "text/html", "Content-Encoding", "gzip"),
        "WARC-Type", "response", "WARC-Date", "2023-05-28T10:00:00Z", "WARC-Record-ID", uuid(1), "WARC-Target-URI", URL);
    assertEquals("bad_content_encoding", reason(read("x.warc", r).get(0)));
  }

  @Test
  void gzipContentEncodingAndChunkedTransferAreDecoded() throws IOException {
    byte[] gz = record(http(200, "OK", gzip(html("t", LATIN)), "Content-Type", "text/html; charset=utf-8",
        "Content-Encoding", "gzip"), "WARC-Type", "response", "WARC-Date", "2023-05-28T10:00:00Z",
        "WARC-Record-ID", uuid(1), "WARC-Target-URI", URL);
    assertTrue(read("x.warc", gz).get(0).document().html().contains(LATIN));
    byte[] body = html("t", "chunked body");
    byte[] chunked = concat(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(body.length) + "\r\n"), body, ascii("\r\n0\r\n\r\n"));
    byte[] r = record(chunked, "WARC-Type", "response", "WARC-Date", "2023-05-28T10:00:00Z",
        "WARC-Record-ID", uuid(2), "WARC-Target-URI", URL);
    Document d = read("y.warc", r).get(0).document();
    assertEquals(new String(body, StandardCharsets.UTF_8), d.html());
  }

  @Test
  void malformedHttpHeaderIsRemoved() throws IOException {
    byte[] r = record(ascii("this is not HTTP\r\n\r\n<html></html>"), "WARC-Type", "response",
        "WARC-Date", "2023-05-28T10:00:00Z", "WARC-Record-ID", uuid(1), "WARC-Target-URI", URL);
    assertEquals("malformed_http_header", reason(read("x.warc", r).get(0)));
  }

  @Test
  void missingWarcHeadersAreRemovedAndReadingGoesOn() throws IOException {
    byte[] noId = record(http(200, "OK", html("a", "b"), "Content-Type", "text/html"), "WARC-Type", "response",
        "WARC-Date", "2023-05-28T10:00:00Z", "WARC-Target-URI", URL);
    byte[] noUri = record(http(200, "OK", html("a", "b"), "Content-Type", "text/html"), "WARC-Type", "response",
        "WARC-Date", "2023-05-28T10:00:00Z", "WARC-Record-ID", uuid(2));
    byte[] noLength = ascii("WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: " + uuid(3) + "\r\n\r\nHTTP/1.1 200 OK\r\n\r\n");
    List<Outcome> out = read("x.warc", concat(noId, noUri, noLength, response(4, URL, "text/html", html("a", "b"))));
    assertEquals(List.of("missing_warc_header", "missing_warc_header", "missing_warc_header", "kept"),
        out.stream().map(WarcSourceTest::reason).toList());
  }

  List<byte[]> threePages() {
    List<byte[]> recs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      recs.add(response(i, URL + i, "text/html", html("page " + i, ("Paragraph of page " + i + ". ").repeat(40))));
    }
    return recs;
  }

  @Test
  void truncatedGzipMemberKeepsTheRecordsBeforeIt() throws IOException {
    List<Long> at = new ArrayList<>();
    byte[] file = gzipMembers(threePages(), at);
    byte[] cut = Arrays.copyOf(file, (int) (at.get(2) + 30));
    assertEquals(List.of("kept", "kept", "truncated_gzip_member"), read("cut.warc.gz", cut).stream().map(WarcSourceTest::reason).toList());
  }

  @Test
  void corruptGzipMemberIsSkippedAndReadingGoesOn() throws IOException {
    List<Long> at = new ArrayList<>();
    byte[] file = gzipMembers(threePages(), at);
    int mid = (int) ((at.get(1) + at.get(2)) / 2);
    for (int i = mid; i < mid + 8; i++) {
      file[i] ^= 0x5a;
    }
    List<Outcome> out = read("flip.warc.gz", file);
    assertEquals(List.of("kept", "corrupt_gzip_member", "kept"), out.stream().map(WarcSourceTest::reason).toList());
    assertEquals(URL + 3, out.get(2).document().url());
  }

  @Test
  void truncatedRecordInAPlainWarc() throws IOException {
    byte[] file = concat(threePages().toArray(new byte[0][]));
    byte[] cut = Arrays.copyOf(file, file.length - 100);
    assertEquals(List.of("kept", "kept", "truncated_record"), read("cut.warc", cut).stream().map(WarcSourceTest::reason).toList());
  }

  @Test
  void wrongContentLengthIsRemovedAndTheNextRecordRead() throws IOException {
    List<byte[]> recs = threePages();
    byte[] block = http(200, "OK", html("x", "too long"), "Content-Type", "text/html");
    byte[] tooLong = record(block, block.length + 25L, "WARC-Type", "response", "WARC-Date", "2023-05-28T10:00:00Z",
        "WARC-Record-ID", uuid(7), "WARC-Target-URI", URL);
    byte[] tooShort = record(block, block.length - 25L, "WARC-Type", "response", "WARC-Date", "2023-05-28T10:00:00Z",
        "WARC-Record-ID", uuid(8), "WARC-Target-URI", URL);
    List<Outcome> plain = read("cl.warc", concat(recs.get(0), tooLong, recs.get(1), tooShort, recs.get(2)));
    assertEquals(List.of("kept", "content_length_mismatch", "kept", "content_length_mismatch", "kept"),
        plain.stream().map(WarcSourceTest::reason).toList());
    List<Outcome> gz = read("cl.warc.gz", gzipMembers(List.of(recs.get(0), tooShort, recs.get(1), tooLong, recs.get(2)), new ArrayList<>()));
    assertEquals(List.of("kept", "content_length_mismatch", "kept", "truncated_record", "kept"),
        gz.stream().map(WarcSourceTest::reason).toList());
  }

  @Test
  void wetConversionRecordsBecomeTextDocumentsAndWatRecordsAreSkipped() throws IOException {
    byte[] conv = record("Plain text of the page.\nSecond line.".getBytes(StandardCharsets.UTF_8), "WARC-Type", "conversion",
        "WARC-Date", "2023-05-28T10:00:00Z", "WARC-Record-ID", uuid(1), "WARC-Target-URI", URL,
        "Content-Type", "text/plain");
    List<Outcome> wet = read("x.warc.wet.gz", gzip(conv));
    assertEquals(1, wet.size());
    Document d = wet.get(0).document();
    assertEquals("Plain text of the page.\nSecond line.", d.text());
    assertEquals(URL, d.url());
    byte[] wat = record("{\"Envelope\":{}}".getBytes(StandardCharsets.UTF_8), "WARC-Type", "metadata",
        "WARC-Date", "2023-05-28T10:00:00Z", "WARC-Record-ID", uuid(2), "WARC-Target-URI", URL,
        "Content-Type", "application/json");
    assertTrue(read("x.warc.wat.gz", gzip(wat)).isEmpty());
  }

  @Test
  void acceptsCommonCrawlFileNames() {
    WarcSource s = new WarcSource();
    for (String n : List.of("a.warc", "a.warc.gz", "CC-MAIN-x.warc.wet.gz", "b.warc.wat.gz", "c.wet")) {
      assertTrue(s.accepts(Path.of(n)), n);
    }
    for (String n : List.of("a.jsonl", "MANIFEST.tsv", "warc.paths.gz", "x.py")) {
      assertFalse(s.accepts(Path.of(n)), n);
    }
  }
}
