/** The tokenizer's internals: the compiled pre-tokenizer pipeline, GPT-2's split and primitive collections. */
package org.falconet.tokenizer.internal;
