/**
 * Pretraining: parameters with their gradients, AdamW with decoupled weight decay, the learning-rate
 * schedule, gradient clipping and accumulation, packed token sequences with a validation split, and
 * checkpoints that resume a run exactly.
 */
package org.falconet.train;
