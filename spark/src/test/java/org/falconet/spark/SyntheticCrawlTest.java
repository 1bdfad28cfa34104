package org.falconet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Outcome;
import org.falconet.refinedweb.RefinedWeb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaling benchmark's synthetic crawl: deterministic, readable WARC, with the duplicates it plants. */
class SyntheticCrawlTest {
  @TempDir
  Path tmp;

  private static Path sample() {
    return Path.of(System.getProperty("falconet.repo", "..")).resolve("datasets-sample/crawl");
  }

  private List<Path> generate(String dir, long seed) throws IOException {
    SyntheticCrawl.Params p = new SyntheticCrawl.Params(seed, 1_000_000, 0.04, 0.06, 0.03, 0.05, 64);
    return SyntheticCrawl.generate(sample(), 2_000_000, p, tmp.resolve(dir));
  }

  @Test
  void theSameSeedGivesTheSameBytesAndTheWarcReaderReadsEveryRecord() throws IOException {
    List<Path> a = generate("a", 7);
    List<Path> b = generate("b", 7);
    List<Path> c = generate("c", 8);
    assertEquals(2, a.size());
    long total = 0;
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), "same seed, same file " + i);
      assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.get(i)), Files.readAllBytes(c.get(i))), "another seed");
      total += Files.size(a.get(i));
    }
    assertTrue(total >= 2_000_000 && total < 2_300_000, "about the size asked for: " + total);

    List<Document> docs = new ArrayList<>();
    for (Path f : a) {
      RefinedWeb.source().read(f, o -> docs.add(o instanceof Outcome.Kept k ? k.document() : ((Outcome.Removed) o).document()));
    }
    assertTrue(docs.size() > 500, "records read: " + docs.size());
    // Planted: exact copies of an earlier body under a new URL, and an earlier URL with a new body.
    Map<String, String> urlOfHtml = new HashMap<>();
    Set<String> urls = new HashSet<>();
    int exactCopies = 0;
    int urlRepeats = 0;
    for (Document d : docs) {
      String html = d.html();
      if (html != null && !html.isEmpty() && urlOfHtml.containsKey(html) && !urlOfHtml.get(html).equals(d.url())) {
        exactCopies++;
      }
      if (html != null) {
        urlOfHtml.putIfAbsent(html, d.url());
      }
      if (!urls.add(d.url())) {
        urlRepeats++;
      }
    }
    double n = docs.size();
    assertTrue(exactCopies / n > 0.02 && exactCopies / n < 0.07, "exact copies: " + exactCopies + " of " + n);
    assertTrue(urlRepeats / n > 0.01 && urlRepeats / n < 0.06, "repeated URLs: " + urlRepeats + " of " + n);
  }
}
