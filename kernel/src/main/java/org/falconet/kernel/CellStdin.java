package org.falconet.kernel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.falconet.kernel.wire.Channels;
import org.falconet.kernel.wire.Message;

/**
 * {@code System.in} for cells: when its line runs dry it sends an {@code input_request} for the
 * running execute request and blocks for the frontend's {@code input_reply}; end of input when the
 * request does not allow stdin.
 */
final class CellStdin extends InputStream {
  private final Supplier<Message> request;
  private final Channels channels;
  private byte[] line = new byte[0];
  private int pos;

  /** {@code request} gives the running execute request, or {@code null} when stdin is not allowed. */
  CellStdin(Supplier<Message> request, Channels channels) {
    this.request = request;
    this.channels = channels;
  }

  @Override
  public synchronized int read() {
    if (pos >= line.length && !fill()) {
      return -1;
    }
    return line[pos++] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (pos >= line.length && !fill()) {
      return -1;
    }
    int n = Math.min(len, line.length - pos);
    System.arraycopy(line, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return line.length - pos;
  }

  private boolean fill() {
    Message req = request.get();
    if (req == null) {
      return false;
    }
    Message ask = new Message(req.identities(), Message.newHeader("input_request",
        req.header().path("session").asText(), req.header().path("username").asText()), req.header().deepCopy(),
        Message.object(), Message.object().put("prompt", "").put("password", false));
    Message answer = channels.askStdin(ask);
    line = (answer.content().path("value").asText("") + "\n").getBytes(StandardCharsets.UTF_8);
    pos = 0;
    return true;
  }
}
