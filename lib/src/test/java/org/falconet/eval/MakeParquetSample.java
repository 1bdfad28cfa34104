package org.falconet.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes {@code datasets-sample/eval/parquet/}: the JSONL/CSV/JSON sample items of each task again,
 * in the column layout of the task's Hugging Face Parquet release, so that {@code TaskDataParquetTest}
 * can check that both load to the same items. Deterministic (no timestamps in Parquet footers).
 * Run: {@code java -cp … org.falconet.eval.MakeParquetSample REPO_ROOT}.
 */
public final class MakeParquetSample {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Layouts as the datasets' Hugging Face Parquet files declare them (string = binary UTF8, lists 3-level). */
  static final String ARC = """
      message arc { optional binary id (STRING); optional binary question (STRING);
        optional group choices { optional group text (LIST) { repeated group list { optional binary element (STRING); } }
                                 optional group label (LIST) { repeated group list { optional binary element (STRING); } } }
        optional binary answerKey (STRING); }""";
  static final String HELLASWAG = """
      message hellaswag { optional int32 ind; optional binary activity_label (STRING);
        optional binary ctx_a (STRING); optional binary ctx_b (STRING); optional binary ctx (STRING);
        optional group endings (LIST) { repeated group list { optional binary element (STRING); } }
        optional binary source_id (STRING); optional binary split (STRING); optional binary split_type (STRING);
        optional binary label (STRING); }""";
  static final String MMLU = """
      message mmlu { optional binary question (STRING); optional binary subject (STRING);
        optional group choices (LIST) { repeated group list { optional binary element (STRING); } }
        optional int64 answer; }""";
  static final String TRUTHFULQA = """
      message truthfulqa { optional binary question (STRING);
        optional group mc1_targets { optional group choices (LIST) { repeated group list { optional binary element (STRING); } }
                                     optional group labels (LIST) { repeated group list { optional int32 element; } } }
        optional group mc2_targets { optional group choices (LIST) { repeated group list { optional binary element (STRING); } }
                                     optional group labels (LIST) { repeated group list { optional int32 element; } } } }""";

  private MakeParquetSample() {}

  public static void main(String[] args) throws IOException {
    Path eval = Path.of(args.length > 0 ? args[0] : ".").resolve("datasets-sample/eval");
    Path out = eval.resolve("parquet");
    for (String split : List.of("Train", "Test")) {
      write(out.resolve("arc_challenge/" + split.toLowerCase() + "-00000-of-00001.parquet"), ARC,
          CompressionCodecName.SNAPPY, arc(eval.resolve("arc_challenge/ARC-Challenge-" + split + ".jsonl")));
    }
    for (String[] split : new String[][] {{"train", "train"}, {"val", "validation"}}) {
      write(out.resolve("hellaswag/" + split[1] + "-00000-of-00001.parquet"), HELLASWAG, CompressionCodecName.SNAPPY,
          hellaswag(eval.resolve("hellaswag/hellaswag_" + split[0] + ".jsonl")));
    }
    for (String split : List.of("dev", "test")) {
      write(out.resolve("mmlu/all/" + split + "-00000-of-00001.parquet"), MMLU, CompressionCodecName.ZSTD,
          mmlu(eval.resolve("mmlu/" + split), split));
    }
    write(out.resolve("truthfulqa/validation-00000-of-00001.parquet"), TRUTHFULQA, CompressionCodecName.GZIP,
        truthfulqa(eval.resolve("truthfulqa/mc_task.json")));
  }

  private interface Row {
    void fill(Group g);
  }

