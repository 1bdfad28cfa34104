package org.falconet.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.falconet.kernel.display.MimeBundle;
import org.falconet.kernel.display.Renderers;
import org.falconet.kernel.eval.CellEvaluator;
import org.falconet.kernel.eval.CellFailure;
import org.falconet.kernel.magic.BuiltinMagics;
import org.falconet.kernel.magic.Cells;
import org.falconet.kernel.magic.MagicContext;
import org.falconet.kernel.magic.MavenResolver;
import org.falconet.kernel.runtime.DisplaySink;
import org.falconet.kernel.runtime.Notebook;
import org.falconet.kernel.wire.Channels;
import org.falconet.kernel.wire.Message;

/**
 * The kernel: answers the Jupyter shell and control requests (execute, complete, inspect,
 * is_complete, history, kernel_info, comm_info, interrupt, shutdown), publishes outputs on iopub and
 * routes the cells' {@code System.out}, {@code System.err} and {@code System.in} to the frontend.
 */
public final class FalconetKernel implements DisplaySink {
  /**
   * Imports every session starts with: collections, streams and files, the library, tablesaw and the
   * display API. Kept short: JShell recompiles every import with every cell (each costs ~1-3 ms a cell).
   */
  public static final List<String> STARTUP = List.of(
      "import java.util.*; import java.util.stream.*; import java.nio.file.*;",
      "import org.falconet.corpus.*; import org.falconet.pipeline.*; import org.falconet.refinedweb.*;",
      "import tech.tablesaw.api.*;",
      "import org.falconet.kernel.display.Chart;",
      "import static org.falconet.kernel.runtime.Notebook.*;");
  static final String VERSION = "0.1.0";

  private final Channels channels;
  private final PrintStream log;
  private final CompletableFuture<CellEvaluator> evaluator;
  private final Cells cells;
  private final History history = new History();
  private final ScheduledExecutorService flusher;
  private final IopubStream stdout = new IopubStream(t -> stream("stdout", t));
  private final IopubStream stderr = new IopubStream(t -> stream("stderr", t));
  private volatile Message current;
  private volatile boolean allowStdin;
  private int executionCount;
  private final Path workingDirectory = Path.of("").toAbsolutePath();

