package org.falconet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.falconet.model.Falcon;
import org.falconet.provenance.RunManifest;
import org.falconet.tokenizer.Tokenizer;
import org.falconet.train.AdamW;
import org.falconet.train.InstructionData;
import org.falconet.train.LearningRateSchedule;
import org.falconet.train.LoraParams;
import org.falconet.train.Parameter;
import org.falconet.train.TrainableFalcon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./falconet finetune}: LoRA instruction tuning of a Falcon; writes PEFT adapters and a merged model. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
    description = "Instruction-tune a Falcon with LoRA on User:/Assistant: pairs; writes PEFT adapters and a merged model.")
final class FinetuneCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "The base Falcon (Hugging Face layout, with tokenizer.json).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "JSONL with \"instruction\" and \"response\" per line.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Adapters go here, the merged model to DIR/merged.")
  Path out;

  @Option(names = "--lora-rank", paramLabel = "R", description = "LoRA rank (default: ${DEFAULT-VALUE}).")
  int rank = 8;

  @Option(names = "--lora-alpha", paramLabel = "A", description = "LoRA alpha (default: ${DEFAULT-VALUE}).")
  double alpha = 16;

  @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
  int steps = 200;

  @Option(names = "--batch-size", paramLabel = "B", description = "Examples per step (default: ${DEFAULT-VALUE}).")
  int batchSize = 8;

  @Option(names = "--seq-len", paramLabel = "T", description = "Tokens per example (default: ${DEFAULT-VALUE}).")
  int seqLen = 128;

  @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double lr = 2e-3;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed = 1234;

  /** What a fine-tuning run's manifest records as its settings. */
  record Settings(LoraParams lora, int steps, int batchSize, int seqLen, double lr, long seed, AdamW.Params adamW) {}

  @Override
  public Integer call() throws Exception {
    RunManifest manifest = RunManifest.begin("finetune");
    manifest.arguments = spec.commandLine().getParseResult().originalArgs();
    manifest.engine = new RunManifest.Engine("local", Runtime.getRuntime().availableProcessors(), null, null);
    manifest.inputs(List.of(data));
    manifest.checkpoint(model);
    Tokenizer tokenizer = Tokenizer.load(model.resolve("tokenizer.json"));
    int eot = Falcon.load(model).config().eosTokenId();
    LoraParams lora = new LoraParams(rank, alpha, LoraParams.ALL_LINEARS);
    TrainableFalcon tuned = new TrainableFalcon(Falcon.load(model)).withLora(lora, seed);
    List<InstructionData.Encoded> examples = InstructionData.read(data).stream()
        .map(e -> InstructionData.encode(e, tokenizer::encode, eot)).toList();
    if (examples.isEmpty()) {
      throw new IllegalArgumentException(data + ": no examples");
    }
    long trainable = tuned.parameters().stream().mapToLong(Parameter::size).sum();
    System.out.printf("%d examples; LoRA r=%d alpha=%.0f: %,d trainable parameters%n", examples.size(), rank, alpha, trainable);
    AdamW.Params adamW = new AdamW.Params(0.9, 0.999, 1e-8, 0.0);
    AdamW opt = new AdamW(tuned.parameters(), adamW);
    LearningRateSchedule schedule = new LearningRateSchedule(lr, lr / 10, Math.max(1, steps / 10), steps);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int step = 0; step < steps; step++) {
      tuned.parameters().forEach(Parameter::zeroGrad);
      double loss = tuned.loss(InstructionData.batch(examples, batchSize, seqLen, eot, rnd), true, 1);
      AdamW.clipGradNorm(tuned.parameters(), 1.0);
      opt.step(schedule.at(step));
      if ((step + 1) % Math.max(1, steps / 20) == 0 || step + 1 == steps) {
        System.out.printf("step %5d  loss %.4f%n", step + 1, loss);
      }
    }
    tuned.saveAdapter(out, lora, model.toString());
    tuned.save(out.resolve("merged"));
    Files.copy(model.resolve("tokenizer.json"), out.resolve("merged/tokenizer.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    manifest.settings(new Settings(lora, steps, batchSize, seqLen, lr, seed, adamW));
    List<String> outputs = new java.util.ArrayList<>(RunManifest.filesIn(out));
    outputs.add("merged");
    manifest.finish(out, outputs);
    System.out.println("adapters: " + out + "; merged model: " + out.resolve("merged") + "; manifest.json");
    return 0;
  }
}
