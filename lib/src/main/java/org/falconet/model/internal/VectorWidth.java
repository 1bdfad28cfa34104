package org.falconet.model.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float vector width that every model kernel ({@link MatVec}, {@link Gemm}, {@link Tiles}, {@link Q8Kernels},
 * {@link Kernels}) runs at: the CPU's preferred width (16 float lanes with AVX-512, 8 with AVX2), never under 8 lanes,
 * or the one that {@code -Dfalconet.vector.bits=256|512} asks for (no wider than the preferred one).
 *
 * <p>Why one width for all: C2 inlines the Vector API's virtual calls ({@code fma}, {@code lanewise}, shifts) by the
 * receiver types that it profiled in the JDK's shared methods. A JVM that runs 512-bit vectors in one kernel and
 * 256-bit vectors in another gives those call sites two receiver types; C2 then inlines both and merges them, and the
 * merged vector is boxed on the heap on every iteration. Measured (scripts/model/MatVecBench.java, one core,
 * {@code -Dfalconet.vector.bits=256} on an AVX-512 machine): the mapped bf16 decode kernel ran at 4.6–5.4 GB/s after
 * a 512-bit kernel had run in the same JVM, and at 10.8–11.7 GB/s without it. An AVX2 machine only ever has 256-bit
 * float vectors, so forcing 256 bits must force them everywhere to show what such a machine runs.
 */
public final class VectorWidth {
  private VectorWidth() {}

  /** The system property that forces a width, in bits (256 or 512). */
  public static final String PROPERTY = "falconet.vector.bits";

  /** The float species of every model kernel. */
  public static final VectorSpecies<Float> FLOAT = floatSpecies(System.getProperty(PROPERTY));

  /** The preferred float species, or the one of {@code bits} (256 or 512) when given; never under 8 lanes. */
  static VectorSpecies<Float> floatSpecies(String bits) {
    VectorSpecies<Float> p = FloatVector.SPECIES_PREFERRED;
    if (bits != null && !bits.isBlank()) {
      int b;
      try {
        b = Integer.parseInt(bits.trim());
      } catch (NumberFormatException e) {
        b = -1;
      }
      if (b != 256 && b != 512) throw new IllegalArgumentException(PROPERTY + ": " + bits + " is not 256 or 512");
      VectorSpecies<Float> s = FloatVector.SPECIES_64.withShape(VectorShape.forBitSize(b));
      if (s.length() <= p.length()) p = s;
    }
    return p.length() >= 8 ? p : FloatVector.SPECIES_256;
  }
}
