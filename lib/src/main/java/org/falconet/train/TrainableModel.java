package org.falconet.train;

import java.util.List;

/**
 * A model the {@link Trainer} can train: its parameters, and a forward pass that returns the mean
 * cross-entropy of a batch and, when asked, accumulates every parameter's gradient (adding to
 * {@link Parameter#grad()}, so several micro-batches accumulate).
 */
public interface TrainableModel {

  /** Every trainable parameter, in checkpoint order. */
  List<Parameter> parameters();

  /**
   * Mean cross-entropy (natural log) of predicting {@code targets} from {@code inputs}, both [B, T].
   * With {@code backward}, also adds d(loss·gradScale)/dθ to each parameter's gradient.
   */
  double loss(PackedSequences.Batch batch, boolean backward, double gradScale);
}
