package org.falconet.filter.lang;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.falconet.filter.lang.internal.Dictionary;
import org.falconet.filter.lang.internal.LittleEndianInput;
import org.falconet.filter.lang.internal.Matrix;

/**
 * A fastText supervised model ({@code .bin}, or quantized {@code .ftz}) read in pure Java, whose
 * predictions equal the {@code fasttext predict-prob} program's: point it at fastText's
 * {@code lid.176.bin} to get RefinedWeb's language identifier (Penedo et al. 2023, section 3.1).
 *
 * <pre>{@code
 * FastTextModel lid = FastTextModel.load(Path.of("lid.176.ftz"));
 * List<FastTextModel.Prediction> top = lid.predict("Bonjour tout le monde", 1);   // __label__fr 0.98...
 * }</pre>
 *
 * <p>Thread-safe: prediction allocates its own buffers.
 */
public final class FastTextModel {
  /** fastText's FASTTEXT_FILEFORMAT_MAGIC_INT32 and the versions it reads. */
  private static final int MAGIC = 793712314;
  private static final int VERSION = 12;
  /** fastText's loss_name enum: hs = 1, ns = 2, softmax = 3, ova = 4; model_name: sup = 3. */
  private static final int HS = 1;
  private static final int SOFTMAX = 3;
  private static final int OVA = 4;
  private static final int SUPERVISED = 3;

  /** One predicted label with its probability, as {@code predict-prob} prints it. */
  public record Prediction(String label, double probability) {
    /** The label without fastText's {@code __label__} prefix. */
    public String name() {
      return label.startsWith("__label__") ? label.substring("__label__".length()) : label;
    }
  }

  private final int dim;
  private final int loss;
  private final Dictionary dict;
  private final Matrix input;
  private final Matrix output;
  private final int[][] tree;   // hierarchical softmax: {left, right} per node, -1 for leaves

  private FastTextModel(int dim, int loss, Dictionary dict, Matrix input, Matrix output) {
    this.dim = dim;
    this.loss = loss;
    this.dict = dict;
    this.input = input;
    this.output = output;
    this.tree = loss == HS ? huffmanTree(dict) : null;
  }

