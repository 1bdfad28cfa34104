package org.falconet.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pretraining loop: per step, {@code gradAccumulation} micro-batches of forward and backward
 * passes (gradients scaled so they average), global-norm clipping, an AdamW update at the
 * scheduled learning rate; validation loss every {@code evalEvery} steps; a checkpoint every
 * {@code checkpointEvery} steps that {@link #resume} continues from exactly.
 *
 * <p>On CPU the whole run is reproducible bit for bit from its seed: batches come from a seeded
 * sampler whose position is checkpointed, and the model's arithmetic is deterministic.
 */
public final class Trainer {

  /**
   * How a run trains.
   *
   * @param steps            optimizer steps
   * @param batchSize        sequences per micro-batch
   * @param seqLen           tokens per sequence
   * @param gradAccumulation micro-batches per step
   * @param schedule         learning rate per step
   * @param adamw            optimizer hyper-parameters
   * @param clipNorm         global gradient-norm limit (1.0 in GPT-3 and Falcon); 0 disables
   * @param evalEvery        steps between validation losses (0: only at the end)
   * @param checkpointEvery  steps between checkpoints (0: only at the end)
   * @param seed             the batch sampler's seed
   */
  public record Config(int steps, int batchSize, int seqLen, int gradAccumulation, LearningRateSchedule schedule,
                       AdamW.Params adamw, double clipNorm, int evalEvery, int checkpointEvery, long seed) {
    public Config {
      if (steps < 1 || batchSize < 1 || seqLen < 1 || gradAccumulation < 1) {
        throw new IllegalArgumentException("steps, batch size, sequence length and accumulation must be >= 1");
      }
    }
  }

  /** One line of the loss log. */
  public record LogLine(int step, double lr, double trainLoss, double gradNorm, Double validationLoss, double tokensPerSecond) {}

  /** Hears each logged step, for a live loss line or a notebook chart. */
  public interface Listener {
    void step(LogLine line);
  }

  private final TrainableModel model;
  private final PackedSequences data;
  private final Config config;
  private final AdamW optimizer;
  private final List<LogLine> log = new ArrayList<>();
  private int step;
  private long drawn;

  public Trainer(TrainableModel model, PackedSequences data, Config config) {
    this.model = model;
    this.data = data;
    this.config = config;
    this.optimizer = new AdamW(model.parameters(), config.adamw());
  }

  /** Resumes from a checkpoint directory written by this trainer: weights, optimizer moments, step and data position. */
  public static Trainer resume(TrainableModel model, PackedSequences data, Config config, Path checkpoint) throws IOException {
    Trainer t = new Trainer(model, data, config);
    TrainingCheckpoint.State s = TrainingCheckpoint.read(checkpoint, model.parameters());
    t.optimizer.restore(s.firstMoments(), s.secondMoments(), s.optimizerSteps());
    t.step = s.step();
    t.drawn = s.batchesDrawn();
    t.log.addAll(s.log());
    return t;
  }

  /** Mean validation loss over the held-out stream (NaN if it holds no full batch). */
  public double validationLoss() {
    List<PackedSequences.Batch> batches = data.validationBatches(config.batchSize(), config.seqLen());
    double sum = 0;
    for (PackedSequences.Batch b : batches) {
      sum += model.loss(b, false, 1);
    }
    return batches.isEmpty() ? Double.NaN : sum / batches.size();
  }

  /**
   * Trains until {@code config.steps()}, writing {@code loss.csv} and checkpoints under {@code out}
   * (null: none). Returns the whole log, including steps before a resume.
   */
  public List<LogLine> train(Path out, Listener listener) throws IOException {
    PackedSequences.Sampler sampler = data.sampler(config.batchSize(), config.seqLen(), config.seed(), drawn);
    List<Parameter> params = model.parameters();
    while (step < config.steps()) {
      long t0 = System.nanoTime();
      for (Parameter p : params) {
        p.zeroGrad();
      }
      double loss = 0;
      for (int micro = 0; micro < config.gradAccumulation(); micro++) {
        loss += model.loss(sampler.next(), true, 1.0 / config.gradAccumulation()) / config.gradAccumulation();
      }
      double norm = config.clipNorm() > 0 ? AdamW.clipGradNorm(params, config.clipNorm()) : Double.NaN;
      double lr = config.schedule().at(step);
      optimizer.step(lr);
      step++;
      drawn = sampler.drawn();
      double seconds = (System.nanoTime() - t0) / 1e9;
      boolean last = step == config.steps();
      Double val = (config.evalEvery() > 0 && step % config.evalEvery() == 0) || last ? validationLoss() : null;
      double tokens = (double) config.batchSize() * config.seqLen() * config.gradAccumulation();
      LogLine line = new LogLine(step, lr, loss, norm, val, tokens / seconds);
      log.add(line);
      if (listener != null) {
        listener.step(line);
      }
      if (out != null && ((config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) || last)) {
        checkpoint(out);
      }
    }
    return List.copyOf(log);
  }

  private void checkpoint(Path out) throws IOException {
    Files.createDirectories(out);
    float[][][] moments = optimizer.state();
    TrainingCheckpoint.write(out, model.parameters(),
        new TrainingCheckpoint.State(step, drawn, optimizer.steps(), moments[0], moments[1], log));
    writeLossCsv(out.resolve("loss.csv"));
  }

  /** The loss log as CSV: step, lr, train_loss, grad_norm, val_loss, tokens_per_s. */
  public void writeLossCsv(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write("step,lr,train_loss,grad_norm,val_loss,tokens_per_s\n");
      for (LogLine l : log) {
        w.write(l.step() + "," + l.lr() + "," + l.trainLoss() + "," + l.gradNorm() + ","
            + (l.validationLoss() == null ? "" : l.validationLoss()) + "," + Math.round(l.tokensPerSecond()) + "\n");
      }
    }
  }

  public int step() {
    return step;
  }
}
