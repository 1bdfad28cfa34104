package org.falconet.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlFiles;

/**
 * JSONL input files with every case the stages decide: damaged records, spam, short lines, short
 * documents, exact and near duplicates across files, duplicate URLs that differ in case and fragment.
 */
final class TestCorpus {
  private static final String[] WORDS = {"falcon", "web", "crawl", "text", "model", "token", "refined", "data",
      "the", "of", "curation", "spark", "cluster", "page", "language", "quality", "filter", "river", "stone", "light"};

  private TestCorpus() {}

  static String sentence(Random rnd, int words) {
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < words; w++) {
      sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(w + 1 < words ? " " : ".");
    }
    return sb.toString();
  }

  static List<Document> documents(int n, long seed) {
    Random rnd = new Random(seed);
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "doc-" + seed + "-" + i;
      String url = "https://site" + rnd.nextInt(n) + ".example.org/page/" + i;
      String text;
      int kind = rnd.nextInt(20);
      if (kind == 0 && !docs.isEmpty()) { // near duplicate of an earlier document: one word changed
        String[] w = docs.get(rnd.nextInt(docs.size())).text().split(" ");
        w[rnd.nextInt(w.length)] = "changed";
        text = String.join(" ", w);
      } else if (kind == 1 && !docs.isEmpty()) { // exact copy
        text = docs.get(rnd.nextInt(docs.size())).text();
      } else if (kind == 2 && !docs.isEmpty()) { // the same URL again, spelled differently
        text = sentence(rnd, 30);
        url = docs.get(rnd.nextInt(docs.size())).url().replace("https://site", "https://SITE") + "#top";
      } else if (kind == 3) {
        text = "buy cheap spam now " + i;
      } else if (kind == 4) {
        text = "a\nb\n" + sentence(rnd, 2);
      } else if (kind == 5) {
        text = "x\n \nyy";
      } else {
        StringBuilder sb = new StringBuilder();
        int lines = 1 + rnd.nextInt(6);
        for (int l = 0; l < lines; l++) {
          sb.append(sentence(rnd, 5 + rnd.nextInt(40))).append(rnd.nextInt(4) == 0 ? "\nok\n" : "\n");
        }
        text = sb.toString().strip() + " é " + i;
      }
      Document d = Document.ofText(id, url, text);
      docs.add(kind == 6 && i % 3 == 0 ? d.withMeta(Map.of("damaged", true)) : d);
    }
    return docs;
  }

  /** {@code files} JSONL files of {@code perFile} documents each (the second one empty if {@code oneEmpty}), in {@code dir}. */
  static List<Path> write(Path dir, int files, int perFile, boolean oneEmpty) throws IOException {
    List<Path> out = new ArrayList<>();
    List<Document> all = documents(files * perFile, 7);
    for (int f = 0; f < files; f++) {
      Path p = dir.resolve(String.format("in-%02d.jsonl%s", f, f % 2 == 0 ? ".gz" : ""));
      JsonlFiles.write(p, oneEmpty && f == 1 ? List.of() : all.subList(f * perFile, (f + 1) * perFile));
      out.add(p);
    }
    return out;
  }
}
