package org.falconet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./falconet} command: every entry point of the project, one subcommand each.
 *
 * <pre>{@code ./falconet curate --input crawl.warc.gz --output out/run1}</pre>
 */
@Command(name = "falconet", mixinStandardHelpOptions = true, version = "Falconet 0.1.0",
    description = "From Common Crawl to a generating Falcon: the RefinedWeb pipeline and the Falcon model in Java.",
    subcommands = {
        DemoCommand.class,
        CurateCommand.class,
        ReplayCommand.class,
        ReportCommand.class,
        FetchCcCommand.class,
        DedupCommand.class,
        DoctorCommand.class,
        ExtractCommand.class,
        LangidCommand.class,
        KernelCommand.class,
        NotebookCommand.class,
        TestCommand.class,
        TokenizeCommand.class,
        TrainTokenizerCommand.class,
        LogitsCommand.class,
        GenerateCommand.class,
        BenchModelCommand.class,
        TrainCommand.class,
        EvalCommand.class,
        FinetuneCommand.class,
    })
public final class Falconet implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command line with its error handling: bad arguments print usage and give status 2. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Falconet());
    // A bad command line: the error, picocli's suggestions, then the usage of the command concerned; status 2.
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println(ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
      c.usage(c.getErr());
      return 2;
    });
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("falconet " + commandLine.getCommandName() + ": " + oneLine(e));
      if (System.getenv("FALCONET_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    return cl;
  }

  static String oneLine(Throwable e) {
    String msg = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException nf) {
      return nf.getFile() + ": " + (nf.getReason() == null ? "no such file" : nf.getReason());
    }
    if (e instanceof java.nio.file.AccessDeniedException ad) {
      return ad.getFile() + ": " + (ad.getReason() == null ? "permission denied" : ad.getReason());
    }
    return msg == null ? e.toString() : msg.replace('\n', ' ');
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
