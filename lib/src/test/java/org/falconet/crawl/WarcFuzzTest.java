package org.falconet.crawl;

import static org.falconet.crawl.WarcBytes.concat;
import static org.falconet.crawl.WarcBytes.gzipMembers;
import static org.falconet.crawl.WarcBytes.http;
import static org.falconet.crawl.WarcBytes.record;
import static org.falconet.crawl.WarcBytes.request;
import static org.falconet.crawl.WarcBytes.response;
import static org.falconet.crawl.WarcBytes.uuid;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.falconet.pipeline.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random truncations and byte flips over a WARC (gzip per record, and plain), for a bounded time:
 * no exception escapes, every record that ends before the first damaged byte is read exactly as
 * from the intact file, and after byte flips every record that starts after the last flipped byte is
 * read too. Longer or other runs: {@code -Dfalconet.fuzz.ms=60000 -Dfalconet.fuzz.seed=7}.
 */
class WarcFuzzTest {

  static final long BUDGET_MS = Long.getLong("falconet.fuzz.ms", 4000); // the whole test, both layouts
  static final long SEED = Long.getLong("falconet.fuzz.seed", 20230523);

  @TempDir
  Path dir;

  /** The fixture: records and, for each, whether it yields an outcome. */
  static List<byte[]> records() {
    List<byte[]> recs = new ArrayList<>();
    String[] cs = {"UTF-8", "windows-1252", "Shift_JIS", "GBK"};
    for (int i = 0; i < 40; i++) {
      String url = "https://site" + i + ".example.org/p/" + i;
      recs.add(request(1000 + i, url));
      if (i % 9 == 4) {
        recs.add(response(i, url, "application/pdf", WarcBytes.ascii("%PDF-1.4 " + i)));
      } else if (i % 11 == 7) {
        recs.add(record(http(404, "Not Found", WarcBytes.ascii("<html>gone</html>"), "Content-Type", "text/html"),
            "WARC-Type", "response", "WARC-Date", "2023-05-28T10:00:00Z", "WARC-Record-ID", uuid(i), "WARC-Target-URI", url));
      } else {
        Charset c = Charset.forName(cs[i % cs.length]);
        String text = switch (i % cs.length) {
          case 0 -> "Plain English text for page " + i + ". ";
          case 1 -> "Caf\u00e9 \u201cna\u00efve\u201d page " + i + ". ";
          case 2 -> WarcSourceTest.JAPANESE;
          default -> WarcSourceTest.CHINESE;
        };
        recs.add(response(i, url, "text/html; charset=" + c.name(), WarcSourceTest.page(text.repeat(1 + i % 5), c, "")));
      }
      if (i % 3 == 0) {
        recs.add(record(WarcBytes.ascii("fetchTimeMs: " + i + "\r\n"), "WARC-Type", "metadata",
            "WARC-Date", "2023-05-28T10:00:00Z", "WARC-Record-ID", uuid(2000 + i), "WARC-Target-URI", url));
      }
    }
    return recs;
  }

  record Layout(String name, byte[] bytes, long[] starts, long[] ends) {}

  static Layout gzipLayout(List<byte[]> recs) {
    List<Long> at = new ArrayList<>();
    byte[] bytes = gzipMembers(recs, at);
    long[] s = new long[recs.size()];
    long[] e = new long[recs.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = at.get(i);
      e[i] = i + 1 < s.length ? at.get(i + 1) : bytes.length;
    }
    return new Layout("fuzz.warc.gz", bytes, s, e);
  }

  static Layout plainLayout(List<byte[]> recs) {
    long[] s = new long[recs.size()];
    long[] e = new long[recs.size()];
    long at = 0;
    for (int i = 0; i < s.length; i++) {
      s[i] = at;
      at += recs.get(i).length;
      e[i] = at;
    }
    return new Layout("fuzz.warc", concat(recs.toArray(new byte[0][])), s, e);
  }

  List<Outcome> read(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    List<Outcome> out = new ArrayList<>();
    new WarcSource().read(f, out::add);
    return out;
  }

  static String key(Outcome o) {
    return o.document().id() + " " + WarcSourceTest.reason(o);
  }

  @Test
  void randomTruncationsAndByteFlipsNeverEscapeAndKeepEveryIntactRecord() throws IOException {
    List<byte[]> recs = records();
    long deadline = System.currentTimeMillis() + BUDGET_MS;
    Random rnd = new Random(SEED);
    int runs = 0;
    for (Layout layout : List.of(gzipLayout(recs), plainLayout(recs))) {
      List<Outcome> clean = read(layout.name(), layout.bytes());
      // Which record each clean outcome came from: outcomes come from responses, in order.
      List<Integer> from = new ArrayList<>();
      for (int i = 0; i < recs.size(); i++) {
        if (new String(recs.get(i), 0, 60, java.nio.charset.StandardCharsets.ISO_8859_1).contains("response")) {
          from.add(i);
        }
      }
      assertEquals(from.size(), clean.size());
      long layoutDeadline = layout.name().endsWith(".gz") ? (System.currentTimeMillis() + deadline) / 2 : deadline;
      while (System.currentTimeMillis() < layoutDeadline) {
        byte[] bad = layout.bytes().clone();
        int first = rnd.nextInt(bad.length);
        int last = first;
        boolean truncate = rnd.nextBoolean();
        if (truncate) {
          bad = java.util.Arrays.copyOf(bad, first);
        } else {
          int flips = 1 + rnd.nextInt(4);
          for (int k = 0; k < flips; k++) {
            int at = Math.min(bad.length - 1, first + (k == 0 ? 0 : rnd.nextInt(64)));
            bad[at] ^= (byte) (1 + rnd.nextInt(255));
            last = Math.max(last, at);
          }
        }
        byte[] damaged = bad;
        List<Outcome> out = assertDoesNotThrow(() -> read(layout.name(), damaged),
            () -> layout.name() + (truncate ? " cut at " : " flipped at ") + first);
        Map<String, Integer> seen = new HashMap<>();
        for (Outcome o : out) {
          seen.merge(key(o), 1, Integer::sum);
        }
        for (int j = 0; j < clean.size(); j++) {
          int r = from.get(j);
          String what = layout.name() + (truncate ? " cut at " : " flipped at ") + first + ", record " + r;
          if (layout.ends()[r] <= first) {
            assertEquals(key(clean.get(j)), key(out.get(j)), what);
          } else if (!truncate && layout.starts()[r] > last) {
            assertTrue(seen.containsKey(key(clean.get(j))), what + " lost after the damage");
          }
        }
        runs++;
      }
    }
    assertTrue(runs >= 20, "only " + runs + " fuzz runs in " + BUDGET_MS + " ms");
  }
}
