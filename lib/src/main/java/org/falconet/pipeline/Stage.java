package org.falconet.pipeline;

/**
 * One step of the curation pipeline. A pipeline is a plain {@code List<Stage>}.
 *
 * <p>A {@link DocumentStage} sees one document at a time and runs in parallel over shards; a
 * {@link CorpusStage} (deduplication) sees the whole corpus that reached it. Counting, timing and
 * the record of removed documents live once, in {@link PipelineRunner}, not in the stages.
 */
public sealed interface Stage permits DocumentStage, CorpusStage {

  /** The stage's {@code snake_case} name, as {@code --stages} takes it and the funnel shows it. */
  String name();

  /**
   * The parameters this stage runs with, as its {@code Params} record holds them (the paper's
   * defaults and any override), for a run's manifest; {@code null} for a stage without a record.
   */
  default Record params() {
    return null;
  }
}
