package org.falconet.filter.lang.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads the little-endian binary values fastText's {@code std::ostream::write} calls produce. */
public final class LittleEndianInput {
  private final InputStream in;
  private final byte[] eight = new byte[8];

  public LittleEndianInput(InputStream in) {
    this.in = in;
  }

  private void fill(byte[] b, int n) throws IOException {
    int off = 0;
    while (off < n) {
      int r = in.read(b, off, n - off);
      if (r < 0) {
        throw new EOFException("fastText model ends early");
      }
      off += r;
    }
  }

  public int readInt() throws IOException {
    fill(eight, 4);
    return ByteBuffer.wrap(eight, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  public long readLong() throws IOException {
    fill(eight, 8);
    return ByteBuffer.wrap(eight).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  public double readDouble() throws IOException {
    fill(eight, 8);
    return ByteBuffer.wrap(eight).order(ByteOrder.LITTLE_ENDIAN).getDouble();
  }

  public int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("fastText model ends early");
    }
    return b;
  }

  public boolean readBool() throws IOException {
    return readByte() != 0;
  }

  public byte[] readBytes(int n) throws IOException {
    byte[] b = new byte[n];
    fill(b, n);
    return b;
  }

  public float[] readFloats(long n) throws IOException {
    if (n < 0 || n > Integer.MAX_VALUE - 8) {
      throw new IOException("fastText matrix too large: " + n + " floats");
    }
    float[] out = new float[(int) n];
    byte[] buf = new byte[1 << 16];
    int done = 0;
    while (done < out.length) {
      int count = Math.min(buf.length / 4, out.length - done);
      fill(buf, count * 4);
      ByteBuffer.wrap(buf, 0, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, done, count);
      done += count;
    }
    return out;
  }

  /** A NUL-terminated byte string, as UTF-8. */
  public String readCString() throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(16);
    for (int c = readByte(); c != 0; c = readByte()) {
      b.write(c);
    }
    return b.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
