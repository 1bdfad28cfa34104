package org.falconet.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.corpus.JsonlFiles;
import org.falconet.dedup.minhash.MinHashDeduplicator;
import org.falconet.dedup.url.UrlNormalizer;

/**
 * A few example documents of a curation run, read from its output in one pass over {@code removed/}
 * and one over {@code kept/}: the first {@value #PER_REASON} removed documents of each stage and
 * reason, the first kept documents that line-wise corrections shortened (with the rule counts over
 * all kept documents), and for each removed duplicate the document it duplicated.
 */
final class RemovalExamples {
  static final int PER_REASON = 3;
  /** Word shingle length for finding an exact-substring duplicate's twin: 50 tokens are about 8 words' worth of overlap. */
  private static final int SHINGLE_WORDS = 8;

  /** Removed documents by stage, then by reason, in file order. */
  final Map<String, Map<String, List<Document>>> removed = new LinkedHashMap<>();
  /** Kept documents from which line-wise corrections removed lines. */
  final List<Document> corrected = new ArrayList<>();
  /** Lines removed from kept documents, by rule. */
  final Map<String, Long> correctedLinesByRule = new TreeMap<>();
  /** For a removed duplicate's id, the document it duplicates (kept, or removed later). */
  final Map<String, Document> twins = new HashMap<>();

  static RemovalExamples read(Path runDir) throws IOException {
    RemovalExamples ex = new RemovalExamples();
    Map<String, Document> removedById = new HashMap<>();
    for (Path f : files(runDir.resolve("removed"))) {
      try (BufferedReader in = JsonlFiles.reader(f)) {
        String line;
        while ((line = in.readLine()) != null) {
          String[] sr = JsonlCodec.stageAndReason(line);
          List<Document> docs = ex.removed.computeIfAbsent(sr[1], k -> new LinkedHashMap<>())
              .computeIfAbsent(sr[2], k -> new ArrayList<>());
          if (docs.size() < PER_REASON) {
            Document d = JsonlCodec.decode(line);
            docs.add(d);
            removedById.put(d.id(), d);
          }
        }
      }
    }
    ex.findTwins(runDir, removedById);
    return ex;
  }

  /** One pass over the kept documents: corrected examples, rule counts, and the twins of the duplicates shown. */
  private void findTwins(Path runDir, Map<String, Document> removedById) throws IOException {
    Map<String, String> wantedIds = new HashMap<>(); // twin id -> duplicate's id
    Map<String, String> wantedUrls = new HashMap<>(); // normalised URL -> duplicate's id
    List<Document> exact = new ArrayList<>();
    removed.getOrDefault("minhash_dedup", Map.of()).values().forEach(ds -> ds.forEach(d -> {
      Object of = d.meta(MinHashDeduplicator.DUPLICATE_OF);
      if (of != null) {
        wantedIds.put(of.toString(), d.id());
      }
    }));
    removed.getOrDefault("url_dedup", Map.of()).values().forEach(ds -> ds.forEach(d -> {
      if (d.url() != null) {
        wantedUrls.put(UrlNormalizer.normalize(d.url(), true), d.id());
      }
    }));
    removed.getOrDefault("exact_substring_dedup", Map.of()).values().forEach(exact::addAll);
    List<Set<String>> exactShingles = exact.stream().map(d -> shingles(d.text())).toList();
    int[] bestOverlap = new int[exact.size()];
    // A twin may itself have been removed by a later stage: look among the removed examples first.
    wantedIds.forEach((twin, dup) -> {
      if (removedById.containsKey(twin)) {
        twins.put(dup, removedById.get(twin));
      }
    });
    for (Path f : files(runDir.resolve("kept"))) {
      JsonlFiles.read(f, d -> {
        Object lines = d.meta("removed_lines");
        if (lines instanceof List<?> list && !list.isEmpty()) {
          if (corrected.size() < PER_REASON) {
            corrected.add(d);
          }
          for (Object o : list) {
            if (o instanceof Map<?, ?> m && m.get("rule") != null) {
              correctedLinesByRule.merge(m.get("rule").toString(), 1L, Long::sum);
            }
          }
        }
        String dupOf = wantedIds.get(d.id());
        if (dupOf != null) {
          twins.putIfAbsent(dupOf, d);
        }
        if (d.url() != null && !wantedUrls.isEmpty()) {
          String dup = wantedUrls.get(UrlNormalizer.normalize(d.url(), true));
          if (dup != null) {
            twins.putIfAbsent(dup, d);
          }
        }
        if (!exact.isEmpty() && d.text() != null) {
          Set<String> sh = shingles(d.text());
          for (int i = 0; i < exact.size(); i++) {
            int overlap = 0;
            for (String s : exactShingles.get(i)) {
              overlap += sh.contains(s) ? 1 : 0;
            }
            if (overlap > bestOverlap[i]) {
              bestOverlap[i] = overlap;
              twins.put(exact.get(i).id(), d);
            }
          }
        }
      });
    }
  }

  private static Set<String> shingles(String text) {
    Set<String> out = new HashSet<>();
    if (text == null) {
      return out;
    }
    String[] w = text.split("\\s+");
    for (int i = 0; i + SHINGLE_WORDS <= w.length; i++) {
      out.add(String.join(" ", java.util.Arrays.asList(w).subList(i, i + SHINGLE_WORDS)));
    }
    return out;
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).sorted().toList();
    }
  }
}
