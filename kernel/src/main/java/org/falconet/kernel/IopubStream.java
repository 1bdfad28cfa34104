package org.falconet.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Collects a cell's stdout or stderr bytes and hands complete UTF-8 text to {@code publish} on
 * {@link #flush()}; the kernel flushes every 50 ms while a cell runs and before any other output, so
 * stream and display messages keep their order.
 */
final class IopubStream extends OutputStream {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final Consumer<String> publish;

  IopubStream(Consumer<String> publish) {
    this.publish = publish;
  }

  @Override
  public synchronized void write(int b) {
    buffer.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    buffer.write(b, off, len);
  }

  @Override
  public void flush() {
    String text;
    synchronized (this) {
      if (buffer.size() == 0) {
        return;
      }
      byte[] bytes = buffer.toByteArray();
      int end = completeUtf8(bytes);
      text = new String(bytes, 0, end, StandardCharsets.UTF_8);
      buffer.reset();
      buffer.write(bytes, end, bytes.length - end);
    }
    if (!text.isEmpty()) {
      publish.accept(text);
    }
  }

  /** The length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
  static int completeUtf8(byte[] b) {
    int n = b.length;
    for (int back = 1; back <= Math.min(3, n); back++) {
      int c = b[n - back] & 0xff;
      if ((c & 0xC0) == 0x80) {
        continue;
      }
      int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      return need > back ? n - back : n;
    }
    return n;
  }
}
