package org.falconet.dedup.minhash.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bucket and cluster steps over the band files of {@link BandFiles}, resumable band by band.
 * Bands are sorted in parallel, one {@link BucketSorter} per thread; each band's edges go straight
 * into one {@link UnionFind} on the calling thread, and the edges that joined two clusters (a
 * spanning forest: at most n - 1 edges of 8 bytes in all, however many bands) are appended to
 * {@code forest.bin} and forced to disk before the band's file is deleted. So a band whose file
 * exists is still to do: after a crash the union-find is rebuilt from the forest and the remaining
 * bands are sorted; a band whose edges were logged but whose file survived is sorted again,
 * harmlessly (its documents are already joined). Disk: the band files shrink as bands are done.
 * Memory: 24 bytes per document per thread while sorting, 4 bytes per document for the union-find.
 */
public final class Clusterer {
  private Clusterer() {}

  /** The forest log of {@code dir}. */
  public static Path forest(Path dir) {
    return dir.resolve("forest.bin");
  }

  /**
   * Every document's cluster root (the smallest index of its cluster) from the band files of
   * {@code bands} bands over {@code n} documents in {@code dir}; the band files are deleted.
   */
  public static int[] roots(Path dir, int bands, int n, int threads, int memoryRecords) throws IOException {
    UnionFind uf = new UnionFind(n);
    Path forestFile = forest(dir);
    try (FileChannel forest = FileChannel.open(forestFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      replay(forest, uf);
      List<Integer> todo = new ArrayList<>();
      for (int b = 0; b < bands; b++) {
        if (Files.exists(BandFiles.band(dir, b))) {
          todo.add(b);
        }
      }
      if (todo.isEmpty()) {
        return uf.roots();
      }
      BitSet skip = BandFiles.readNoSignature(dir);
      int workers = Math.min(threads, todo.size());
      BlockingQueue<Result> done = new ArrayBlockingQueue<>(workers);
      AtomicInteger next = new AtomicInteger();
      List<Thread> pool = new ArrayList<>();
      for (int t = 0; t < workers; t++) {
        Thread th = new Thread(() -> sortBands(dir, todo, next, skip, memoryRecords, done), "minhash-buckets-" + t);
        th.setDaemon(true);
        pool.add(th);
        th.start();
      }
      try {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < todo.size(); k++) {
          Result r = done.take();
          if (r.error instanceof IOException io) {
            throw io;
          } else if (r.error instanceof RuntimeException re) {
            throw re;
          } else if (r.error instanceof Error err) {
            throw err;
          }
          for (int e = 0; e < r.size; e += 2) {
            int a = r.edges[e];
            int b = r.edges[e + 1];
            if (uf.union(a, b)) {
              if (buf.remaining() < RecordFile.EDGE_BYTES) {
                drain(forest, buf);
              }
              buf.putInt(a).putInt(b);
            }
          }
          drain(forest, buf);
          forest.force(false);
          Files.delete(BandFiles.band(dir, r.band));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("minhash_dedup: interrupted while clustering", e);
      } finally {
        next.set(todo.size());
        for (Thread th : pool) {
          th.interrupt();
        }
      }
    }
    return uf.roots();
  }

  /** One band's edges (first, other) in {@code edges[0, size)}, or the error that stopped its worker. */
  private record Result(int band, int[] edges, int size, Throwable error) {}

  private static void sortBands(Path dir, List<Integer> todo, AtomicInteger next, BitSet skip, int memoryRecords,
      BlockingQueue<Result> done) {
    BucketSorter sorter = new BucketSorter(memoryRecords);
    try {
      for (int i = next.getAndIncrement(); i < todo.size(); i = next.getAndIncrement()) {
        int band = todo.get(i);
        int[][] edges = {new int[1024]};
        int[] size = {0};
        try {
          sorter.buckets(BandFiles.band(dir, band), skip, (a, b) -> {
            if (size[0] + 2 > edges[0].length) {
              edges[0] = Arrays.copyOf(edges[0], edges[0].length * 2);
            }
            edges[0][size[0]++] = a;
            edges[0][size[0]++] = b;
          });
        } catch (Throwable e) {
          done.put(new Result(band, null, 0, e));
          return;
        }
        done.put(new Result(band, edges[0], size[0], null));
      }
    } catch (InterruptedException e) {
      // The caller stopped waiting.
    }
  }

  /** Joins the logged edges; a partial record at the end (a crash mid-write) is cut off. */
  private static void replay(FileChannel forest, UnionFind uf) throws IOException {
    long whole = forest.size() / RecordFile.EDGE_BYTES * RecordFile.EDGE_BYTES;
    forest.truncate(whole);
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    long pos = 0;
    while (pos < whole) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), whole - pos));
      while (buf.hasRemaining()) {
        pos += forest.read(buf, pos);
      }
      buf.flip();
      while (buf.hasRemaining()) {
        uf.union(buf.getInt(), buf.getInt());
      }
    }
    forest.position(whole);
  }

  private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }
}
