package org.falconet.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.falconet.gguf.GgmlType;
import org.falconet.gguf.GgufFile;
import org.falconet.gguf.GgufFormatException;
import org.falconet.model.internal.HeapWeights;

/**
 * A Falcon GGUF file as llama.cpp's {@code convert_hf_to_gguf.py} writes it (architecture {@code falcon}), read as a
 * {@link WeightSource}: Hugging Face tensor names map to llama.cpp's ({@code token_embd}, {@code blk.N.attn_qkv},
 * {@code blk.N.attn_output}, {@code blk.N.ffn_up}, {@code blk.N.ffn_down}, {@code blk.N.attn_norm[_2]},
 * {@code output_norm}, {@code output}), the config comes from the {@code falcon.*} metadata, and the fused QKV rows
 * are put back from the converter's order (all queries, all keys, all values: its "jploski" layout) into the
 * order of {@code modeling_falcon.py} that {@link Attention} reads.
 *
 * <p>F32, F16, BF16 and Q8_0 matrices stay as they are (F16, BF16 and Q8_0 memory-mapped, used directly by the
 * kernels; an F16 matrix holding Inf or NaN is widened to float32, see {@link Matrix#of(Tensor)}); Q4_0 is
 * dequantised to float32 on load.
 */
public final class GgufCheckpoint implements WeightSource {
  private static final Pattern BLOCK = Pattern.compile("(?:transformer\\.)?h\\.(\\d+)\\.(.+)");

  private final Path path;
  private final GgufFile gguf;
  private final FalconConfig config;

  private GgufCheckpoint(Path path, GgufFile gguf, FalconConfig config) {
    this.path = path;
    this.gguf = gguf;
    this.config = config;
  }

  /** Reads the header of the GGUF file at {@code path} and derives the Falcon config from its metadata. */
  public static GgufCheckpoint open(Path path) throws IOException {
    GgufFile g;
    try {
      g = GgufFile.read(path);
    } catch (GgufFormatException e) {
      throw new CheckpointException(e.getMessage());
    }
    try {
      return new GgufCheckpoint(path, g, config(g));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(path + ": " + e.getMessage().replace(path + ": ", ""));
    }
  }

  /** The GGUF header. */
  public GgufFile gguf() {
    return gguf;
  }

  /** The config the {@code falcon.*} metadata and the tensor directory imply. */
  static FalconConfig config(GgufFile g) {
    String arch = g.string("general.architecture");
    if (!arch.equals("falcon")) throw new IllegalArgumentException("general.architecture '" + arch + "' is not falcon");
    if (g.has("falcon.tensor_data_layout") && !g.string("falcon.tensor_data_layout").equals("jploski")) {
      throw new IllegalArgumentException("falcon.tensor_data_layout '" + g.string("falcon.tensor_data_layout")
          + "' is not jploski (the fused-QKV order convert_hf_to_gguf.py writes)");
    }
    GgufFile.TensorInfo emb = g.tensor("token_embd.weight");
    if (emb == null || emb.dims().length != 2) throw new IllegalArgumentException("no 2-D token_embd.weight tensor");
    int hidden = (int) g.integer("falcon.embedding_length");
    int heads = (int) g.integer("falcon.attention.head_count");
    int kv = g.has("falcon.attention.head_count_kv") ? (int) g.integer("falcon.attention.head_count_kv") : 1;
    int ffn = g.has("falcon.feed_forward_length") ? (int) g.integer("falcon.feed_forward_length") : 4 * hidden;
    boolean twoNorms = g.tensor("blk.0.attn_norm_2.weight") != null;
    boolean bias = g.tensor("blk.0.attn_qkv.bias") != null;
    // llama.cpp's falcon graph is always parallel (h + attn + mlp); one key/value head and one norm is the 7B
    // arrangement, anything else the new decoder architecture with one or two norms.
    boolean newArch = kv > 1 || twoNorms;
    double theta = g.has("falcon.rope.freq_base") ? shortest(g.real("falcon.rope.freq_base")) : 10000.0;
    int ctx = g.has("falcon.context_length") ? (int) g.integer("falcon.context_length") : 2048;
    int bos = g.has("tokenizer.ggml.bos_token_id") ? (int) g.integer("tokenizer.ggml.bos_token_id") : 11;
    int eos = g.has("tokenizer.ggml.eos_token_id") ? (int) g.integer("tokenizer.ggml.eos_token_id") : 11;
    return new FalconConfig((int) emb.dims()[1], hidden, (int) g.integer("falcon.block_count"), heads, kv, ffn,
        shortest(g.real("falcon.attention.layer_norm_epsilon")), false, bias, true, newArch, true, twoNorms ? 2 : 1, theta,
        g.tensor("output.weight") == null, ctx, bos, eos);
  }

