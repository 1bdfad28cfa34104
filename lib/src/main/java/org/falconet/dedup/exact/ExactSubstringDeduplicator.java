package org.falconet.dedup.exact;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.falconet.corpus.Document;
import org.falconet.dedup.exact.internal.RepeatFinder;
import org.falconet.pipeline.Corpus;
import org.falconet.pipeline.CorpusStage;
import org.falconet.pipeline.Outcome;

/**
 * Removes spans repeated verbatim across the corpus, as RefinedWeb did with the tool of Lee et al.
 * (2022, arXiv 2107.06499; Penedo et al. 2023, section 3.3): a suffix array of all documents joined
 * finds every span of at least {@code k} bytes that occurs twice or more; those spans are cut out
 * of the documents, and a document left with fewer than 20 characters is dropped as
 * {@value #REASON}.
 *
 * <p><b>What a token is here.</b> The paper's threshold is 50 consecutive tokens of a BPE tokenizer.
 * This stage works on UTF-8 bytes, with {@code k = 50 tokens x 4 bytes per token = 200 bytes}: a
 * BPE token of English web text averages about 4 bytes (GPT-2's tokenizer, which Lee et al. used:
 * about 4 characters per token). Span ends are moved inward to character boundaries, so a span never
 * cuts a UTF-8 character.
 *
 * <p><b>Which copies go.</b> {@code keepFirst = false} (the paper's setting, what the Lee et al.
 * tool does) removes every copy of a repeated span; {@code keepFirst = true} keeps each span's first
 * occurrence in corpus order and removes the later ones.
 *
 * <p><b>Steps</b>, each resumable in the runner's work directory: (1) the corpus text, documents
 * joined with the separator byte {@code 0xFF} (never in UTF-8), and the separators' positions; (2)
 * the bitmap of repeated span starts, by an in-memory suffix array when the text fits
 * {@code chunkBytes}, else by chunks merged over memory-mapped files ({@link RepeatFinder});
 * (3) the cut documents. Memory: about 10 bytes per byte of the text given to one suffix array
 * (measured: 8.5 for SA-IS and 8.1 for suffix array plus PLCP, plus the text itself), plus 1/8
 * byte per corpus byte for the bitmap and 8 bytes per document.
 */
public final class ExactSubstringDeduplicator implements CorpusStage {
  /** Drop reason of a document with fewer than {@code minKeptChars} characters left after the cuts. */
  public static final String REASON = "exact_substring_duplicate";

  /**
   * @param minSpanBytes k, the shortest repeated span removed, in UTF-8 bytes
   * @param minKeptChars a document keeping fewer non-whitespace characters than this is dropped
   * @param keepFirst    keep each repeated span's first occurrence (false: remove every copy)
   * @param chunkBytes   the largest text given to one suffix array; a larger corpus is built in
   *                     chunks and merged (at most 2^27, so a chunk's offsets map in one piece)
   */
  public record Params(int minSpanBytes, int minKeptChars, boolean keepFirst, long chunkBytes) {
    /** RefinedWeb: 50 tokens (taken as 200 bytes), 20 characters, every copy removed (Lee et al.'s tool). */
    public static final Params PAPER = new Params(50 * 4, 20, false, 1L << 27);

    public Params {
      if (minSpanBytes < 1 || minKeptChars < 0 || chunkBytes < 1 || chunkBytes > 1L << 27) {
        throw new IllegalArgumentException("exact_substring_dedup: need minSpanBytes >= 1, minKeptChars >= 0, "
            + "1 <= chunkBytes <= 2^27; got " + minSpanBytes + ", " + minKeptChars + ", " + chunkBytes);
      }
    }

    public Params withKeepFirst(boolean keep) {
      return new Params(minSpanBytes, minKeptChars, keep, chunkBytes);
    }

    public Params withChunkBytes(long bytes) {
      return new Params(minSpanBytes, minKeptChars, keepFirst, bytes);
    }

    public Params withMinSpanBytes(int bytes) {
      return new Params(bytes, minKeptChars, keepFirst, chunkBytes);
    }
  }

  private final Params params;

  public ExactSubstringDeduplicator(Params params) {
    this.params = params;
  }

