package org.falconet.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.falconet.gguf.GgmlType;
import org.falconet.gguf.GgufWriter;
import org.falconet.tokenizer.GgufVocabulary;
import org.falconet.tokenizer.Tokenizer;

/**
 * Writes a Falcon model as the GGUF file llama.cpp's {@code convert_hf_to_gguf.py} would make of it: architecture
 * {@code falcon}, its metadata keys, its tensor names, the fused QKV rows in its order (all queries, all keys, all
 * values), matrices in the chosen type and vectors in F32, and the vocabulary as {@code tokenizer.ggml.*} keys.
 * {@link GgufCheckpoint} reads it back.
 *
 * <pre>{@code
 * GgufExport.write(Falcon.load(dir), GgmlType.Q8_0, Tokenizer.load(dir.resolve("tokenizer.json")), out);
 * }</pre>
 */
public final class GgufExport {
  private GgufExport() {}

  /** llama.cpp's {@code llama_ftype} for a file whose matrices are all of {@code t}. */
  static int fileType(GgmlType t) {
    return switch (t) {
      case F32 -> 0;
      case F16 -> 1;
      case Q4_0 -> 2;
      case Q8_0 -> 7;
      case BF16 -> 32;
    };
  }

  /**
   * Writes {@code model} to {@code out} with every matrix as {@code type}; {@code tok} (or null for none) gives the
   * vocabulary. Only what llama.cpp's falcon graph runs is accepted: rotary, parallel blocks, no biases.
   */
  public static void write(Falcon model, GgmlType type, Tokenizer tok, Path out) throws IOException {
    FalconConfig c = model.config();
    if (c.alibi() || c.bias() || !(c.parallelAttn() || c.newDecoderArchitecture())) {
      throw new IllegalArgumentException("llama.cpp's falcon architecture runs rotary models with parallel blocks "
          + "and no biases; this config has alibi=" + c.alibi() + " bias=" + c.bias() + " parallel_attn=" + c.parallelAttn());
    }
    GgufWriter w = new GgufWriter()
        .putString("general.architecture", "falcon")
        .putString("general.name", "falconet")
        .putU32("general.file_type", fileType(type))
        .putU32("general.quantization_version", 2)
        .putU32("falcon.context_length", c.maxPositionEmbeddings())
        .putString("falcon.tensor_data_layout", "jploski")
        .putU32("falcon.embedding_length", c.hiddenSize())
        .putU32("falcon.feed_forward_length", c.ffnHiddenSize())
        .putU32("falcon.block_count", c.numLayers())
        .putU32("falcon.attention.head_count", c.numHeads())
        .putU32("falcon.attention.head_count_kv", c.numKvHeads())
        .putF32("falcon.attention.layer_norm_epsilon", c.layerNormEpsilon())
        .putF32("falcon.rope.freq_base", c.ropeTheta());
    if (tok != null) GgufVocabulary.write(tok, c.vocabSize(), c.bosTokenId(), c.eosTokenId(), w);
    matrix(w, "token_embd.weight", model.embeddings(), type, null);
    int[] inverse = inverse(qkvOrder(c));
    for (int i = 0; i < c.numLayers(); i++) {
      Block b = model.blocks().get(i);
      String p = "blk." + i + ".";
      // llama.cpp feeds attn_norm to the MLP and attn_norm_2 (when present) to attention: ln_mlp, ln_attn
      LayerNorm first = c.twoLayerNorms() ? b.lnMlp() : b.lnAttn();
      vector(w, p + "attn_norm.weight", first.weight());
      vector(w, p + "attn_norm.bias", first.bias());
      if (c.twoLayerNorms()) {
        vector(w, p + "attn_norm_2.weight", b.lnAttn().weight());
        vector(w, p + "attn_norm_2.bias", b.lnAttn().bias());
      }
      matrix(w, p + "attn_qkv.weight", b.attn().qkv().weight(), type, inverse);
      matrix(w, p + "attn_output.weight", b.attn().dense().weight(), type, null);
      matrix(w, p + "ffn_up.weight", b.mlp().up().weight(), type, null);
      matrix(w, p + "ffn_down.weight", b.mlp().down().weight(), type, null);
    }
    vector(w, "output_norm.weight", model.lnF().weight());
    vector(w, "output_norm.bias", model.lnF().bias());
    if (!c.tieWordEmbeddings()) matrix(w, "output.weight", model.lmHead(), type, null);
    w.write(out);
  }

  /** The fused-QKV row order of {@link GgufCheckpoint}: order[our row] = GGUF row. */
  static int[] qkvOrder(FalconConfig c) {
    int H = c.numHeads();
    int kv = c.numKvHeads();
    int hd = c.headDim();
    Attention a = Attention.of(c, null, null);
    int[] order = new int[c.qkvOutDim()];
    for (int h = 0; h < H; h++) {
      for (int i = 0; i < hd; i++) order[a.queryOffset(h) + i] = h * hd + i;
    }
    for (int g = 0; g < kv; g++) {
      for (int i = 0; i < hd; i++) {
        order[a.keyOffset(g) + i] = (H + g) * hd + i;
        order[a.keyOffset(g) + hd + i] = (H + kv + g) * hd + i;
      }
    }
    return order;
  }

  private static int[] inverse(int[] order) {
    int[] inv = new int[order.length];
    for (int r = 0; r < order.length; r++) inv[order[r]] = r;
    return inv;
  }

  private static void vector(GgufWriter w, String name, float[] v) {
    w.tensor(name, GgmlType.F32, new long[] {v.length}, out -> {
      ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : v) b.putFloat(f);
      out.write(b.array());
    });
  }

  /** Row r of the file is row {@code rowOf[r]} of {@code m} (identity when null). */
  private static void matrix(GgufWriter w, String name, Matrix m, GgmlType type, int[] rowOf) {
    int cols = m.cols();
    w.tensor(name, type, new long[] {cols, m.rows()}, (OutputStream out) -> {
      float[] row = new float[cols];
      ByteBuffer b = ByteBuffer.allocate((int) type.rowBytes(cols)).order(ByteOrder.LITTLE_ENDIAN);
      for (int r = 0; r < m.rows(); r++) {
        m.rowTo(rowOf == null ? r : rowOf[r], row, 0);
        b.clear();
        switch (type) {
          case F32 -> {
            for (float f : row) b.putFloat(f);
          }
          case F16 -> {
            for (float f : row) b.putShort(DType.floatToF16(f));
          }
          case BF16 -> {
            for (float f : row) b.putShort(DType.floatToBf16(f));
          }
          case Q8_0 -> QuantizedRows.quantizeQ8_0(row, 0, cols, b);
          case Q4_0 -> QuantizedRows.quantizeQ4_0(row, 0, cols, b);
        }
        out.write(b.array(), 0, b.position());
      }
    });
  }
}