  /** An f32 metadata value as the shortest decimal that rounds to it (1e-5 stored as f32 reads back as 1e-5). */
  private static double shortest(double f32) {
    return Double.parseDouble(Float.toString((float) f32));
  }

  /** llama.cpp's name for the Hugging Face tensor {@code name}, or null if there is none. */
  public static String ggufName(String name) {
    String base = name.startsWith("transformer.") ? name.substring("transformer.".length()) : name;
    String suffix = base.endsWith(".weight") ? ".weight" : base.endsWith(".bias") ? ".bias" : null;
    if (suffix == null) return null;
    String stem = base.substring(0, base.length() - suffix.length());
    switch (stem) {
      case "word_embeddings": return "token_embd" + suffix;
      case "ln_f": return "output_norm" + suffix;
      case "lm_head": return "output" + suffix;
      default: break;
    }
    Matcher m = BLOCK.matcher(stem);
    if (!m.matches()) return null;
    String part = switch (m.group(2)) {
      // gguf-py's map: the 40B's ln_mlp is attn_norm (which llama.cpp's graph feeds to the MLP) and ln_attn is
      // attn_norm_2 (fed to attention); with one norm, attn_norm feeds both.
      case "input_layernorm", "ln_mlp" -> "attn_norm";
      case "ln_attn" -> "attn_norm_2";
      case "self_attention.query_key_value" -> "attn_qkv";
      case "self_attention.dense" -> "attn_output";
      case "mlp.dense_h_to_4h" -> "ffn_up";
      case "mlp.dense_4h_to_h" -> "ffn_down";
      default -> null;
    };
    return part == null ? null : "blk." + m.group(1) + "." + part + suffix;
  }

  @Override
  public FalconConfig config() {
    return config;
  }

  @Override
  public boolean has(String name) {
    String g = ggufName(name);
    return g != null && gguf.tensor(g) != null;
  }

  @Override
  public Matrix matrix(String name, long rows, long cols) throws IOException {
    GgufFile.TensorInfo t = info(name, rows, cols);
    GgmlType type = t.ggmlType();
    int[] order = name.endsWith("query_key_value.weight") ? GgufExport.qkvOrder(config) : null;
    if (order != null && isIdentity(order)) order = null;    // one KV head (7B): the orders coincide
    ByteBuffer[] chunks = map(t, rows);
    int rowsPerChunk = rowsPerChunk(t, rows);
    if (order != null) {                       // the converter's [Q; K; V] rows back into modeling_falcon's order
      ByteBuffer[] mapped = chunks;
      chunks = new ByteBuffer[] {permuted(mapped, rowsPerChunk, (int) type.rowBytes(cols), order)};
      HeapWeights.release(mapped);                 // read once, held by nothing else: its file pages go now
      rowsPerChunk = (int) rows;
    }
    return switch (type) {
      case Q8_0 -> Matrix.of(new QuantizedRows(t.name(), (int) rows, (int) cols, chunks, rowsPerChunk));
      case Q4_0 -> Matrix.of((int) rows, (int) cols, dequantizeQ4(chunks, rowsPerChunk, (int) rows, (int) cols));
      case F32, F16, BF16 -> Matrix.of(new Tensor(t.name(), DType.valueOf(type.name()), new long[] {rows, cols},
          chunks, rowsPerChunk));
    };
  }