  /** RefinedWeb's setting. */
  public ExactSubstringDeduplicator() {
    this(Params.PAPER);
  }

  /** The parameters this stage runs with (what a run's manifest records). */
  @Override
  public Params params() {
    return params;
  }

  @Override
  public String name() {
    return "exact_substring_dedup";
  }

  /**
   * Step 3 for one document whose repeated spans were found elsewhere (the Spark form of this stage
   * finds them without one corpus-wide suffix array): {@code spanStarts} are the byte offsets
   * {@code p} into the document's UTF-8 content whose span {@code [p, p + minSpanBytes)} occurs
   * again in the corpus, in any order. The cut, the character-boundary rule and the drop are
   * {@link #process}'s.
   */
  public Outcome cut(Document doc, int[] spanStarts) {
    int length = doc.content().getBytes(UTF_8).length;
    long[] bits = new long[(length >>> 6) + 1];
    for (int p : spanStarts) {
      if (p < 0 || p + params.minSpanBytes() > length) {
        throw new IllegalArgumentException(doc.id() + ": span start " + p + " outside its " + length + " bytes");
      }
      bits[p >>> 6] |= 1L << p;
    }
    return cut(doc, bits, 0, params.minSpanBytes());
  }

  @Override
  public void process(Corpus corpus, Path workDir, Consumer<Outcome> sink) throws IOException {
    long[][] prepared = prepare(corpus, workDir);
    long[] separators = prepared[0];
    long[] spans = prepared[1];
    int k = params.minSpanBytes();
    int i = 0;
    for (Document doc : corpus) {
      long start = i == 0 ? 0 : separators[i - 1] + 1;
      sink.accept(cut(doc, spans, start, k));
      i++;
    }
    if (i != separators.length) {
      throw new IllegalStateException("exact_substring_dedup: corpus yielded " + i + " documents, size says "
          + separators.length);
    }
  }

