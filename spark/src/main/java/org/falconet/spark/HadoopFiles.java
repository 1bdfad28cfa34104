package org.falconet.spark;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files on any Hadoop file system (local disk, HDFS, {@code s3a://}) as the Spark job reads and
 * writes them: the Hadoop configuration carried to executors, inputs copied to local disk for the
 * readers that take a {@code java.nio} path, gzip JSONL writers without a timestamp.
 */
final class HadoopFiles implements Serializable {
  private static final long serialVersionUID = 1L;
  private transient Configuration conf;

  HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  Configuration conf() {
    return conf;
  }

  FileSystem fs(Path p) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    fs.setWriteChecksum(false); // no .crc files beside the output on local disk
    fs.setVerifyChecksum(false);
    return fs;
  }

  /** A local copy of {@code file} for a reader (the file itself when already on local disk); {@link Local#close} removes a copy. */
  Local local(String file) throws IOException {
    Path p = new Path(file);
    String scheme = p.toUri().getScheme();
    if (scheme == null || scheme.equals("file")) {
      return new Local(java.nio.file.Path.of(p.toUri().getPath()), null);
    }
    java.nio.file.Path dir = Files.createTempDirectory("falconet-input");
    java.nio.file.Path copy = dir.resolve(p.getName());
    fs(p).copyToLocalFile(false, p, new Path(copy.toUri()), true);
    return new Local(copy, dir);
  }

  /** A local path, deleted on close if it was a copy. */
  record Local(java.nio.file.Path path, java.nio.file.Path tempDir) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (tempDir != null) {
        Files.deleteIfExists(path);
        Files.deleteIfExists(tempDir);
      }
    }
  }

  /** A gzip writer on {@code file} (gzip header without timestamp, as {@code JsonlFiles} writes). */
  Writer gzipWriter(Path file) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(fs(file).create(file, true), 1 << 16),
        StandardCharsets.UTF_8), 1 << 16);
  }

  /** A strict UTF-8 line reader on a gzip file. */
  BufferedReader gzipReader(Path file) throws IOException {
    InputStream in = new GZIPInputStream(fs(file).open(file), 1 << 16);
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
  }

  /** Moves {@code from} to {@code to}, replacing it. */
  void replace(Path from, Path to) throws IOException {
    FileSystem fs = fs(to);
    if (fs.exists(to)) {
      fs.delete(to, false);
    }
    if (!fs.rename(from, to)) {
      throw new IOException("cannot move " + from + " to " + to);
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
