package org.falconet.crawl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Builds WARC records byte by byte for tests, independently of the reader under test. */
final class WarcBytes {

  private WarcBytes() {}

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** An HTTP response message: status line, headers (pairs), blank line, body. */
  static byte[] http(int status, String reason, byte[] body, String... headers) {
    StringBuilder h = new StringBuilder("HTTP/1.1 " + status + " " + reason + "\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    return concat(ascii(h.toString()), body);
  }

  /** A whole WARC record with the given WARC header fields (pairs) and a correct Content-Length. */
  static byte[] record(byte[] block, String... fields) {
    return record(block, block.length, fields);
  }

  /** A WARC record announcing {@code contentLength}, whatever the block's real length. */
  static byte[] record(byte[] block, long contentLength, String... fields) {
    StringBuilder h = new StringBuilder("WARC/1.0\r\n");
    for (int i = 0; i < fields.length; i += 2) {
      h.append(fields[i]).append(": ").append(fields[i + 1]).append("\r\n");
    }
    h.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
    return concat(ascii(h.toString()), block, ascii("\r\n\r\n"));
  }

  static String uuid(int n) {
    return String.format("<urn:uuid:00000000-0000-4000-8000-%012d>", n);
  }

  /** A response record for {@code url} with HTTP status 200 and the given payload and content type. */
  static byte[] response(int n, String url, String contentType, byte[] body) {
    byte[] http = contentType == null ? http(200, "OK", body) : http(200, "OK", body, "Content-Type", contentType);
    return record(http, "WARC-Type", "response", "WARC-Date", "2023-05-28T10:00:00Z",
        "WARC-Record-ID", uuid(n), "Content-Type", "application/http; msgtype=response",
        "WARC-Target-URI", url);
  }

  static byte[] request(int n, String url) {
    byte[] http = ascii("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
    return record(http, "WARC-Type", "request", "WARC-Date", "2023-05-28T10:00:00Z",
        "WARC-Record-ID", uuid(n), "Content-Type", "application/http; msgtype=request", "WARC-Target-URI", url);
  }

  static byte[] html(String title, String text) {
    return ("<!DOCTYPE html><html><head><title>" + title + "</title></head><body><p>" + text
        + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(data);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records gzipped one member each, as Common Crawl writes them; offsets of each member in {@code offsets}. */
  static byte[] gzipMembers(List<byte[]> records, List<Long> offsets) {
    List<byte[]> members = new ArrayList<>();
    long at = 0;
    for (byte[] r : records) {
      byte[] m = gzip(r);
      offsets.add(at);
      at += m.length;
      members.add(m);
    }
    return concat(members.toArray(new byte[0][]));
  }
}