  /** Steps 1 and 2 (each skipped when its saved result exists): the separators and the span bitmap. */
  private long[][] prepare(Corpus corpus, Path workDir) throws IOException {
    long n = corpus.size();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("exact_substring_dedup: corpus of " + n + " documents exceeds 2^31");
    }
    Files.createDirectories(workDir);
    Path textFile = workDir.resolve("text.bin");
    Path sepFile = workDir.resolve("separators.bin");
    Path textDone = workDir.resolve("text.done");
    String fingerprint = n + " " + params;
    if (!Files.exists(textDone) || !Files.readString(textDone).equals(fingerprint)) {
      Files.deleteIfExists(workDir.resolve("spans.bin"));
      writeText(corpus, textFile, sepFile);
      writeAtomically(textDone, fingerprint);
    }
    long[] separators = readLongs(sepFile, (int) n);
    return new long[][] {separators, spans(textFile, separators, workDir)};
  }

  /** Step 1: documents joined with separators; the separators' positions. */
  private static void writeText(Corpus corpus, Path textFile, Path sepFile) throws IOException {
    try (OutputStream text = new BufferedOutputStream(Files.newOutputStream(textFile), 1 << 16);
         DataOutputStream seps = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(sepFile)))) {
      long pos = 0;
      for (Document doc : corpus) {
        byte[] b = doc.content().getBytes(UTF_8);
        text.write(b);
        text.write(RepeatFinder.SEPARATOR);
        pos += b.length;
        seps.writeLong(pos);
        pos++;
      }
    }
  }

  /** Step 2: the bitmap of repeated span starts, computed once and saved. */
  private long[] spans(Path textFile, long[] separators, Path workDir) throws IOException {
    Path file = workDir.resolve("spans.bin");
    long length = Files.size(textFile);
    if (Files.exists(file)) {
      return readLongs(file, (int) (length >>> 6) + 1);
    }
    long[] bits;
    if (length <= params.chunkBytes()) {
      byte[] text = Files.readAllBytes(textFile);
      bits = RepeatFinder.inMemory(text, text.length, separators, params.minSpanBytes(), params.keepFirst());
    } else {
      bits = RepeatFinder.chunked(textFile, separators, params.chunkBytes(), params.minSpanBytes(),
          params.keepFirst(), workDir.resolve("chunks"));
    }
    Path tmp = file.resolveSibling(".tmp-spans.bin");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      for (long w : bits) {
        out.writeLong(w);
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return bits;
  }

  /**
   * The spans this stage cuts out of each document, for notebooks: one entry per document that
   * loses at least one span, in corpus order, with character offsets into its text. Runs steps 1
   * and 2 in {@code workDir} exactly as {@link #process} does (and shares their saved results).
   */
  public List<RemovedSpans> removedSpans(Corpus corpus, Path workDir) throws IOException {
    List<RemovedSpans> out = new ArrayList<>();
    long[][] prepared = prepare(corpus, workDir);
    long[] separators = prepared[0];
    long[] spans = prepared[1];
    int i = 0;
    for (Document doc : corpus) {
      long start = i == 0 ? 0 : separators[i - 1] + 1;
      byte[] b = doc.content().getBytes(UTF_8);
      List<int[]> ranges = removedRanges(b, spans, start, params.minSpanBytes());
      if (!ranges.isEmpty()) {
        List<RemovedSpans.Span> chars = new ArrayList<>();
        for (int[] r : ranges) {
          int from = new String(b, 0, r[0], UTF_8).length();
          chars.add(new RemovedSpans.Span(from, from + new String(b, r[0], r[1] - r[0], UTF_8).length()));
        }
        out.add(new RemovedSpans(doc.id(), doc.content(), chars));
      }
      i++;
    }
    return out;
  }

  /** Step 3 for one document starting at corpus offset {@code start}. */
  private Outcome cut(Document doc, long[] spans, long start, int k) {
    byte[] b = doc.content().getBytes(UTF_8);
    List<int[]> ranges = removedRanges(b, spans, start, k);
    if (ranges.isEmpty()) {
      return Outcome.kept(doc);
    }
    byte[] kept = new byte[b.length];
    int keptLen = 0;
    int x = 0;
    for (int[] r : ranges) {
      System.arraycopy(b, x, kept, keptLen, r[0] - x);
      keptLen += r[0] - x;
      x = r[1];
    }
    System.arraycopy(b, x, kept, keptLen, b.length - x);
    keptLen += b.length - x;
    String text = new String(kept, 0, keptLen, UTF_8);
    long left = text.codePoints().filter(c -> !Character.isWhitespace(c)).count();
    if (left < params.minKeptChars()) {
      return Outcome.removed(doc, REASON);
    }
    Document cut = doc.text() != null ? doc.withText(text)
        : new Document(doc.id(), doc.url(), doc.crawlDate(), text, null, doc.metadata());
    return Outcome.kept(cut.withMeta("exact_dup_bytes_removed", b.length - keptLen));
  }

  /**
   * The byte ranges {@code [from, to)} of {@code b} (a document at corpus offset {@code start})
   * covered by marked spans {@code [s, s + k)}, ascending and disjoint, each shrunk inward to
   * character boundaries so that no UTF-8 character is cut.
   */
  private static List<int[]> removedRanges(byte[] b, long[] spans, long start, int k) {
    List<int[]> out = new ArrayList<>();
    long coverEnd = -1;
    int x = 0;
    while (x < b.length) {
      long at = start + x;
      if ((spans[(int) (at >>> 6)] & (1L << at)) != 0) {
        coverEnd = Math.max(coverEnd, x + (long) k);
      }
      if (x >= coverEnd) {
        x++;
        continue;
      }
      // The run of bytes covered by some span [s, s + k), s marked.
      int from = x;
      while (x < b.length && x < coverEnd) {
        long p = start + x;
        if ((spans[(int) (p >>> 6)] & (1L << p)) != 0) {
          coverEnd = Math.max(coverEnd, x + (long) k);
        }
        x++;
      }
      int a = from;
      while (a < x && isContinuation(b[a])) {
        a++;
      }
      int e = x;
      while (e > a && e < b.length && isContinuation(b[e])) {
        e--;
      }
      if (a < e) {
        out.add(new int[] {a, e});
      }
    }
    return out;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private static long[] readLongs(Path file, int count) throws IOException {
    long[] out = new long[count];
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      for (int i = 0; i < count; i++) {
        out[i] = in.readLong();
      }
    }
    return out;
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(".tmp-" + file.getFileName());
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
