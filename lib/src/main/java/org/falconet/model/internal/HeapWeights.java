package org.falconet.model.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Whether a model's matrices are copied from the mapped checkpoint onto the Java heap, and the copy. Decoding streams
 * every weight once per token; on JDK 17 the Vector API loads from a heap {@code byte[]} compile to plain vector
 * loads, while loads from a mapped buffer cost more per vector (measured in {@link MatVec}'s microbenchmark), so
 * the weights go onto the heap when it has room.
 *
 * <p>The {@code falconet} launcher adds {@code -XX:+UseTransparentHugePages} where the OS offers transparent huge
 * pages, so these copies sit on 2 MiB pages (measured: bf16 decode on one core 3.1 → 3.5 tokens/s on the 8-layer
 * 7B-shaped model).
 *
 * <p>The system property {@code falconet.weights} decides: {@code auto} (the default) copies a model's weights when,
 * after them, at least max(1 GiB, a fifth of the maximum heap) would still be free, so a model bigger than the heap
 * stays mapped, all of it (raise {@code -Xmx} to hold more); {@code heap} always copies; {@code mapped} never does.
 *
 * <p>Memory: a page of the mapped file that the copy read counts as resident memory of this process until the
 * mapping goes, which a {@code MappedByteBuffer} does only when a collection has found it unreachable and a cleaner
 * thread has run (seconds later, or never without a collection): the 8-layer bf16 model (3.90 GB) was measured at
 * 6.6 GiB resident just after loading, 2.7 GiB of it file pages. {@link #release} unmaps a buffer at once; the loader
 * calls it on the mapped buffers of each matrix it has copied, whose only user it is.
 */
public final class HeapWeights {
  private HeapWeights() {}

  /** Whether {@code bytes} more of weights may go onto the heap now. */
  public static boolean admit(long bytes) {
    String mode = System.getProperty("falconet.weights", "auto").trim();
    switch (mode) {
      case "mapped":
        return false;
      case "heap":
        return true;
      case "auto":
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long reserve = Math.max(1L << 30, rt.maxMemory() / 5);
        return free - bytes >= reserve;
      default:
        throw new IllegalArgumentException("falconet.weights: '" + mode + "' is not auto, heap or mapped");
    }
  }

  /** Whether every chunk is a heap buffer (backed by an accessible array). */
  public static boolean onHeap(ByteBuffer[] chunks) {
    for (ByteBuffer c : chunks) {
      if (!c.hasArray()) return false;
    }
    return true;
  }

  /** Heap copies of {@code chunks} (each whole, from index 0 to its limit), little-endian; {@code chunks} unchanged. */
  public static ByteBuffer[] copy(ByteBuffer[] chunks) {
    ByteBuffer[] out = new ByteBuffer[chunks.length];
    for (int i = 0; i < chunks.length; i++) {
      byte[] a = new byte[chunks[i].limit()];
      chunks[i].get(0, a);
      out[i] = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
    }
    return out;
  }

  /** {@code sun.misc.Unsafe.invokeCleaner(ByteBuffer)} bound to the Unsafe instance, or null where it is missing. */
  private static final MethodHandle INVOKE_CLEANER = invokeCleaner();

  private static MethodHandle invokeCleaner() {
    // jdk.unsupported opens sun.misc; Lucene's MMapDirectory unmaps its buffers the same way on JDK 9-18.
    try {
      Class<?> unsafe = Class.forName("sun.misc.Unsafe");
      Field f = unsafe.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return MethodHandles.lookup()
          .findVirtual(unsafe, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
          .bindTo(f.get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Unmaps every memory-mapped buffer among {@code chunks} now, returning how many it unmapped (heap buffers, slices
   * and duplicates are left to the collector). Reading an unmapped buffer afterwards crashes the JVM: call this only on
   * buffers that nothing else holds, as the loader does after copying a matrix onto the heap.
   */
  public static int release(ByteBuffer[] chunks) {
    int n = 0;
    if (INVOKE_CLEANER == null) return 0;
    for (ByteBuffer c : chunks) {
      if (!c.isDirect()) continue;
      try {
        INVOKE_CLEANER.invokeExact(c);
        n++;
      } catch (IllegalArgumentException e) {
        // a slice or duplicate: its parent owns the mapping
      } catch (Throwable e) {
        throw new IllegalStateException("unmapping a weight buffer failed", e);
      }
    }
    return n;
  }
}
