/**
 * The model's hot loops: dot products and matrix-vector kernels over {@code float[]} and memory-mapped bfloat16,
 * written with the JDK Vector API, each beside a scalar twin that serves as the reference.
 */
package org.falconet.model.internal;
