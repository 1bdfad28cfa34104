/**
 * Reading and writing GGUF files, llama.cpp's container for model metadata and tensors: the header, the typed
 * metadata key-value pairs (scalars, strings and arrays), the tensor directory and where each tensor's data lies
 * ({@link org.falconet.gguf.GgufFile}, {@link org.falconet.gguf.GgufWriter}, {@link org.falconet.gguf.GgmlType}).
 *
 * <p>Format reference: the GGUF specification in ggml-org/ggml, {@code docs/gguf.md}.
 */
package org.falconet.gguf;
