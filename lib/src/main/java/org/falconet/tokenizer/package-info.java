/**
 * Falcon's tokenizer: byte-level byte-pair encoding read from and written to Hugging Face's
 * {@code tokenizer.json}, exact to Hugging Face's Rust tokenizers, plus BPE training.
 *
 * <p>{@link org.falconet.tokenizer.Tokenizer} is the entry point: {@code Tokenizer.load(path)},
 * {@code encode(text)}, {@code decode(ids)}. The pipeline is Hugging Face's: added (special) tokens
 * are cut out of the text first, the rest is pre-tokenized into pieces
 * ({@link org.falconet.tokenizer.PreTokenizer}), every piece becomes UTF-8 bytes written as GPT-2's
 * printable characters ({@link org.falconet.tokenizer.ByteUnicode}) and is merged by
 * {@link org.falconet.tokenizer.BytePairEncoding}.
 */
package org.falconet.tokenizer;
