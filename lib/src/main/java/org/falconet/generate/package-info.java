/**
 * Text generation with a {@link org.falconet.model.Falcon}: greedy decoding and sampling (temperature, top-k,
 * top-p, repetition penalty), stop tokens and strings, a token budget, seeded reproducible sampling and a streaming
 * callback for notebooks and the command line.
 */
package org.falconet.generate;