  /** Reads a model file; the error names the file and what is wrong with it. */
  public static FastTextModel load(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(in);
    } catch (IOException e) {
      throw new IOException(file + ": not a readable fastText model (" + e.getMessage() + ")", e);
    }
  }

  /** Reads a model from a stream (a resource, say). */
  public static FastTextModel read(InputStream stream) throws IOException {
    LittleEndianInput in = new LittleEndianInput(stream);
    if (in.readInt() != MAGIC) {
      throw new IOException("bad magic number");
    }
    int version = in.readInt();
    if (version > VERSION || version < 11) {
      throw new IOException("unsupported fastText format version " + version);
    }
    // Args::save: dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn, lrUpdateRate, t.
    int dim = in.readInt();
    in.readInt();
    in.readInt();
    in.readInt();
    in.readInt();
    int wordNgrams = in.readInt();
    int loss = in.readInt();
    int model = in.readInt();
    int bucket = in.readInt();
    int minn = in.readInt();
    int maxn = in.readInt();
    in.readInt();
    in.readDouble();
    if (model != SUPERVISED) {
      throw new IOException("not a supervised model (model type " + model + ")");
    }
    if (loss != HS && loss != SOFTMAX && loss != OVA) {
      throw new IOException("unsupported loss " + loss);
    }
    if (version == 11) {
      maxn = 0;   // fastText: version 11 supervised models have no subwords
    }
    Dictionary dict = new Dictionary(in, minn, maxn, bucket, wordNgrams, "__label__");
    boolean quantInput = in.readBool();
    Matrix input = Matrix.read(in, quantInput);
    boolean qout = in.readBool();
    Matrix output = Matrix.read(in, quantInput && qout);
    if (input.cols() != dim || output.cols() != dim) {
      throw new IOException("matrix width does not match dim " + dim);
    }
    return new FastTextModel(dim, loss, dict, input, output);
  }

  /** The model's labels, most frequent first, with their prefix. */
  public List<String> labels() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < dict.nlabels(); i++) {
      out.add(dict.label(i));
    }
    return out;
  }

  /**
   * The {@code k} most probable labels of one line of text, best first. Newlines count as spaces;
   * the line ends with fastText's end-of-sentence token, as a line of a file does.
   */
  public List<Prediction> predict(String text, int k) {
    return predict(text, k, 0f);
  }

  /** As {@link #predict(String, int)}, keeping only probabilities of at least {@code threshold}. */
  public List<Prediction> predict(String text, int k, float threshold) {
    List<String> tokens = tokens(text);
    int[] rows = dict.inputRows(tokens);
    if (rows.length == 0) {
      return List.of();
    }
    float[] hidden = new float[dim];
    for (int r : rows) {
      input.addRowTo(hidden, r);
    }
    float scale = 1.0f / rows.length;
    for (int i = 0; i < dim; i++) {
      hidden[i] *= scale;
    }
    List<double[]> best = new ArrayList<>();   // {log probability, label index}
    if (loss == HS) {
      dfs(k, threshold, tree.length - 1, 0f, best, hidden);
    } else {
      int n = (int) output.rows();
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = output.dotRow(hidden, i);
      }
      if (loss == SOFTMAX) {
        float max = out[0];
        for (float v : out) {
          max = Math.max(max, v);
        }
        float z = 0;
        for (int i = 0; i < n; i++) {
          out[i] = (float) Math.exp(out[i] - max);
          z += out[i];
        }
        for (int i = 0; i < n; i++) {
          out[i] /= z;
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[i] = (float) (1.0 / (1.0 + Math.exp(-out[i])));
        }
      }
      for (int i = 0; i < n; i++) {
        if (out[i] >= threshold) {
          best.add(new double[] {stdLog(out[i]), i});
        }
      }
    }
    best.sort((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0]) : Double.compare(b[1], a[1]));
    List<Prediction> result = new ArrayList<>();
    for (int i = 0; i < Math.min(k, best.size()); i++) {
      result.add(new Prediction(dict.label((int) best.get(i)[1]), Math.exp(best.get(i)[0])));
    }
    return result;
  }

  /** fastText's std_log: {@code log(x + 1e-5)}; predict-prob prints exp of it, so p + 1e-5. */
  private static double stdLog(double x) {
    return Math.log(x + 1e-5);
  }

  /** fastText's readWord on one line: split at its whitespace set, then the end-of-sentence token. */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && separator(text.charAt(i))) {
        i++;
      }
      int j = i;
      while (j < n && !separator(text.charAt(j))) {
        j++;
      }
      if (j > i) {
        out.add(text.substring(i, j));
      }
      i = j;
    }
    out.add(Dictionary.EOS);
    return out;
  }

  private static boolean separator(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b || c == '\f' || c == 0;
  }

  /** fastText's std_log as its tree search computes it, in single precision ({@code real}). */
  private static float stdLogF(float x) {
    return (float) Math.log(x + 1e-5);
  }

  /**
   * fastText's HierarchicalSoftmaxLoss::dfs over the Huffman tree of label counts, in single
   * precision as fastText's {@code real}: the pruning at {@code std_log(threshold)} then cuts the
   * same branches (a label at p = 1e-5 is dropped or kept as the fastText program does).
   */
  private void dfs(int k, float threshold, int node, float score, List<double[]> heap, float[] hidden) {
    if (score < stdLogF(threshold)) {
      return;
    }
    if (heap.size() == k && score < minScore(heap)) {
      return;
    }
    if (tree[node][0] == -1 && tree[node][1] == -1) {
      heap.add(new double[] {score, node});
      if (heap.size() > k) {
        heap.remove(argMin(heap));
      }
      return;
    }
    int osz = dict.nlabels();
    float f = output.dotRow(hidden, node - osz);
    f = (float) (1.0 / (1 + (float) Math.exp(-f)));
    dfs(k, threshold, tree[node][0], score + stdLogF((float) (1.0 - f)), heap, hidden);
    dfs(k, threshold, tree[node][1], score + stdLogF(f), heap, hidden);
  }

  private static double minScore(List<double[]> heap) {
    return heap.get(argMin(heap))[0];
  }

  private static int argMin(List<double[]> heap) {
    int m = 0;
    for (int i = 1; i < heap.size(); i++) {
      if (heap.get(i)[0] < heap.get(m)[0]) {
        m = i;
      }
    }
    return m;
  }

  /** fastText's HierarchicalSoftmaxLoss::buildTree: {left, right} children of 2·osz−1 nodes. */
  private static int[][] huffmanTree(Dictionary dict) {
    int osz = dict.nlabels();
    int[][] t = new int[2 * osz - 1][2];
    long[] count = new long[2 * osz - 1];
    Arrays.fill(count, (long) 1e15);
    for (int[] node : t) {
      node[0] = -1;
      node[1] = -1;
    }
    for (int i = 0; i < osz; i++) {
      count[i] = dict.labelCount(i);
    }
    int leaf = osz - 1;
    int node = osz;
    for (int i = osz; i < 2 * osz - 1; i++) {
      int[] mini = new int[2];
      for (int j = 0; j < 2; j++) {
        if (leaf >= 0 && count[leaf] < count[node]) {
          mini[j] = leaf--;
        } else {
          mini[j] = node++;
        }
      }
      t[i][0] = mini[0];
      t[i][1] = mini[1];
      count[i] = count[mini[0]] + count[mini[1]];
    }
    return t;
  }
}