  @Override
  public float[] vector(String name, long n) throws IOException {
    GgufFile.TensorInfo t = info(name, n);
    GgmlType type = t.ggmlType();
    ByteBuffer[] chunks = map(t, 1);
    if (type == GgmlType.Q8_0 || type == GgmlType.Q4_0) {
      float[] out = new float[(int) n];
      if (type == GgmlType.Q8_0) QuantizedRows.dequantizeQ8_0(chunks[0], 0, out, 0, (int) n);
      else QuantizedRows.dequantizeQ4_0(chunks[0], 0, out, 0, (int) n);
      return out;
    }
    return new Tensor(t.name(), DType.valueOf(type.name()), new long[] {n}, chunks, (int) n).toFloats();
  }

  /** The directory entry for {@code name}, checked: present, of a type read, of ggml shape {@code shape} reversed. */
  private GgufFile.TensorInfo info(String name, long... shape) throws CheckpointException {
    String g = ggufName(name);
    GgufFile.TensorInfo t = g == null ? null : gguf.tensor(g);
    if (t == null) throw new CheckpointException(path + ": missing tensor " + (g == null ? name : g) + " (" + name + ")");
    long[] expected = new long[shape.length];
    for (int i = 0; i < shape.length; i++) expected[i] = shape[shape.length - 1 - i];
    if (!Arrays.equals(t.dims(), expected)) {
      throw new CheckpointException(path + ": tensor " + g + " has ggml shape " + Arrays.toString(t.dims())
          + " but the config implies " + Arrays.toString(expected));
    }
    try {
      gguf.dataOffset(t);
    } catch (GgufFormatException e) {
      throw new CheckpointException(e.getMessage());
    }
    return t;
  }

  private static int rowsPerChunk(GgufFile.TensorInfo t, long rows) {
    long rowBytes = t.ggmlType().rowBytes(t.dims()[0]);
    return (int) Math.max(1, Math.min(rows, (Integer.MAX_VALUE - 7L) / Math.max(1, rowBytes)));
  }

  /** Maps the tensor's bytes in chunks of whole rows, each under 2 GiB. */
  private ByteBuffer[] map(GgufFile.TensorInfo t, long rows) throws IOException {
    long rowBytes = t.ggmlType().rowBytes(t.dims()[0]);
    int per = rowsPerChunk(t, rows);
    int n = (int) Math.max(1, (rows + per - 1) / per);
    ByteBuffer[] chunks = new ByteBuffer[n];
    long start = gguf.dataOffset(t);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      for (int c = 0; c < n; c++) {
        long first = (long) c * per;
        long len = Math.min(per, rows - first) * rowBytes;
        chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, start + first * rowBytes, len).order(ByteOrder.LITTLE_ENDIAN);
      }
    }
    return chunks;
  }

  /** The rows of {@code chunks} copied into one heap buffer in {@code order} (rows may not be contiguous). */
  private static ByteBuffer permuted(ByteBuffer[] chunks, int rowsPerChunk, int rowBytes, int[] order) {
    ByteBuffer out = ByteBuffer.allocate(order.length * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < order.length; r++) {
      int src = order[r];
      out.put(r * rowBytes, chunks[src / rowsPerChunk], (src % rowsPerChunk) * rowBytes, rowBytes);
    }
    return out;
  }

  private static boolean isIdentity(int[] order) {
    for (int i = 0; i < order.length; i++) {
      if (order[i] != i) return false;
    }
    return true;
  }

  private static float[] dequantizeQ4(ByteBuffer[] chunks, int rowsPerChunk, int rows, int cols) {
    float[] out = new float[rows * cols];
    int rowBytes = (int) GgmlType.Q4_0.rowBytes(cols);
    for (int r = 0; r < rows; r++) {
      QuantizedRows.dequantizeQ4_0(chunks[r / rowsPerChunk], (r % rowsPerChunk) * rowBytes, out, r * cols, cols);
    }
    return out;
  }
}
