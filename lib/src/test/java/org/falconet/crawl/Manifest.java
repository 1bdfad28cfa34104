package org.falconet.crawl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code datasets-sample/crawl/MANIFEST.tsv}: one map per response record, keyed by column name. */
public final class Manifest {

  private Manifest() {}

  /** The rows of a manifest file. */
  public static List<Map<String, String>> rows(Path tsv) throws IOException {
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    String[] head = lines.get(0).split("\t", -1);
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < head.length; i++) {
        row.put(head[i], i < cells.length ? cells[i] : "");
      }
      out.add(row);
    }
    return out;
  }
}
