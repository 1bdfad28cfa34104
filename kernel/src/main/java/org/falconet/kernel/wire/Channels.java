package org.falconet.kernel.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The kernel's five sockets, bound to the connection file's transport and address. Shell and
 * control each get a thread that blocks in {@code recv} (a reply leaves as soon as it is ready: no
 * polling sleep); heartbeat echoes on its own thread; iopub and stdin sends are serialised.
 * A message whose signature does not match the key is logged and dropped, never handled.
 */
public final class Channels implements AutoCloseable {
  private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

  private final ZContext ctx = new ZContext(1);
  private final Signer signer;
  private final PrintStream log;
  private final ZMQ.Socket shell;
  private final ZMQ.Socket control;
  private final ZMQ.Socket iopub;
  private final ZMQ.Socket stdin;
  private final ZMQ.Socket heartbeat;
  private final Object iopubLock = new Object();
  private final Object stdinLock = new Object();
  private volatile boolean closed;

  /** Binds every socket; {@code log} is where rejected messages are reported (the kernel's stderr). */
  public Channels(KernelConnectionProperties props, Signer signer, PrintStream log) {
    this.signer = signer;
    this.log = log;
    String base = props.getTransport() + "://" + props.getIp() + (props.getTransport().equals("ipc") ? "-" : ":");
    shell = bind(SocketType.ROUTER, base + props.getShellPort());
    control = bind(SocketType.ROUTER, base + props.getControlPort());
    iopub = bind(SocketType.PUB, base + props.getIopubPort());
    stdin = bind(SocketType.ROUTER, base + props.getStdinPort());
    heartbeat = bind(SocketType.REP, base + props.getHbPort());
  }

  private ZMQ.Socket bind(SocketType type, String address) {
    ZMQ.Socket s = ctx.createSocket(type);
    s.setLinger(1000);
    if (!s.bind(address)) {
      throw new IllegalStateException("cannot bind " + address);
    }
    return s;
  }

  /** Starts the heartbeat echo, then serves shell and control on their own threads. */
  public void start(Consumer<Message> onShell, Consumer<Message> onControl) {
    thread("falconet-heartbeat", () -> {
      while (!closed) {
        byte[] ping = heartbeat.recv(0);
        if (ping == null) {
          break;
        }
        heartbeat.send(ping, 0);
      }
    });
    thread("falconet-shell", () -> serve(shell, onShell));
    thread("falconet-control", () -> serve(control, onControl));
  }

  private void thread(String name, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (ZMQException | IllegalStateException e) {
        if (!closed) {
          log.println("falconet kernel: " + name + " stopped: " + e);
        }
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private void serve(ZMQ.Socket socket, Consumer<Message> handler) {
    while (!closed) {
      Message m = read(socket);
      if (m == null) {
        continue;
      }
      try {
        handler.accept(m);
      } catch (RuntimeException e) {
        log.println("falconet kernel: handling " + m.type() + " failed: " + e);
        e.printStackTrace(log);
      }
    }
  }

  /**
   * Hands every shell message already waiting to {@code handler}, without blocking (called on the
   * shell thread, e.g. to abort the cells queued behind a failed one).
   */
  public void drainShell(Consumer<Message> handler) {
    while (!closed) {
      byte[] first = shell.recv(ZMQ.DONTWAIT);
      if (first == null) {
        return;
      }
      Message m = read(shell, first);
      if (m != null) {
        handler.accept(m);
      }
    }
  }

  /** Reads one message; {@code null} when it was malformed or badly signed (then it is logged). */
  private Message read(ZMQ.Socket socket) {
    byte[] first = socket.recv(0);
    return first == null ? null : read(socket, first);
  }

  private Message read(ZMQ.Socket socket, byte[] first) {
    List<byte[]> frames = new ArrayList<>();
    frames.add(first);
    while (socket.hasReceiveMore()) {
      byte[] f = socket.recv(0);
      if (f == null) {
        return null;
      }
      frames.add(f);
    }
    int d = 0;
    while (d < frames.size() && !Arrays.equals(frames.get(d), DELIMITER)) {
      d++;
    }
    if (frames.size() < d + 6) {
      log.println("falconet kernel: dropped a malformed message (" + frames.size() + " frames)");
      return null;
    }
    String sig = new String(frames.get(d + 1), StandardCharsets.US_ASCII);
    byte[] h = frames.get(d + 2);
    byte[] p = frames.get(d + 3);
    byte[] md = frames.get(d + 4);
    byte[] c = frames.get(d + 5);
    if (!signer.verify(sig, h, p, md, c)) {
      log.println("falconet kernel: dropped a message with an invalid signature (not executed)");
      return null;
    }
    try {
      return new Message(List.copyOf(frames.subList(0, d)), object(h), object(p), object(md), object(c));
    } catch (IOException e) {
      log.println("falconet kernel: dropped a message with invalid JSON: " + e.getMessage());
      return null;
    }
  }

  private static ObjectNode object(byte[] json) throws IOException {
    var node = Message.JSON.readTree(json);
    return node instanceof ObjectNode o ? o : Message.object();
  }

  private void write(ZMQ.Socket socket, Message m) {
    if (closed) {
      return;
    }
    try {
      byte[] h = Message.JSON.writeValueAsBytes(m.header());
      byte[] p = Message.JSON.writeValueAsBytes(m.parent());
      byte[] md = Message.JSON.writeValueAsBytes(m.metadata());
      byte[] c = Message.JSON.writeValueAsBytes(m.content());
      for (byte[] id : m.identities()) {
        socket.sendMore(id);
      }
      socket.sendMore(DELIMITER);
      socket.sendMore(signer.sign(h, p, md, c));
      socket.sendMore(h);
      socket.sendMore(p);
      socket.sendMore(md);
      socket.send(c, 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + m.type(), e);
    }
  }

  /** Sends a reply on the shell channel (called only from the shell thread). */
  public void replyShell(Message m) {
    write(shell, m);
  }

  /** Sends a reply on the control channel (called only from the control thread). */
  public void replyControl(Message m) {
    write(control, m);
  }

  /** Publishes on iopub from any thread. Iopub messages carry no routing identities but their topic. */
  public void publish(Message m) {
    Message topical = new Message(List.of(("kernel." + m.type()).getBytes(StandardCharsets.UTF_8)),
        m.header(), m.parent(), m.metadata(), m.content());
    synchronized (iopubLock) {
      write(iopub, topical);
    }
  }

  /** Sends an input_request on stdin and blocks for the frontend's input_reply. */
  public Message askStdin(Message request) {
    synchronized (stdinLock) {
      write(stdin, request);
      while (!closed) {
        Message reply = read(stdin);
        if (reply != null && reply.type().equals("input_reply")) {
          return reply;
        }
      }
      throw new IllegalStateException("kernel is shutting down");
    }
  }

  @Override
  public void close() {
    closed = true;
    ctx.close();
  }
}
