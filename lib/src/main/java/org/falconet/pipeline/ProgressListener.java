package org.falconet.pipeline;

/** Hears about a run's progress, for a progress bar in a terminal or a notebook; the library itself prints nothing. */
public interface ProgressListener {
  ProgressListener NONE = new ProgressListener() {};

  /** A step of the run begins; {@code totalShards} is -1 when not known in advance (reading input). */
  default void stepStarted(String step, long totalShards) {}

  /** One more shard of the current step is done ({@code docs} documents in it). */
  default void shardDone(String step, long docs) {}

  /** The step is finished. */
  default void stepFinished(String step) {}
}