  private static void write(Path file, String schemaText, CompressionCodecName codec, List<Row> rows) throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType(schemaText);
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration()).withType(schema).withCodecFactory(new Compressors())
        .withCompressionCodec(codec).build()) {
      SimpleGroupFactory factory = new SimpleGroupFactory(schema);
      for (Row r : rows) {
        Group g = factory.newGroup();
        r.fill(g);
        w.write(g);
      }
    }
    System.out.println(file + ": " + rows.size() + " rows, " + codec);
  }

  private static void list(Group parent, String field, List<String> values) {
    Group l = parent.addGroup(field);
    values.forEach(v -> l.addGroup("list").append("element", v));
  }

  private static void intList(Group parent, String field, List<Integer> values) {
    Group l = parent.addGroup(field);
    values.forEach(v -> l.addGroup("list").append("element", v));
  }

  private static List<JsonNode> jsonl(Path file) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        rows.add(JSON.readTree(line));
      }
    }
    return rows;
  }

  /** AI2's nested {@code question.stem/choices[]} becomes Hugging Face's flat question and parallel lists. */
  static List<Row> arc(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (JsonNode n : jsonl(file)) {
      List<String> text = new ArrayList<>();
      List<String> label = new ArrayList<>();
      n.path("question").path("choices").forEach(c -> {
        text.add(c.path("text").asText());
        label.add(c.path("label").asText());
      });
      rows.add(g -> {
        g.append("id", n.path("id").asText()).append("question", n.path("question").path("stem").asText());
        Group choices = g.addGroup("choices");
        list(choices, "text", text);
        list(choices, "label", label);
        g.append("answerKey", n.path("answerKey").asText());
      });
    }
    return rows;
  }

  /** HellaSwag's columns as released; Hugging Face stores {@code label} as a string. */
  static List<Row> hellaswag(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (JsonNode n : jsonl(file)) {
      List<String> endings = new ArrayList<>();
      n.path("endings").forEach(e -> endings.add(e.asText()));
      rows.add(g -> {
        g.append("ind", n.path("ind").asInt()).append("activity_label", n.path("activity_label").asText())
            .append("ctx_a", n.path("ctx_a").asText()).append("ctx_b", n.path("ctx_b").asText())
            .append("ctx", n.path("ctx").asText());
        list(g, "endings", endings);
        g.append("source_id", n.path("source_id").asText()).append("split", n.path("split").asText())
            .append("split_type", "indomain").append("label", n.path("label").asText());
      });
    }
    return rows;
  }

  /** MMLU's CSVs (subjects in name order, as {@code cais/mmlu}'s {@code all} config lists them); answer as an index. */
  static List<Row> mmlu(Path dir, String split) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<Path> files;
    try (var s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith("_" + split + ".csv")).sorted().toList();
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      String subject = name.substring(0, name.length() - ("_" + split + ".csv").length());
      for (List<String> r : Csv.parse(Files.readString(f, StandardCharsets.UTF_8))) {
        rows.add(g -> {
          g.append("question", r.get(0)).append("subject", subject);
          list(g, "choices", r.subList(1, 5));
          g.append("answer", (long) (r.get(5).strip().charAt(0) - 'A'));
        });
      }
    }
    return rows;
  }

  /** TruthfulQA's {@code answer: label} objects become Hugging Face's parallel choices and labels lists. */
  static List<Row> truthfulqa(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (JsonNode n : JSON.readTree(file.toFile())) {
      rows.add(g -> {
        g.append("question", n.path("question").asText());
        for (String key : List.of("mc1_targets", "mc2_targets")) {
          List<String> choices = new ArrayList<>();
          List<Integer> labels = new ArrayList<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = n.path(key).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            choices.add(e.getKey());
            labels.add(e.getValue().asInt());
          }
          Group t = g.addGroup(key);
          list(t, "choices", choices);
          intList(t, "labels", labels);
        }
      });
    }
    return rows;
  }

  /** Page compression without Hadoop's codec classes (the writer's half of ParquetRows' codecs). */
  private static final class Compressors implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
      return new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
          byte[] in = bytes.toByteArray();
          return BytesInput.from(switch (codec) {
            case UNCOMPRESSED -> in;
            case SNAPPY -> org.xerial.snappy.Snappy.compress(in);
            case ZSTD -> com.github.luben.zstd.Zstd.compress(in, 3);
            case GZIP -> {
              ByteArrayOutputStream buf = new ByteArrayOutputStream();
              try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                gz.write(in);
              }
              yield buf.toByteArray();
            }
            default -> throw new IOException("no compressor for " + codec);
          });
        }

        @Override
        public CompressionCodecName getCodecName() {
          return codec;
        }

        @Override
        public void release() {}
      };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
      throw new UnsupportedOperationException("write only");
    }

    @Override
    public void release() {}
  }
}
