package org.falconet.train;

import java.util.List;

/**
 * The smallest language model with a real gradient: logits for the next token are row {@code x} of
 * a [V, V] table. Its backward pass is hand-derived (softmax minus one-hot), and
 * {@link TrainerTest} checks it against finite differences before trusting it.
 */
final class BigramModel implements TrainableModel {
  final int vocab;
  final Parameter table;

  BigramModel(int vocab, long seed) {
    this.vocab = vocab;
    float[] w = new float[vocab * vocab];
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.02);
    }
    table = Parameter.of("table.weight", w, vocab, vocab);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(table);
  }

  @Override
  public double loss(PackedSequences.Batch batch, boolean backward, double gradScale) {
    int n = batch.inputs().length;
    double total = 0;
    double[] p = new double[vocab];
    for (int i = 0; i < n; i++) {
      int x = batch.inputs()[i];
      int y = batch.targets()[i];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < vocab; j++) {
        max = Math.max(max, table.value()[x * vocab + j]);
      }
      double z = 0;
      for (int j = 0; j < vocab; j++) {
        p[j] = Math.exp(table.value()[x * vocab + j] - max);
        z += p[j];
      }
      total += -(table.value()[x * vocab + y] - max - Math.log(z));
      if (backward) {
        for (int j = 0; j < vocab; j++) {
          double d = p[j] / z - (j == y ? 1 : 0);
          table.grad()[x * vocab + j] += (float) (d * gradScale / n);
        }
      }
    }
    return total / n;
  }
}
