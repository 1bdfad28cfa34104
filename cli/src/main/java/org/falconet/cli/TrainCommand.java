package org.falconet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.falconet.model.Falcon;
import org.falconet.model.FalconConfig;
import org.falconet.provenance.RunManifest;
import org.falconet.tokenizer.Tokenizer;
import org.falconet.train.AdamW;
import org.falconet.train.LearningRateSchedule;
import org.falconet.train.PackedSequences;
import org.falconet.train.TrainableFalcon;
import org.falconet.train.Trainer;
import org.falconet.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./falconet train}: pretrains a small Falcon on curated text; resumes a run found in --out. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Pretrain a small Falcon on curated JSONL text; writes a Hugging Face checkpoint, loss.csv and manifest.json to --out.")
final class TrainCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "PATH", description = "A curation run's output directory or JSONL files.")
  Path data;

  @Option(names = "--tokenizer", required = true, paramLabel = "FILE", description = "A Hugging Face tokenizer.json.")
  Path tokenizerFile;

  @Option(names = "--config", paramLabel = "tiny|small|FILE", description = "Model shape: a preset or a config.json (default: ${DEFAULT-VALUE}).")
  String config = "tiny";

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
  Path out;

  @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
  int steps = 600;

  @Option(names = "--batch-size", paramLabel = "B", description = "Sequences per micro-batch (default: ${DEFAULT-VALUE}).")
  int batchSize = 8;

  @Option(names = "--seq-len", paramLabel = "T", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
  int seqLen = 128;

  @Option(names = "--grad-accumulation", paramLabel = "K", description = "Micro-batches per step (default: ${DEFAULT-VALUE}).")
  int gradAccumulation = 1;

  @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double lr = 3e-3;

  @Option(names = "--seed", paramLabel = "S", description = "Seed for initialisation, data split and batches (default: ${DEFAULT-VALUE}).")
  long seed = 1234;

  /** What a training run's manifest records as its settings. */
  record Settings(String preset, FalconConfig model, Trainer.Config trainer, double validationShare, Integer resumedAtStep) {}

  @Override
  public Integer call() throws Exception {
    RunManifest manifest = RunManifest.begin("train");
    manifest.arguments = spec.commandLine().getParseResult().originalArgs();
    manifest.engine = new RunManifest.Engine("local", Runtime.getRuntime().availableProcessors(), null, null);
    manifest.inputs(TrainingData.files(data));
    if (Files.isRegularFile(data.resolve(RunManifest.FILE))) {
      manifest.inputs(List.of(data.resolve(RunManifest.FILE))); // the curation run the data came from
    }
    manifest.model("tokenizer", tokenizerFile);
    Tokenizer tokenizer = Tokenizer.load(tokenizerFile);
    int eot = tokenizer.id("<|endoftext|>");
    if (eot < 0) {
      throw new IllegalArgumentException(tokenizerFile + ": the tokenizer has no <|endoftext|> token");
    }
    FalconConfig c = preset(config, tokenizer.vocabSize());
    List<String> texts = TrainingData.texts(data);
    PackedSequences packed = PackedSequences.pack(TrainingData.tokenize(texts, tokenizer::encode), eot, 0.05, seed);
    System.out.printf("%d documents, %d training and %d validation tokens; model %,d parameters%n", texts.size(),
        packed.trainTokens().length, packed.validationTokens().length, c.parameterCount());
    Trainer.Config tc = new Trainer.Config(steps, batchSize, seqLen, gradAccumulation,
        new LearningRateSchedule(lr, lr / 10, Math.max(1, steps / 20), steps), AdamW.Params.LLM_PRETRAINING, 1.0,
        Math.max(1, steps / 10), Math.max(1, steps / 10), seed);
    TrainableFalcon model;
    Trainer trainer;
    Integer resumedAt = null;
    if (Files.exists(out.resolve("trainer_state.json"))) {
      manifest.checkpoint(out); // the checkpoint this run resumes from
      model = new TrainableFalcon(Falcon.load(out));
      trainer = Trainer.resume(model, packed, tc, out);
      System.out.println("resuming at step " + trainer.step());
      resumedAt = trainer.step();
    } else {
      model = new TrainableFalcon(TrainableFalcon.initialize(c, seed));
      trainer = new Trainer(model, packed, tc);
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("config.json"), c.toJson());
    tokenizer.save(out.resolve("tokenizer.json"));
    trainer.train(out, line -> System.out.printf("step %5d  lr %.2e  loss %.4f%s  %,.0f tokens/s%n", line.step(), line.lr(),
        line.trainLoss(), line.validationLoss() == null ? "" : String.format("  val %.4f (ppl %.1f)", line.validationLoss(),
            Math.exp(line.validationLoss())), line.tokensPerSecond()));
    manifest.settings(new Settings(config, c, tc, 0.05, resumedAt));
    manifest.finish(out, RunManifest.filesIn(out));
    System.out.println("checkpoint: " + out + " (manifest.json; ./falconet report " + out + " draws the loss curve)");
    return 0;
  }

  /** tiny: d=128, 4 layers, 4 heads; small: d=256, 6 layers, 8 heads; both 7B-style (multi-query, parallel, rotary). */
  static FalconConfig preset(String name, int vocab) throws java.io.IOException {
    return switch (name) {
      case "tiny" -> FalconConfig.tiny(vocab, 128, 4, 4);
      case "small" -> FalconConfig.tiny(vocab, 256, 6, 8);
      default -> FalconConfig.load(Path.of(name)).withVocabSize(vocab);
    };
  }
}
