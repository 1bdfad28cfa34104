package org.falconet.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.falconet.generate.Generator;
import org.falconet.generate.SamplingParams;
import org.falconet.model.Falcon;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./falconet generate}: streams a Falcon model's continuation of a prompt. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate with a Falcon model, printing tokens as they are produced.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Hugging Face model directory (config.json + safetensors) or a Falcon .gguf file")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Prompt prompt;

  static final class Prompt {
    @Option(names = "--prompt", description = "prompt text (needs the model's tokenizer.json)")
    String text;

    @Option(names = "--prompt-ids", description = "prompt as comma-separated token ids")
    String ids;
  }

  @Option(names = "--greedy", description = "always take the most likely token (the default without --temperature)")
  boolean greedy;

  @Option(names = "--temperature", description = "sampling temperature (> 0); enables sampling")
  Double temperature;

  @Option(names = "--top-k", defaultValue = "0", description = "keep the K most likely tokens (0 = all)")
  int topK;

  @Option(names = "--top-p", defaultValue = "1.0", description = "nucleus sampling: keep tokens up to probability P")
  double topP;

  @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "CTRL repetition penalty (1 = none)")
  double repetitionPenalty;

  @Option(names = "--seed", defaultValue = "0", description = "random seed: the same seed gives the same output")
  long seed;

  @Option(names = "--max-new-tokens", defaultValue = "64", description = "most tokens to generate")
  int maxNewTokens;

  @Option(names = "--stop-id", split = ",", description = "token ids that end generation (default: the config's eos)")
  List<Integer> stopIds;

  @Option(names = "--print-ids", description = "print token ids, one per line, instead of text")
  boolean printIds;

  @Option(names = "--tokenizer", description = "tokenizer.json (default: the model directory's)")
  Path tokenizerFile;

  @Option(names = "--adapter", description = "a PEFT LoRA adapter directory to apply to the model (merged in memory)")
  Path adapter;

  @Mixin
  BackendOption backend;

  @Option(names = "--stop", description = "a string that ends generation (repeatable)")
  List<String> stopStrings;

  @Override
  public Integer call() throws Exception {
    if (greedy && temperature != null) throw new IllegalArgumentException("--greedy and --temperature exclude each other");
    org.falconet.model.CausalLanguageModel m;
    if (adapter != null) {
      org.falconet.train.TrainableFalcon tuned = new org.falconet.train.TrainableFalcon(Falcon.load(model))
          .withLora(org.falconet.train.TrainableFalcon.adapterParams(adapter), 0);
      tuned.loadAdapter(adapter);
      m = backend.of(tuned.mergedModel());
    } else {
      m = backend.load(model);
    }
    // a GGUF file carries its vocabulary; a model directory its tokenizer.json
    Path tokFile = tokenizerFile != null ? tokenizerFile
        : org.falconet.model.WeightSource.isGguf(model) ? model : model.resolve("tokenizer.json");
    org.falconet.tokenizer.Tokenizer tok = QuantizeCommand.tokenizer(tokFile);
    org.falconet.generate.TextCodec codec = tok != null ? org.falconet.generate.TextCodec.of(tok) : null;
    int[] ids;
    if (prompt.text != null) {
      if (codec == null) {
        throw new java.nio.file.NoSuchFileException(tokFile.toString(), null, "--prompt needs a tokenizer; pass --tokenizer or use --prompt-ids");
      }
      ids = codec.encode(prompt.text);
    } else {
      ids = ModelArgs.ids("--prompt-ids", prompt.ids);
    }
    List<Integer> stops = stopIds != null ? stopIds : List.of(m.config().eosTokenId());
    SamplingParams p = new SamplingParams(temperature == null, temperature == null ? 1.0 : temperature, topK, topP,
        repetitionPenalty, seed, maxNewTokens, stops, stopStrings == null ? List.of() : stopStrings);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    boolean text = codec != null && !printIds;
    if (text && prompt.text != null) {
      out.print(prompt.text);
    }
    int[] count = {0};
    new Generator(m, codec).generate(ids, p, (id, piece) -> {
      if (text) {
        out.print(piece);
      } else if (id >= 0) {
        out.print(printIds ? id + "\n" : (count[0]++ == 0 ? "" : ",") + id);
      }
      out.flush();
    });
    if (!printIds) out.println();
    out.flush();
    return 0;
  }
}
