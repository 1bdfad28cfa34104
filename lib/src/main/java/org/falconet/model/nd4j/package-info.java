/**
 * The Falcon model as ND4J array code: the same equations as {@link org.falconet.model.Falcon}'s Java kernels,
 * written with whole-array operations so that ND4J runs them on the CPU ({@code nd4j-native}) or on an NVIDIA GPU
 * (the {@code cuda} Maven profile), with the KV cache kept on the device; and its training
 * ({@link org.falconet.model.nd4j.Nd4jTrainableFalcon}), the hand-written backward pass on the same arrays.
 */
package org.falconet.model.nd4j;
