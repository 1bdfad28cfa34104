/**
 * Reading GGUF files, llama.cpp's container for model metadata and tensors: the header, the typed
 * metadata key-value pairs (scalars, strings and arrays) and the tensor directory.
 *
 * <p>Format reference: the GGUF specification in ggml-org/ggml, {@code docs/gguf.md}.
 */
package org.falconet.gguf;
