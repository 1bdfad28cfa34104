package org.falconet.crawl;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Downloads segments of a Common Crawl crawl: reads the crawl's {@code warc.paths.gz}, picks N WARC
 * files reproducibly from a seed, and fetches each with resume (HTTP {@code Range}), retries with
 * exponential back-off, and a check that the whole file inflates as gzip before it is kept.
 *
 * <p>Layout (https://commoncrawl.org/get-started): {@code BASE/crawl-data/CRAWL/warc.paths.gz} lists
 * paths relative to {@code BASE}, one per line. A file being fetched is written to {@code NAME.part}
 * and renamed to {@code NAME} once checked; an existing {@code NAME} that checks is not fetched again.
 *
 * <pre>{@code
 * CommonCrawlFetcher f = new CommonCrawlFetcher(CommonCrawlFetcher.Options.DEFAULT, System.err::println);
 * List<String> picked = CommonCrawlFetcher.pick(f.warcPaths("CC-MAIN-2023-23"), 2, 0);
 * for (String p : picked) f.download(p, Path.of("data/cc"));
 * }</pre>
 */
public final class CommonCrawlFetcher {

  /**
   * Where to fetch from and how hard to try.
   *
   * @param baseUrl        the server root holding {@code crawl-data/} (Common Crawl's HTTPS endpoint by default)
   * @param attempts       tries per file, the first included
   * @param initialBackoff wait before the first retry; doubled for each further one
   * @param timeout        connect and per-request header timeout
   */
  public record Options(URI baseUrl, int attempts, Duration initialBackoff, Duration timeout) {
    /** Common Crawl's public HTTPS endpoint, 6 attempts, 2 s first back-off, 60 s timeout. */
    public static final Options DEFAULT = new Options(URI.create("https://data.commoncrawl.org/"), 6,
        Duration.ofSeconds(2), Duration.ofSeconds(60));

    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (!baseUrl.toString().endsWith("/")) {
        baseUrl = URI.create(baseUrl + "/");
      }
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
      }
      if (initialBackoff.isNegative() || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("back-off must be >= 0 and timeout > 0");
      }
    }

    public Options withBaseUrl(URI url) {
      return new Options(url, attempts, initialBackoff, timeout);
    }
  }

  private final Options options;
  private final Consumer<String> log;
  private final HttpClient client;

  /** A fetcher; {@code log} receives one line per notable event (retry, resume, skip). */
  public CommonCrawlFetcher(Options options, Consumer<String> log) {
    this.options = Objects.requireNonNull(options);
    this.log = Objects.requireNonNull(log);
    this.client = HttpClient.newBuilder().connectTimeout(options.timeout())
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The WARC paths of {@code crawl} (e.g. {@code CC-MAIN-2023-23}), from its {@code warc.paths.gz}. */
  public List<String> warcPaths(String crawl) throws IOException {
    if (!crawl.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("not a crawl name: '" + crawl + "' (expected e.g. CC-MAIN-2023-23)");
    }
    URI uri = options.baseUrl().resolve("crawl-data/" + crawl + "/warc.paths.gz");
    byte[] gz = withRetries(uri.toString(), () -> {
      HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw status(uri, r.statusCode());
      }
      return r.body();
    });
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add(line.trim());
        }
      }
      return out;
    } catch (IOException e) {
      throw new IOException(uri + ": not a gzip list of paths (" + e.getMessage() + ")", e);
    }
  }

  /**
   * {@code n} of {@code paths} chosen by {@code seed} (a seeded shuffle, so the same seed picks the
   * same files on every machine and JDK), returned in the list's order.
   */
  public static List<String> pick(List<String> paths, int n, long seed) {
    if (n < 1 || n > paths.size()) {
      throw new IllegalArgumentException("cannot pick " + n + " of " + paths.size() + " WARC files");
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(seed));
    List<Integer> chosen = new ArrayList<>(idx.subList(0, n));
    Collections.sort(chosen);
    return chosen.stream().map(paths::get).toList();
  }

  /**
   * Fetches one file (a path relative to the base URL) into {@code destDir}, resuming a {@code .part}
   * left by an earlier try, and returns where it lies.
   *
   * @throws IOException when every attempt failed, naming the URL and the last error
   */
  public Path download(String path, Path destDir) throws IOException {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isEmpty() || name.equals("..") || name.equals(".")) {
      throw new IllegalArgumentException("not a file path: " + path);
    }
    Files.createDirectories(destDir);
    Path done = destDir.resolve(name);
    Path part = destDir.resolve(name + ".part");
    if (Files.exists(done)) {
      if (gzipIntact(done)) {
        log.accept(name + ": already downloaded");
        return done;
      }
      log.accept(name + ": existing file fails the gzip check, fetching again");
      Files.delete(done);
    }
    URI uri = options.baseUrl().resolve(path);
    withRetries(uri.toString(), () -> {
      fetchInto(uri, part);
      if (!gzipIntact(part)) {
        Files.delete(part);
        throw new IOException("downloaded file fails the gzip check");
      }
      return null;
    });
    Files.move(part, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return done;
  }

  /** Appends the rest of {@code uri} to {@code part}, asking for a range if part of it is there. */
  private void fetchInto(URI uri, Path part) throws IOException {
    long have = Files.exists(part) ? Files.size(part) : 0;
    HttpRequest.Builder req = HttpRequest.newBuilder(uri);
    if (have > 0) {
      req.header("Range", "bytes=" + have + "-");
      log.accept(uri + ": resuming at byte " + have);
    }
    HttpResponse<InputStream> r = send(req, HttpResponse.BodyHandlers.ofInputStream());
    int code = r.statusCode();
    boolean append;
    if (code == 206) {
      append = true;
    } else if (code == 200) {
      append = false; // the server ignored the range: start over
    } else if (code == 416 && have > 0) {
      r.body().close();
      return; // nothing after 'have': the part is complete, the gzip check decides
    } else {
      r.body().close();
      throw status(uri, code);
    }
    try (InputStream in = r.body();
         OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
             append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      in.transferTo(out); // bytes received before a dropped connection stay in the part
    }
    long expected = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    long got = Files.size(part) - (append ? have : 0);
    if (expected >= 0 && got < expected) {
      throw new EOFException("connection closed after " + got + " of " + expected + " bytes");
    }
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder req, HttpResponse.BodyHandler<T> handler) throws IOException {
    try {
      return client.send(req.timeout(options.timeout()).GET().build(), handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A failed HTTP status; 5xx and 429 are worth retrying, the rest are not. */
  static final class StatusException extends IOException {
    final int status;

    StatusException(URI uri, int status) {
      super(uri + ": HTTP " + status);
      this.status = status;
    }

    boolean retryable() {
      return status >= 500 || status == 429 || status == 408;
    }
  }

  private static StatusException status(URI uri, int code) {
    return new StatusException(uri, code);
  }

  private interface Attempt<T> {
    T run() throws IOException;
  }

  private <T> T withRetries(String what, Attempt<T> attempt) throws IOException {
    Duration wait = options.initialBackoff();
    for (int i = 1; ; i++) {
      try {
        return attempt.run();
      } catch (IOException e) {
        boolean retry = !(e instanceof StatusException s) || s.retryable();
        if (!retry || i >= options.attempts()) {
          throw new IOException(what + ": failed after " + i + " attempt(s): " + e.getMessage(), e);
        }
        log.accept(what + ": attempt " + i + " failed (" + e.getMessage() + "), retrying in " + wait.toMillis() + " ms");
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", ie);
        }
        wait = wait.multipliedBy(2);
      }
    }
  }

  /** True if the whole file inflates as one or more gzip members. */
  public static boolean gzipIntact(Path file) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      in.transferTo(OutputStream.nullOutputStream());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
