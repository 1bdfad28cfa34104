// Microbenchmark of the batch-1 decode kernels on layer-shaped matrices, in GB/s of weights streamed, one thread.
// Run from the repository root after a build (./falconet builds lib/target/classes; or mvn -pl lib compile):
//
//   java --add-modules jdk.incubator.vector -cp lib/target/classes scripts/model/MatVecBench.java [SECONDS] [DIR] [KINDS]
//
// KINDS: a comma-separated subset of bf16,f16,q8_0 (default: all three).
//
// Pin it to one core (taskset -c 1 ...) for a single-thread figure. Add -Dfalconet.vector.bits=256 to time the
// 256-bit (AVX2) shapes on an AVX-512 machine (every kernel, the "old" ones too, then runs 256-bit vectors, as on an
// AVX2 machine: see VectorWidth), or -XX:UseAVX=2 to have the JIT emit AVX2 code only. Each shape is repeated over enough copies to pass 1 GiB, so the
// weights come from memory, not the last-level cache; the copies are written to DIR (default /tmp) as files and
// read memory-mapped (the files are deleted at once), then copied onto the heap. Needs about 3 GiB of heap (-Xmx4g). Rows: the kernel; "mapped"/"heap": where the bytes are; "old": the
// kernels that decoding used before MatVec (Tiles.dotBf16, Q8Kernels.dot). The f16 weights are drawn as N(0, 0.015)
// (the spread of /work/bench's 8-layer model), about 0.4% of them subnormal halves: "mapped" and "heap" keep them
// (a subnormal float operand costs a microcode assist), "heap, no subnormals" takes them out as Matrix.onHeap() does.
// GB/s is per second of wall time and per second of this thread's CPU time (the second is steadier when shared).
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.falconet.model.DType;
import org.falconet.model.QuantizedRows;
import org.falconet.model.internal.HeapWeights;
import org.falconet.model.internal.Kernels;
import org.falconet.model.internal.MatVec;
import org.falconet.model.internal.Q8Kernels;
import org.falconet.model.internal.Subnormals;
import org.falconet.model.internal.Tiles;

public class MatVecBench {
  interface Pass {
    void run(int copy);
  }

  static double seconds = 1.0;

  public static void main(String[] args) throws IOException {
    if (args.length > 0) seconds = Double.parseDouble(args[0]);
    Path dir = Path.of(args.length > 1 ? args[1] : "/tmp");
    System.out.printf("float lanes %d (MatVec), load %s%n", MatVec.lanes(), Files.readString(Path.of("/proc/loadavg")).trim());
    int[][] shapes = {{4544, 4544}, {4544, 18176}, {18176, 4544}};
    java.util.List<String> kinds = java.util.List.of((args.length > 2 ? args[2] : "bf16,f16,q8_0").split(","));
    for (int[] s : shapes) {
      int rows = s[0], cols = s[1];
      if (kinds.contains("bf16")) bf16(dir, rows, cols);
      if (kinds.contains("f16")) f16(dir, rows, cols);
      if (kinds.contains("q8_0")) q8(dir, rows, cols);
    }
  }

  static int copies(long bytes) {
    return (int) Math.max(2, ((1L << 30) + bytes - 1) / bytes);
  }

