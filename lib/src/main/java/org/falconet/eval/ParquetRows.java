package org.falconet.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads the rows of a local Parquet file as JSON trees, so that a task published as Parquet (as
 * Hugging Face publishes ARC, HellaSwag, MMLU and TruthfulQA) goes through the same code as its JSONL
 * rows: a struct becomes an object, a {@code LIST} (the standard three-level layout that Arrow and
 * Spark write, or the legacy two-level one) an array, strings text, integers and floats numbers.
 *
 * <p>Pages compressed with Snappy, ZSTD or GZIP (what pyarrow and {@code datasets} write) are
 * decompressed here, which keeps Hadoop's runtime off the class path.
 */
public final class ParquetRows {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ParquetRows() {}

  /** Every row of {@code file}, in order. */
  public static List<JsonNode> read(Path file) throws IOException {
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .withCodecFactory(new Codecs()).build();
    List<JsonNode> rows = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
      var schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
            .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rows.add(toJson(records.read()));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": not a readable Parquet file (" + e.getMessage() + ")", e);
    }
    return rows;
  }

  private static ObjectNode toJson(Group g) {
    ObjectNode o = NODES.objectNode();
    GroupType type = g.getType();
    for (int f = 0; f < type.getFieldCount(); f++) {
      Type field = type.getType(f);
      int n = g.getFieldRepetitionCount(f);
      if (field.isRepetition(Type.Repetition.REPEATED)) { // a bare repeated field: an array
        ArrayNode a = o.putArray(field.getName());
        for (int i = 0; i < n; i++) {
          a.add(value(g, f, i, field));
        }
      } else {
        o.set(field.getName(), n == 0 ? NODES.nullNode() : value(g, f, 0, field));
      }
    }
    return o;
  }

  private static JsonNode value(Group g, int f, int i, Type field) {
    if (field.isPrimitive()) {
      return primitive(g, f, i, field.asPrimitiveType());
    }
    Group child = g.getGroup(f, i);
    if (field.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return list(child);
    }
    return toJson(child);
  }

  /** A LIST group: one repeated field; its entries are either the element (2-level) or a group holding it (3-level). */
  private static ArrayNode list(Group list) {
    ArrayNode a = NODES.arrayNode();
    Type repeated = list.getType().getType(0);
    int n = list.getFieldRepetitionCount(0);
    for (int i = 0; i < n; i++) {
      boolean threeLevel = !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
          && !repeated.getName().equals("array") && !repeated.getName().endsWith("_tuple");
      if (threeLevel) {
        Group entry = list.getGroup(0, i);
        Type element = repeated.asGroupType().getType(0);
        a.add(entry.getFieldRepetitionCount(0) == 0 ? NODES.nullNode() : value(entry, 0, 0, element));
      } else {
        a.add(value(list, 0, i, repeated));
      }
    }
    return a;
  }

  private static JsonNode primitive(Group g, int f, int i, PrimitiveType p) {
    return switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> NODES.booleanNode(g.getBoolean(f, i));
      case INT32 -> NODES.numberNode(g.getInteger(f, i));
      case INT64 -> NODES.numberNode(g.getLong(f, i));
      case FLOAT -> NODES.numberNode(g.getFloat(f, i));
      case DOUBLE -> NODES.numberNode(g.getDouble(f, i));
      case BINARY, FIXED_LEN_BYTE_ARRAY -> NODES.textNode(g.getBinary(f, i).toStringUsingUTF8());
      case INT96 -> NODES.textNode(g.getValueToString(f, i));
    };
  }

  /** Page decompression for the codecs Parquet writers use by default, without Hadoop's codec classes. */
  private static final class Codecs implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
      throw new UnsupportedOperationException("ParquetRows only reads");
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
      return new BytesInputDecompressor() {
        @Override
        public BytesInput decompress(BytesInput bytes, int size) throws IOException {
          byte[] in = bytes.toByteArray();
          byte[] out = switch (codec) {
            case UNCOMPRESSED -> in;
            case SNAPPY -> org.xerial.snappy.Snappy.uncompress(in);
            case ZSTD -> com.github.luben.zstd.Zstd.decompress(in, size);
            case GZIP -> new GZIPInputStream(new ByteArrayInputStream(in)).readAllBytes();
            default -> throw new IOException("pages compressed with " + codec + " are not supported"
                + " (supported: UNCOMPRESSED, SNAPPY, ZSTD, GZIP)");
          };
          if (out.length != size) {
            throw new IOException(codec + " page decompressed to " + out.length + " bytes, expected " + size);
          }
          return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size) throws IOException {
          byte[] in = new byte[compressedSize];
          input.get(in);
          output.put(decompress(BytesInput.from(in), size).toByteArray());
        }

        @Override
        public void release() {}
      };
    }

    @Override
    public void release() {}
  }
}
