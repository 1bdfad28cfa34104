package org.falconet.dedup;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.falconet.corpus.Document;
import org.falconet.corpus.JsonlCodec;
import org.falconet.corpus.JsonlFiles;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A group of documents a deduplicator judged to be copies of one another, shown side by side in a
 * notebook: the kept document first, then the ones removed as its duplicates.
 *
 * <pre>{@code
 * List<DuplicateCluster> clusters = new MinHashDeduplicator().clusters(Corpus.of(docs), workDir);
 * display(clusters.get(0).html());   // one column per document
 * clusters.get(0).table();           // a tablesaw Table: role, id, url, chars, text
 * DuplicateCluster.fromRun(Path.of("out/dedup"), "minhash_dedup");   // after ./falconet dedup
 * }</pre>
 *
 * @param stage   the stage that found the cluster, e.g. {@code minhash_dedup}
 * @param members the documents, kept one first; never empty
 */
public record DuplicateCluster(String stage, List<Member> members) {

  /** One document of a cluster. */
  public record Member(String id, String url, String text) {
    public Member {
      Objects.requireNonNull(id, "id");
      text = text == null ? "" : text;
    }
  }

  public DuplicateCluster {
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a duplicate cluster has at least one member");
    }
  }

  /** The cluster of {@code docs} (kept one first), showing each document's text or content. */
  public static DuplicateCluster of(String stage, List<Document> docs) {
    return new DuplicateCluster(stage,
        docs.stream().map(d -> new Member(d.id(), d.url(), d.content())).toList());
  }

  /**
   * The clusters of a finished run's output directory: documents that {@code stage} removed with a
   * {@code duplicate_of} id, grouped under the document they duplicate (looked up among the kept
   * documents and, if a later stage removed it, the removed ones), in order of first removal.
   */
  public static List<DuplicateCluster> fromRun(Path outDir, String stage) throws IOException {
    Map<String, List<Document>> byKept = new LinkedHashMap<>();
    Map<String, Document> all = new HashMap<>();
    for (Path f : jsonl(outDir.resolve("removed"))) {
      try (BufferedReader in = JsonlFiles.reader(f)) {
        String line;
        while ((line = in.readLine()) != null) {
          Document d = JsonlCodec.decode(line);
          all.put(d.id(), d);
          Object of = d.meta("duplicate_of");
          if (of != null && stage.equals(JsonlCodec.stageAndReason(line)[1])) {
            byKept.computeIfAbsent(of.toString(), k -> new ArrayList<>()).add(d);
          }
        }
      }
    }
    for (Path f : jsonl(outDir.resolve("kept"))) {
      JsonlFiles.read(f, d -> {
        if (byKept.containsKey(d.id())) {
          all.put(d.id(), d);
        }
      });
    }
    List<DuplicateCluster> out = new ArrayList<>();
    byKept.forEach((keptId, removed) -> {
      List<Document> docs = new ArrayList<>();
      Document kept = all.get(keptId);
      docs.add(kept != null ? kept : Document.ofText(keptId, null, "(not in this run's output)"));
      docs.addAll(removed);
      out.add(of(stage, docs));
    });
    return out;
  }

  private static List<Path> jsonl(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(JsonlFiles::isJsonl).sorted().toList();
    }
  }

  /** The document the stage kept. */
  public Member kept() {
    return members.get(0);
  }

  /** One row per member: role (kept/removed), id, url, length in characters and text. */
  public Table table() {
    StringColumn role = StringColumn.create("role");
    StringColumn id = StringColumn.create("id");
    StringColumn url = StringColumn.create("url");
    IntColumn chars = IntColumn.create("chars");
    StringColumn text = StringColumn.create("text");
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      role.append(i == 0 ? "kept" : "removed");
      id.append(m.id());
      url.append(m.url() == null ? "" : m.url());
      chars.append(m.text().length());
      text.append(m.text());
    }
    return Table.create(stage + " cluster of " + kept().id(), role, id, url, chars, text);
  }

  /**
   * An HTML table with one column per member, texts cut to {@code maxChars} characters: the view a
   * notebook renders to compare near-duplicates by eye. Texts are left-aligned and top-aligned by
   * attributes as well as styles: an untrusted notebook and GitHub drop styles, and Jupyter's stylesheet
   * right-aligns table cells unless a block inside says otherwise.
   */
  public String html(int maxChars) {
    StringBuilder sb = new StringBuilder("<table width=\"100%\" style=\"table-layout:fixed;width:100%\"><tr>");
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      sb.append("<th valign=\"top\" style=\"text-align:left;vertical-align:top\"><div align=\"left\">")
          .append(i == 0 ? "kept" : "removed")
          .append(": ").append(escape(m.id()));
      if (m.url() != null) {
        sb.append("<br><small>").append(escape(m.url())).append("</small>");
      }
      sb.append("</div></th>");
    }
    sb.append("</tr><tr>");
    for (Member m : members) {
      String t = m.text().length() > maxChars ? m.text().substring(0, maxChars) + "…" : m.text();
      sb.append("<td valign=\"top\" style=\"vertical-align:top;text-align:left;white-space:pre-wrap;font-size:small\">")
          .append("<div align=\"left\">").append(escape(t)).append("</div></td>");
    }
    return sb.append("</tr></table>").toString();
  }

  /** {@link #html(int)} with texts cut at 2,000 characters. */
  public String html() {
    return html(2000);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