  FalconetKernel(Channels channels, PrintStream log) {
    this.channels = channels;
    this.log = log;
    this.cells = BuiltinMagics.register(new Cells(), MavenResolver.standard());
    this.evaluator = CompletableFuture.supplyAsync(() -> new CellEvaluator(STARTUP));
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "falconet-flush");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flushStreams, 50, 50, TimeUnit.MILLISECONDS);
    System.setOut(new PrintStream(stdout, false, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, false, StandardCharsets.UTF_8));
    System.setIn(new CellStdin(this::stdinRequest, channels));
    Notebook.connect(this);
  }

  /** Binds the connection file's sockets and serves until shutdown. */
  public static void serve(Path connectionFile) throws Exception {
    KernelConnectionProperties props = KernelConnectionProperties.parse(java.nio.file.Files.readString(connectionFile));
    PrintStream log = System.err;
    var signer = new org.falconet.kernel.wire.Signer(props.createHMACGenerator(), !props.getKey().isEmpty());
    Channels channels = new Channels(props, signer, log);
    FalconetKernel kernel = new FalconetKernel(channels, log);
    installSigintHandler(kernel);
    channels.start(kernel::onShell, kernel::onControl);
    kernel.status("starting", null);
    Thread.currentThread().join();
  }

  @SuppressWarnings("restriction")
  private static void installSigintHandler(FalconetKernel kernel) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> kernel.interrupt());
    } catch (IllegalArgumentException e) {
      kernel.log.println("falconet kernel: no SIGINT handler (" + e.getMessage() + "); interrupt by message only");
    }
  }

  void onShell(Message m) {
    status("busy", m);
    boolean failed = false;
    try {
      switch (m.type()) {
        case "execute_request" -> failed = !execute(m);
        default -> {
          if (!common(m, channels::replyShell)) {
            log.println("falconet kernel: unhandled shell message " + m.type());
          }
        }
      }
    } finally {
      flushStreams();
      // Cells queued behind a failed one are aborted before this request goes idle, as ipykernel
      // does: a client that waits for idle before sending its next cell never has it aborted.
      if (failed && m.content().path("stop_on_error").asBoolean(true)) {
        channels.drainShell(this::abortExecute);
      }
      status("idle", m);
    }
  }

  /** After a failed cell, cells already queued behind it are not run ("Run All" stops at the error). */
  private void abortExecute(Message m) {
    if (!m.type().equals("execute_request")) {
      onShell(m);
      return;
    }
    status("busy", m);
    channels.replyShell(m.reply("execute_reply", Message.object().put("status", "aborted")
        .put("execution_count", executionCount)));
    status("idle", m);
  }

  void onControl(Message m) {
    if (!common(m, channels::replyControl)) {
      log.println("falconet kernel: unhandled control message " + m.type());
    }
  }

  /** Requests valid on both channels; false when {@code m} is none of them. */
  private boolean common(Message m, Consumer<Message> reply) {
    ObjectNode c = m.content();
    ObjectNode r = Message.object();
    switch (m.type()) {
      case "kernel_info_request" -> kernelInfo(r);
      case "complete_request" -> complete(c, r);
      case "inspect_request" -> inspect(c, r);
      case "is_complete_request" -> isComplete(c, r);
      case "history_request" -> r.put("status", "ok").set("history", history.answer(c));
      case "comm_info_request" -> r.put("status", "ok").set("comms", Message.object());
      case "connect_request" -> r.put("status", "ok");
      case "interrupt_request" -> {
        interrupt();
        r.put("status", "ok");
      }
      case "shutdown_request" -> {
        r.put("status", "ok").put("restart", c.path("restart").asBoolean(false));
        reply.accept(m.reply("shutdown_reply", r));
        shutdown();
        return true;
      }
      case "comm_open", "comm_msg", "comm_close" -> {
        return true;
      }
      default -> {
        return false;
      }
    }
    reply.accept(m.reply(m.type().replace("_request", "_reply"), r));
    return true;
  }

  private void kernelInfo(ObjectNode r) {
    r.put("status", "ok").put("protocol_version", Message.PROTOCOL_VERSION).put("implementation", "falconet")
        .put("implementation_version", VERSION)
        .put("banner", "Falconet " + VERSION + " - Java " + Runtime.version() + " on JShell, with the Falconet library")
        .put("debugger", false);
    r.putObject("language_info").put("name", "java").put("version", Runtime.version().toString())
        .put("mimetype", "text/x-java-source").put("file_extension", ".jshell")
        .put("pygments_lexer", "java").put("codemirror_mode", "java");
    r.putArray("help_links").addObject().put("text", "Falconet kernel").put("url", "https://github.com/falconet/falconet");
  }

  /** Runs a cell and replies; false when the cell failed. */
  private boolean execute(Message m) {
    ObjectNode c = m.content();
    String code = c.path("code").asText("");
    boolean silent = c.path("silent").asBoolean(false);
    boolean store = !silent && c.path("store_history").asBoolean(true);
    if (store) {
      executionCount++;
    }
    int count = executionCount;
    publish(m, "execute_input", Message.object().put("code", code).put("execution_count", count));
    current = m;
    allowStdin = c.path("allow_stdin").asBoolean(false);
    ObjectNode reply = Message.object();
    String output = "";
    try {
      Cells.Value v = run(code, count);
      flushStreams();
      if (v.present() && !silent) {
        MimeBundle b = Renderers.global().render(v.value());
        output = String.valueOf(b.get("text/plain"));
        ObjectNode res = Message.object().put("execution_count", count);
        res.set("data", Message.json().valueToTree(b.data()));
        res.set("metadata", Message.json().valueToTree(b.metadata()));
        publish(m, "execute_result", res);
      }
      reply.put("status", "ok").put("execution_count", count);
      reply.putArray("payload");
      reply.set("user_expressions", userExpressions(c.path("user_expressions")));
    } catch (CellFailure f) {
      flushStreams();
      ObjectNode err = Message.object().put("ename", f.name()).put("evalue", f.value());
      ArrayNode tb = err.putArray("traceback");
      f.traceback().forEach(tb::add);
      if (!silent) {
        publish(m, "error", err.deepCopy());
      }
      reply.setAll(err);
      reply.put("status", "error").put("execution_count", count);
      output = f.name() + ": " + f.value();
    } catch (RuntimeException e) {
      flushStreams();
      reply.put("status", "error").put("ename", e.getClass().getName()).put("evalue", String.valueOf(e.getMessage()))
          .put("execution_count", count).putArray("traceback").add(e.toString());
      publish(m, "error", Message.object().put("ename", e.getClass().getName()).put("evalue", String.valueOf(e.getMessage()))
          .set("traceback", reply.get("traceback").deepCopy()));
    } finally {
      allowStdin = false;
    }
    if (store) {
      history.add(count, code, output);
    }
    channels.replyShell(m.reply("execute_reply", reply));
    return reply.path("status").asText().equals("ok");
  }

  private Cells.Value run(String code, int count) throws CellFailure {
    CellEvaluator ev = evaluator.join();
    ev.nameCell("In [" + count + "]");
    return cells.run(code, new MagicContext() {
      @Override
      public CellEvaluator evaluator() {
        return ev;
      }

      @Override
      public Path workingDirectory() {
        return workingDirectory;
      }

      @Override
      public Cells.Value runCell(String more) throws CellFailure {
        return cells.run(more, this);
      }
    });
  }

  private ObjectNode userExpressions(JsonNode expressions) {
    ObjectNode out = Message.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = expressions.fields(); it.hasNext(); ) {
      var e = it.next();
      ObjectNode r = out.putObject(e.getKey());
      try {
        CellEvaluator.Result v = evaluator.join().eval(e.getValue().asText());
        MimeBundle b = Renderers.global().render(v.value());
        r.put("status", "ok").set("data", Message.json().valueToTree(b.data()));
        r.set("metadata", Message.json().valueToTree(b.metadata()));
      } catch (CellFailure f) {
        r.put("status", "error").put("ename", f.name()).put("evalue", f.value());
        ArrayNode tb = r.putArray("traceback");
        f.traceback().forEach(tb::add);
      }
    }
    return out;
  }

  private void complete(ObjectNode c, ObjectNode r) {
    String code = c.path("code").asText("");
    int cursor = Math.min(code.length(), c.path("cursor_pos").asInt(code.length()));
    ArrayNode matches = r.putArray("matches");
    int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
    String line = code.substring(lineStart, cursor);
    if (line.startsWith("%") && !line.contains(" ")) {
      boolean cell = line.startsWith("%%");
      String typed = line.substring(cell ? 2 : 1);
      (cell ? cells.cellMagicNames() : cells.lineMagicNames()).stream().filter(n -> n.startsWith(typed))
          .forEach(n -> matches.add((cell ? "%%" : "%") + n));
      r.put("cursor_start", lineStart).put("cursor_end", cursor);
    } else {
      CellEvaluator.Completion comp = evaluator.join().complete(code, cursor);
      comp.matches().forEach(matches::add);
      r.put("cursor_start", comp.start()).put("cursor_end", comp.end());
    }
    r.put("status", "ok").set("metadata", Message.object());
  }

  private void inspect(ObjectNode c, ObjectNode r) {
    String code = c.path("code").asText("");
    int cursor = Math.min(code.length(), c.path("cursor_pos").asInt(code.length()));
    String doc = evaluator.join().inspect(code, cursor);
    r.put("status", "ok").put("found", !doc.isEmpty());
    ObjectNode data = r.putObject("data");
    if (!doc.isEmpty()) {
      data.put("text/plain", doc);
    }
    r.set("metadata", Message.object());
  }

  private void isComplete(ObjectNode c, ObjectNode r) {
    String code = c.path("code").asText("");
    String status = code.stripLeading().startsWith("%") ? "complete" : evaluator.join().isComplete(code);
    r.put("status", status);
    if (status.equals("incomplete")) {
      r.put("indent", "");
    }
  }

  /** Stops the running cell, if any; the session and its definitions stay. */
  void interrupt() {
    CellEvaluator ev = evaluator.getNow(null);
    if (ev != null) {
      ev.interrupt();
    }
  }

  private void shutdown() {
    interrupt();
    Thread t = new Thread(() -> {
      flushStreams();
      channels.close();
      Runtime.getRuntime().halt(0);
    }, "falconet-shutdown");
    t.start();
  }

  private void flushStreams() {
    System.out.flush();
    System.err.flush();
  }

  private void stream(String name, String text) {
    Message parent = current;
    if (parent != null) {
      publish(parent, "stream", Message.object().put("name", name).put("text", text));
    } else {
      log.print(text);
    }
  }

  private void status(String state, Message parent) {
    if (parent == null) {
      channels.publish(new Message(List.of(), Message.newHeader("status", "falconet", "kernel"), Message.object(),
          Message.object(), Message.object().put("execution_state", state)));
    } else {
      publish(parent, "status", Message.object().put("execution_state", state));
    }
  }

  private void publish(Message parent, String type, ObjectNode content) {
    channels.publish(parent.reply(type, content));
  }

  @Override
  public void display(MimeBundle bundle, String displayId) {
    flushStreams();
    publish(currentOrFail(), "display_data", bundleContent(bundle, displayId));
  }

  @Override
  public void update(MimeBundle bundle, String displayId) {
    publish(currentOrFail(), "update_display_data", bundleContent(bundle, displayId));
  }

  @Override
  public void clear(boolean wait) {
    flushStreams();
    publish(currentOrFail(), "clear_output", Message.object().put("wait", wait));
  }

  /** The request a cell's input_request answers to, or {@code null} when stdin is not allowed now. */
  private Message stdinRequest() {
    Message req = current;
    if (req == null || !allowStdin) {
      return null;
    }
    flushStreams();
    return req;
  }

  private Message currentOrFail() {
    Message m = current;
    if (m == null) {
      throw new IllegalStateException("no cell is running");
    }
    return m;
  }

  private static ObjectNode bundleContent(MimeBundle b, String displayId) {
    ObjectNode c = Message.object();
    c.set("data", Message.json().valueToTree(b.data()));
    c.set("metadata", Message.json().valueToTree(b.metadata()));
    c.putObject("transient").put("display_id", displayId);
    return c;
  }
}
