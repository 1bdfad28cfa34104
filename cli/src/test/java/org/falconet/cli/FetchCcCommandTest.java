package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fetch-cc} end to end against a local server in Common Crawl's layout. */
class FetchCcCommandTest {

  static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void fetchesTheChosenFiles(@TempDir Path dest) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    StringBuilder paths = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      String p = "crawl-data/CC-MAIN-2023-23/segments/1.0" + i + "/warc/f" + i + ".warc.gz";
      files.put("/" + p, gzip("WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n" + i));
      paths.append(p).append('\n');
    }
    files.put("/crawl-data/CC-MAIN-2023-23/warc.paths.gz", gzip(paths.toString()));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      try (ex) {
        byte[] b = files.get(ex.getRequestURI().getPath());
        ex.sendResponseHeaders(b == null ? 404 : 200, b == null ? -1 : b.length);
        if (b != null) {
          ex.getResponseBody().write(b);
        }
      }
    });
    server.start();
    try {
      StringWriter out = new StringWriter();
      CommandLine cl = Falconet.commandLine();
      cl.setOut(new PrintWriter(out));
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      int rc = cl.execute("fetch-cc", "--crawl", "CC-MAIN-2023-23", "--files", "2", "--dest", dest.toString(),
          "--base-url", base, "--seed", "3");
      assertEquals(0, rc);
      List<Path> warcs;
      try (var s = Files.list(dest)) {
        warcs = s.filter(f -> !f.getFileName().toString().equals("fetch-cc.json")).sorted().toList();
      }
      assertEquals(2, warcs.size());
      // The pick, for the manifest of a run over these files: crawl, list, seed and the two paths chosen.
      org.falconet.provenance.RunManifest.CommonCrawlPick pick = new com.fasterxml.jackson.databind.ObjectMapper()
          .readValue(dest.resolve("fetch-cc.json").toFile(), org.falconet.provenance.RunManifest.CommonCrawlPick.class);
      assertEquals("CC-MAIN-2023-23", pick.crawl());
      assertEquals(3, pick.seed());
      assertEquals(6, pick.listed());
      assertEquals(base + "crawl-data/CC-MAIN-2023-23/warc.paths.gz", pick.pathList());
      assertEquals(warcs.stream().map(f -> f.getFileName().toString()).toList(),
          pick.picked().stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).sorted().toList());
      {
        for (Path f : warcs) {
          assertArrayEquals(files.get("/crawl-data/CC-MAIN-2023-23/segments/1.0" + f.getFileName().toString().charAt(1)
              + "/warc/" + f.getFileName()), Files.readAllBytes(f));
        }
      }
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err));
      assertEquals(1, cl.execute("fetch-cc", "--crawl", "CC-MAIN-1999-01", "--files", "1", "--dest", dest.toString(),
          "--base-url", base, "--attempts", "1"));
      assertTrue(err.toString().contains("HTTP 404"), err.toString());
    } finally {
      server.stop(0);
    }
  }
}
