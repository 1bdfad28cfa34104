package org.falconet.crawl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a local HTTP server laid out like Common Crawl, with injected failures. */
class CommonCrawlFetcherTest {

  static final String CRAWL = "CC-MAIN-2023-23";

  @TempDir
  Path dest;

  HttpServer server;
  final Map<String, byte[]> files = new HashMap<>();
  /** Per path: what to do on the next requests, consumed in order ("drop:N", "503", "corrupt"). */
  final Map<String, List<String>> faults = new ConcurrentHashMap<>();
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  CommonCrawlFetcher fetcher;

  static String segment(int i) {
    return String.format("crawl-data/%s/segments/1685224643388.%02d/warc/CC-MAIN-20230528-%05d.warc.gz", CRAWL, i, i);
  }

  @BeforeEach
  void start() throws IOException {
    StringBuilder paths = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      List<byte[]> recs = new ArrayList<>();
      for (int k = 0; k < 30; k++) {
        recs.add(WarcBytes.response(k, "https://example.org/" + i + "/" + k, "text/html",
            WarcBytes.html("p" + k, ("Segment " + i + " page " + k + ". ").repeat(30))));
      }
      files.put("/" + segment(i), WarcBytes.gzipMembers(recs, new ArrayList<>()));
      paths.append(segment(i)).append('\n');
    }
    files.put("/crawl-data/" + CRAWL + "/warc.paths.gz", WarcBytes.gzip(paths.toString().getBytes(StandardCharsets.UTF_8)));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    fetcher = new CommonCrawlFetcher(new CommonCrawlFetcher.Options(base, 4, Duration.ofMillis(5), Duration.ofSeconds(10)), log::add);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String range = ex.getRequestHeaders().getFirst("Range");
    requests.add(path + (range == null ? "" : " " + range));
    byte[] body = files.get(path);
    List<String> f = faults.get(path);
    String fault = f == null || f.isEmpty() ? "" : f.remove(0);
    try (ex) {
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      if (fault.equals("503")) {
        ex.sendResponseHeaders(503, -1);
        return;
      }
      if (fault.equals("corrupt")) {
        body = body.clone();
        body[body.length / 2] ^= 0x55;
      }
      int from = 0;
      if (range != null) {
        from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        ex.sendResponseHeaders(206, body.length - from);
      } else {
        ex.sendResponseHeaders(200, body.length);
      }
      OutputStream out = ex.getResponseBody();
      if (fault.startsWith("drop:")) {
        // Send part of the body, then cut the connection under the client.
        out.write(body, from, Integer.parseInt(fault.substring(5)));
        out.flush();
        ex.getHttpContext().getServer(); // keep the exchange referenced
        throw new IOException("connection dropped on purpose");
      }
      out.write(body, from, body.length - from);
    }
  }

  @Test
  void readsTheCrawlsPathListAndPicksReproducibly() throws IOException {
    List<String> paths = fetcher.warcPaths(CRAWL);
    assertEquals(20, paths.size());
    assertEquals(segment(0), paths.get(0));
    List<String> a = CommonCrawlFetcher.pick(paths, 3, 7);
    assertEquals(a, CommonCrawlFetcher.pick(paths, 3, 7));
    assertNotEquals(a, CommonCrawlFetcher.pick(paths, 3, 8));
    assertEquals(3, a.stream().distinct().count());
    assertTrue(paths.indexOf(a.get(0)) < paths.indexOf(a.get(1)), "returned in the list's order");
    assertThrows(IllegalArgumentException.class, () -> CommonCrawlFetcher.pick(paths, 21, 7));
  }

  @Test
  void aDroppedConnectionIsResumedWithARange() throws IOException {
    faults.put("/" + segment(3), new ArrayList<>(List.of("drop:5000")));
    Path got = fetcher.download(segment(3), dest);
    assertArrayEquals(files.get("/" + segment(3)), Files.readAllBytes(got));
    assertTrue(requests.contains("/" + segment(3) + " bytes=5000-"), requests.toString());
    assertFalse(Files.exists(dest.resolve(got.getFileName() + ".part")));
  }

  @Test
  void a503IsRetriedWithBackoff() throws IOException {
    faults.put("/" + segment(4), new ArrayList<>(List.of("503", "503")));
    Path got = fetcher.download(segment(4), dest);
    assertArrayEquals(files.get("/" + segment(4)), Files.readAllBytes(got));
    assertEquals(3, requests.stream().filter(r -> r.startsWith("/" + segment(4))).count());
    assertTrue(log.stream().anyMatch(l -> l.contains("HTTP 503") && l.contains("retrying")), log.toString());
  }

  @Test
  void aFileFailingTheGzipCheckIsFetchedAgain() throws IOException {
    faults.put("/" + segment(5), new ArrayList<>(List.of("corrupt")));
    Path got = fetcher.download(segment(5), dest);
    assertTrue(CommonCrawlFetcher.gzipIntact(got));
    assertArrayEquals(files.get("/" + segment(5)), Files.readAllBytes(got));
  }

  @Test
  void givesUpWithAClearMessageAndLeavesNoFile() {
    faults.put("/" + segment(6), new ArrayList<>(List.of("corrupt", "corrupt", "corrupt", "corrupt")));
    IOException e = assertThrows(IOException.class, () -> fetcher.download(segment(6), dest));
    assertTrue(e.getMessage().contains(segment(6)) && e.getMessage().contains("4 attempt"), e.getMessage());
    assertFalse(Files.exists(dest.resolve(segment(6).substring(segment(6).lastIndexOf('/') + 1))));
  }

  @Test
  void a404IsNotRetried() {
    IOException e = assertThrows(IOException.class, () -> fetcher.download("crawl-data/nope.warc.gz", dest));
    assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    assertEquals(1, requests.size());
  }

  @Test
  void aFileAlreadyThereIsNotFetchedAgain() throws IOException {
    fetcher.download(segment(7), dest);
    int before = requests.size();
    fetcher.download(segment(7), dest);
    assertEquals(before, requests.size());
  }

  @Test
  void downloadedSegmentsReadAsWarc() throws IOException {
    Path got = fetcher.download(segment(8), dest);
    AtomicInteger kept = new AtomicInteger();
    new WarcSource().read(got, o -> kept.incrementAndGet());
    assertEquals(30, kept.get());
  }
}
