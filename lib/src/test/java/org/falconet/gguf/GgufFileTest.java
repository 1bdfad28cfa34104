package org.falconet.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GGUF reader on a file written byte by byte from the specification, and on broken ones. */
class GgufFileTest {

  /** Little-endian GGUF writer, independent of the reader. */
  static final class Writer {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer u32(long v) {
      return bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }

    Writer u64(long v) {
      return bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    Writer str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return u64(b.length).bytes(b);
    }

    Writer bytes(byte... b) {
      out.writeBytes(b);
      return this;
    }

    byte[] done() {
      return out.toByteArray();
    }
  }

  static Writer header(int version, long tensors, long kvs) {
    return new Writer().bytes("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(version).u64(tensors).u64(kvs);
  }

  @Test
  void readsEveryValueTypeAndTheTensorDirectory() {
    Writer w = header(3, 1, 9);
    w.str("u8").u32(0).bytes((byte) 200);
    w.str("i16").u32(3).bytes((byte) 0xFE, (byte) 0xFF);                  // -2
    w.str("u32").u32(4).u32(0xFFFFFFFFL);
    w.str("f32").u32(6).bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).array());
    w.str("flag").u32(7).bytes((byte) 1);
    w.str("name").u32(8).str("Falcon – ünïcode");
    w.str("i64").u32(11).u64(-5);
    w.str("tokens").u32(9).u32(8).u64(3).str("a").str("Ġb").str(">>TITLE<<");
    w.str("types").u32(9).u32(5).u64(2).u32(3).u32(1);
    w.str("tok_embd").u32(2).u64(4544).u64(65024).u32(1).u64(0);
    GgufFile g = GgufFile.parse(ByteBuffer.wrap(w.done()), "test.gguf");
    assertEquals(3, g.version());
    assertEquals(200L, g.integer("u8"));
    assertEquals(-2L, g.integer("i16"));
    assertEquals(0xFFFFFFFFL, g.integer("u32"));
    assertEquals(1.5, (Double) g.metadata().get("f32"));
    assertEquals(true, g.metadata().get("flag"));
    assertEquals("Falcon – ünïcode", g.string("name"));
    assertEquals(-5L, g.integer("i64"));
    assertEquals(List.of("a", "Ġb", ">>TITLE<<"), g.strings("tokens"));
    assertArrayEquals(new long[] {3, 1}, g.integers("types"));
    assertEquals(List.of("u8", "i16", "u32", "f32", "flag", "name", "i64", "tokens", "types"), List.copyOf(g.metadata().keySet()));
    GgufFile.TensorInfo t = g.tensors().get(0);
    assertEquals("tok_embd", t.name());
    assertArrayEquals(new long[] {4544, 65024}, t.dims());
    assertEquals(1, t.type());
  }

  @Test
  void readsLlamaCppsFalconVocabularyFile() throws Exception {
    Path repo = Path.of(System.getProperty("falconet.repo", ".")).toAbsolutePath();
    Path gguf = repo.resolve("datasets-sample/tokenizer/falcon/ggml-vocab-falcon.gguf");
    GgufFile g = GgufFile.read(gguf);
    assertEquals("falcon", g.string("general.architecture"));
    assertEquals(65_024, g.strings("tokenizer.ggml.tokens").size());
    assertEquals(64_784, g.strings("tokenizer.ggml.merges").size());
    assertEquals(11L, g.integer("tokenizer.ggml.eos_token_id"));
  }

  @Test
  void errorsNameTheFileAndThePart() {
    assertEquals("x.gguf: not a GGUF file (magic 0x464c457f)", assertThrows(GgufFormatException.class,
        () -> GgufFile.parse(ByteBuffer.wrap(new byte[] {0x7F, 'E', 'L', 'F', 0, 0, 0, 0}), "x.gguf")).getMessage());
    assertEquals("x.gguf: unsupported GGUF version 1 (2 and 3 are read)", assertThrows(GgufFormatException.class,
        () -> GgufFile.parse(ByteBuffer.wrap(header(1, 0, 0).done()), "x.gguf")).getMessage());
    byte[] unknown = header(3, 0, 1).str("k").u32(13).u32(0).done();
    assertEquals("x.gguf: metadata 'k': unknown value type 13", assertThrows(GgufFormatException.class,
        () -> GgufFile.parse(ByteBuffer.wrap(unknown), "x.gguf")).getMessage());
    byte[] full = header(3, 0, 1).str("key").u32(8).str("value").done();
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
    assertEquals("x.gguf: metadata 'key': string length 5 runs past the end of the file",
        assertThrows(GgufFormatException.class, () -> GgufFile.parse(ByteBuffer.wrap(cut), "x.gguf")).getMessage());
    byte[] shortInt = java.util.Arrays.copyOf(header(3, 0, 1).str("n").u32(4).u32(7).done(), 35);
    assertEquals("x.gguf: truncated at byte 33", assertThrows(GgufFormatException.class,
        () -> GgufFile.parse(ByteBuffer.wrap(shortInt), "x.gguf")).getMessage());
    GgufFile g = GgufFile.parse(ByteBuffer.wrap(full), "x.gguf");
    assertEquals("x.gguf: metadata 'key' is not an integer", assertThrows(GgufFormatException.class,
        () -> g.integer("key")).getMessage());
    assertEquals("x.gguf: no metadata 'absent'", assertThrows(GgufFormatException.class,
        () -> g.string("absent")).getMessage());
  }
}