  static ByteBuffer[] mapped(Path dir, String name, long bytes, int copies, java.util.function.Consumer<ByteBuffer> fill)
      throws IOException {
    Path f = dir.resolve("matvecbench-" + name + ".bin");
    {
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer one = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(one);
        for (int c = 0; c < copies; c++) {
          one.rewind();
          while (one.hasRemaining()) ch.write(one);
        }
      }
    }
    ByteBuffer[] out = new ByteBuffer[copies];
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      for (int c = 0; c < copies; c++) {
        out[c] = ch.map(FileChannel.MapMode.READ_ONLY, c * bytes, bytes).order(ByteOrder.LITTLE_ENDIAN);
      }
    }
    Files.delete(f);                                                 // the mappings keep the data until unmapped
    return out;
  }

  static float[] input(int n) {
    float[] x = new float[n];
    Random r = new Random(7);
    for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
    return x;
  }

  static void report(String kernel, String where, int rows, int cols, long bytes, int copies, Pass pass) {
    var tm = ManagementFactory.getThreadMXBean();
    for (int c = 0; c < copies; c++) pass.run(c);                   // warm-up: compile, touch the pages
    for (int c = 0; c < copies; c++) pass.run(c);
    double bestWall = 0, bestCpu = 0;
    for (int rep = 0; rep < 3; rep++) {
      long c0 = tm.getCurrentThreadCpuTime(), t0 = System.nanoTime();
      long done = 0;
      while (System.nanoTime() - t0 < seconds * 1e9 / 3) {
        for (int c = 0; c < copies; c++) pass.run(c);
        done += bytes * copies;
      }
      bestWall = Math.max(bestWall, done / ((System.nanoTime() - t0) / 1e9) / 1e9);
      bestCpu = Math.max(bestCpu, done / ((tm.getCurrentThreadCpuTime() - c0) / 1e9) / 1e9);
    }
    System.out.printf("%-6s %5dx%-5d %-22s %6.2f GB/s wall %6.2f GB/s cpu%n", kernel, rows, cols, where, bestWall, bestCpu);
  }

  static void bf16(Path dir, int rows, int cols) throws IOException {
    long bytes = 2L * rows * cols;
    int copies = copies(bytes);
    Random rnd = new Random(1);
    ByteBuffer[] m = mapped(dir, "bf16-" + rows + "x" + cols, bytes, copies, b -> {
      while (b.hasRemaining()) b.putShort(DType.floatToBf16((float) rnd.nextGaussian() * 0.02f));
    });
    ByteBuffer[] h = HeapWeights.copy(m);
    float[] x = input(cols), xp = new float[cols], xt = new float[cols], y = new float[rows];
    Tiles.pairPermute(x, 0, xp, 0, cols);
    Tiles.pairPermute(x, 0, xt, 0, cols);
    report("bf16", "old, mapped", rows, cols, bytes, copies, c -> {
      for (int r = 0; r < rows; r++) y[r] = Tiles.dotBf16(m[c], r * 2 * cols, xt, 0, cols);
    });
    report("bf16", "MatVec x4, mapped", rows, cols, bytes, copies, c -> {
      for (int r = 0; r < rows; r += 4) MatVec.bf16x4(m[c], r * 2 * cols, 2 * cols, xp, 0, cols, y, r, 1);
    });
    report("bf16", "MatVec x4, heap", rows, cols, bytes, copies, c -> {
      for (int r = 0; r < rows; r += 4) MatVec.bf16x4(h[c].array(), r * 2 * cols, 2 * cols, xp, 0, cols, y, r, 1);
    });
  }

  static void f16(Path dir, int rows, int cols) throws IOException {
    long bytes = 2L * rows * cols;
    int copies = copies(bytes);
    Random rnd = new Random(2);
    ByteBuffer[] m = mapped(dir, "f16-" + rows + "x" + cols, bytes, copies, b -> {
      while (b.hasRemaining()) b.putShort(DType.floatToF16((float) rnd.nextGaussian() * 0.015f));
    });
    ByteBuffer[] h = HeapWeights.copy(m);
    float[] x = input(cols), xp = new float[cols], y = new float[rows];
    MatVec.f16Input(x, 0, xp, 0, cols);
    report("f16", "MatVec x4, mapped", rows, cols, bytes, copies, c -> {
      for (int r = 0; r < rows; r += 4) MatVec.f16x4(m[c], r * 2 * cols, 2 * cols, xp, 0, cols, y, r, 1);
    });
    report("f16", "MatVec x4, heap", rows, cols, bytes, copies, c -> {
      for (int r = 0; r < rows; r += 4) MatVec.f16x4(h[c].array(), r * 2 * cols, 2 * cols, xp, 0, cols, y, r, 1);
    });
    // As Matrix.onHeap() keeps f16 weights: subnormals taken out of the copy, added back from the side table.
    Subnormals[] sub = new Subnormals[copies];
    for (int c = 0; c < copies; c++) sub[c] = Subnormals.extract(new ByteBuffer[] {h[c]}, rows, rows, cols);
    System.out.printf("f16 subnormal halves taken out: %d of %d%n", sub[0] == null ? 0 : sub[0].count(), (long) rows * cols);
    report("f16", "heap, no subnormals", rows, cols, bytes, copies, c -> {
      for (int r = 0; r < rows; r += 4) MatVec.f16x4(h[c].array(), r * 2 * cols, 2 * cols, xp, 0, cols, y, r, 1);
      if (sub[c] != null) sub[c].addToF16Input(xp, 0, cols, y, 0, 0, rows);
    });
  }

  static void q8(Path dir, int rows, int cols) throws IOException {
    int rowBytes = cols / 32 * 34;
    long bytes = (long) rowBytes * rows;
    int copies = copies(bytes);
    Random rnd = new Random(3);
    ByteBuffer[] m = mapped(dir, "q8-" + rows + "x" + cols, bytes, copies, b -> {
      float[] row = new float[cols];
      for (int r = 0; r < rows; r++) {
        for (int i = 0; i < cols; i++) row[i] = (float) rnd.nextGaussian() * 0.02f;
        QuantizedRows.quantizeQ8_0(row, 0, cols, b);
      }
    });
    ByteBuffer[] h = HeapWeights.copy(m);
    float[] x = input(cols), y = new float[rows];
    report("q8_0", "old, mapped", rows, cols, bytes, copies, c -> {
      for (int r = 0; r < rows; r++) y[r] = Q8Kernels.dot(m[c], r * rowBytes, x, 0, cols);
    });
    report("q8_0", "MatVec x4, mapped", rows, cols, bytes, copies, c -> {
      for (int r = 0; r < rows; r += 4) MatVec.q8x4(m[c], r * rowBytes, rowBytes, x, 0, cols, y, r, 1);
    });
    report("q8_0", "MatVec x4, heap", rows, cols, bytes, copies, c -> {
      for (int r = 0; r < rows; r += 4) MatVec.q8x4(h[c].array(), r * rowBytes, rowBytes, x, 0, cols, y, r, 1);
    });
  }
}
