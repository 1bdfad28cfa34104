package org.falconet.dedup.minhash.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * The output of the signature step: one file per band, {@code band-NNNNN.bin}, holding one 8-byte
 * key per document in corpus order (the document is the key's position: 8 bytes per document-band,
 * no index stored), and {@code nosignature.bin}, the bitmap of the documents without a signature
 * (no word after normalisation), whose keys are placeholders that take no part in any bucket.
 */
public final class BandFiles {
  private BandFiles() {}

  /** Band {@code band}'s key file in {@code dir}. */
  public static Path band(Path dir, int band) {
    return dir.resolve(String.format("band-%05d.bin", band));
  }

  /** The bitmap of the documents without a signature. */
  public static Path noSignature(Path dir) {
    return dir.resolve("nosignature.bin");
  }

  /** The documents without a signature, read back. */
  public static BitSet readNoSignature(Path dir) throws IOException {
    return BitSet.valueOf(Files.readAllBytes(noSignature(dir)));
  }

  /** Writes the band files of documents given one by one in corpus order. */
  public static final class Writer implements Closeable {
    private final Path dir;
    private final RecordFile.Writer[] out;
    private final BitSet noSignature = new BitSet();
    private int docs;

    /** Creates the {@code bands} files in {@code dir}, 32 KB of buffer each. */
    public Writer(Path dir, int bands) throws IOException {
      this.dir = dir;
      out = new RecordFile.Writer[bands];
      try {
        for (int b = 0; b < bands; b++) {
          out[b] = new RecordFile.Writer(band(dir, b), 1 << 15);
        }
      } catch (IOException | RuntimeException e) {
        closeAll();
        throw e;
      }
    }

    /** Appends the next document's keys, band {@code b}'s at index {@code b}; null: no signature. */
    public void add(long[] keys) throws IOException {
      if (keys == null) {
        noSignature.set(docs);
      } else if (keys.length != out.length) {
        throw new IllegalArgumentException(keys.length + " keys for " + out.length + " bands");
      }
      for (int b = 0; b < out.length; b++) {
        out[b].key(keys == null ? 0 : keys[b]);
      }
      docs++;
    }

    /** Documents written so far. */
    public int documents() {
      return docs;
    }

    /** Flushes the band files and writes the no-signature bitmap. */
    @Override
    public void close() throws IOException {
      closeAll();
      Files.write(noSignature(dir), noSignature.toByteArray());
    }

    private void closeAll() throws IOException {
      IOException first = null;
      for (RecordFile.Writer w : out) {
        try {
          if (w != null) {
            w.close();
          }
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
