package org.falconet.train;

/**
 * Linear warm-up then cosine decay, the schedule of GPT-3 and Falcon: the rate rises linearly from
 * {@code maxLr/warmup} to {@code maxLr} over the first {@code warmup} steps, then follows half a
 * cosine down to {@code minLr} at {@code totalSteps}, and stays there.
 *
 * @param maxLr      peak learning rate
 * @param minLr      floor; GPT-3 decays to 10% of the peak
 * @param warmup     warm-up steps
 * @param totalSteps step at which the cosine reaches the floor
 */
public record LearningRateSchedule(double maxLr, double minLr, int warmup, int totalSteps) {
  public LearningRateSchedule {
    if (!(maxLr > 0) || minLr < 0 || minLr > maxLr) {
      throw new IllegalArgumentException("need 0 <= minLr <= maxLr and maxLr > 0");
    }
    if (warmup < 0 || totalSteps < warmup) {
      throw new IllegalArgumentException("need 0 <= warmup <= totalSteps");
    }
  }

  /** The rate for step {@code step} (0-based). */
  public double at(long step) {
    if (step < warmup) {
      return maxLr * (step + 1) / warmup;
    }
    if (step >= totalSteps || totalSteps == warmup) {
      return minLr;
    }
    double progress = (double) (step - warmup) / (totalSteps - warmup);
    return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (maxLr - minLr);
  }
}
