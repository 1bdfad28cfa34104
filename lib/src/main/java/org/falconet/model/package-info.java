/**
 * The Falcon decoder-only transformer (Almazrouei et al. 2023; Penedo et al. 2023, arXiv 2306.01116),
 * written to be read beside transformers' {@code modeling_falcon.py}: {@link org.falconet.model.FalconConfig}
 * → {@link org.falconet.model.Attention} → {@link org.falconet.model.Mlp} → {@link org.falconet.model.Block}
 * → {@link org.falconet.model.Falcon}, loading Hugging Face safetensors checkpoints
 * ({@link org.falconet.model.Checkpoint}).
 *
 * <p>The hot loops are plain Java over {@code float[]} with the JDK Vector API (see
 * {@code internal.Kernels}); every optimised kernel has a scalar twin used as the reference in tests.
 */
package org.falconet.model;
