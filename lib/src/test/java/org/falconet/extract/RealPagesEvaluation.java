package org.falconet.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The extractor on real pages the project did not write, scored with each benchmark's own metric,
 * on a development half and a held-out half split by a hash of the page's site. The pages are not
 * in the repository (their text belongs to the sites); each source is read from a copy given by
 * path:
 * <ul>
 *   <li>{@code --scrapinghub DIR}: github.com/scrapinghub/article-extraction-benchmark
 *       ({@code html/*.html.gz}, {@code ground-truth.json}); its metric: word 4-gram shingle
 *       multisets, per-page precision and recall (tp, fp, fn normalised per page), averaged over
 *       pages, F1 of the two averages (its {@code evaluate.py}).</li>
 *   <li>{@code --trafilatura DIR}: github.com/adbar/trafilatura's {@code tests/} ({@code eval/},
 *       {@code cache/}, {@code evaldata.json}); its metric: each page's "with" snippets found in the
 *       whitespace-normalised output are true positives, missing ones false negatives, "without"
 *       snippets found are false positives, summed over pages ({@code eval_common.py}).</li>
 * </ul>
 * The extractor runs with URL removal off (the benchmarks' truth keeps URLs; RefinedWeb's URL
 * removal is a separate step of ours) unless {@code --remove-urls}. {@code --predictions FILE} writes
 * the Scrapinghub predictions in its {@code output/*.json} format, for its own {@code evaluate.py}.
 * {@code --worst N} lists the N worst pages of the development half. Run from the repository root
 * after {@code mvn -q -o -pl lib test-compile} with the test class path (see
 * {@link ExtractionBenchmark}).
 */
public final class RealPagesEvaluation {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RealPagesEvaluation() {}

  /** One scored page: its source, site, half, score parts and the path that produced the text. */
  record Page(String source, String id, String site, boolean heldOut, double tp, double fp, double fn,
              int chars, int truthChars, boolean fallback) {
    double f1() {
      double p = tp + fp == 0 ? 1 : tp / (tp + fp);
      double r = tp + fn == 0 ? 1 : tp / (tp + fn);
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--remove-urls")) {
        opt.put("remove-urls", "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        opt.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    TrafilaturaStyleExtractor.Params d = TrafilaturaStyleExtractor.Params.PAPER;
    TrafilaturaStyleExtractor ex = new TrafilaturaStyleExtractor(new TrafilaturaStyleExtractor.Params(d.maxPageChars(),
        d.maxElements(), d.maxDepth(), d.timeoutMillis(), d.minTextChars(), opt.containsKey("remove-urls"), d.maxBinaryShare()));
    List<Page> pages = new ArrayList<>();
    if (opt.containsKey("scrapinghub")) {
      pages.addAll(scrapinghub(ex, Path.of(opt.get("scrapinghub")), opt.get("predictions")));
    }
    if (opt.containsKey("trafilatura")) {
      pages.addAll(trafilatura(ex, Path.of(opt.get("trafilatura"))));
    }
    if (pages.isEmpty()) {
      throw new IllegalArgumentException("give --scrapinghub DIR and/or --trafilatura DIR");
    }
    List<String> sources = pages.stream().map(Page::source).distinct().toList();
    Map<String, double[]> sums = new HashMap<>();
    for (String source : sources) {
      for (String half : new String[] {"dev", "held-out", "all"}) {
        List<Page> part = pages.stream().filter(p -> p.source().equals(source)
            && (half.equals("all") || p.heldOut() == half.equals("held-out"))).toList();
        double[] prf = source.equals("scrapinghub") ? macro(part) : micro(part);
        long empty = part.stream().filter(p -> p.chars() == 0 && p.truthChars() > 0).count();
        long fallback = part.stream().filter(Page::fallback).count();
        long under = part.stream().filter(p -> p.f1() < 0.8).count();
        System.out.printf(Locale.ROOT, "%-12s %-9s %4d pages %3d sites  P %.4f  R %.4f  F1 %.4f  empty %d  under 0.8 %d  fallback %d%n",
            source, half, part.size(), part.stream().map(Page::site).distinct().count(),
            prf[0], prf[1], prf[2], empty, under, fallback);
        double[] sum = sums.computeIfAbsent(half, k -> new double[3]);
        for (int i = 0; i < 3; i++) {
          sum[i] += prf[i] / sources.size();
        }
      }
    }
    if (sources.size() > 1) {   // each source's own metric, the sources weighted equally
      for (String half : new String[] {"dev", "held-out", "all"}) {
        double[] m = sums.get(half);
        System.out.printf(Locale.ROOT, "%-12s %-9s mean of the sources' scores  P %.4f  R %.4f  F1 %.4f%n", "combined", half, m[0], m[1], m[2]);
      }
    }
    if (opt.containsKey("scores")) {   // development pages only: the held-out half is not for tuning
      List<String> rows = pages.stream().filter(p -> !p.heldOut())
          .map(p -> String.format(Locale.ROOT, "%s\t%s\t%.4f\t%d", p.source(), p.id(), p.f1(), p.chars())).toList();
      Files.write(Path.of(opt.get("scores")), rows);
    }
    // empty results are listed from both halves: the issue asks for none anywhere
    pages.stream().filter(p -> p.chars() == 0 && p.truthChars() > 0)
        .forEach(p -> System.out.printf(Locale.ROOT, "  empty: %-12s %-9s %s%n", p.source(), p.heldOut() ? "held-out" : "dev", p.id()));
    int worst = Integer.parseInt(opt.getOrDefault("worst", "0"));
    pages.stream().filter(p -> !p.heldOut()).sorted((a, b) -> Double.compare(a.f1(), b.f1())).limit(worst)
        .forEach(p -> System.out.printf(Locale.ROOT, "  %-12s %-40s F1 %.3f P %.3f R %.3f  %d of %d chars%s%n", p.source(),
            p.id(), p.f1(), p.tp() / Math.max(1e-9, p.tp() + p.fp()), p.tp() / Math.max(1e-9, p.tp() + p.fn()),
            p.chars(), p.truthChars(), p.fallback() ? " (fallback)" : ""));
  }

  /** The Scrapinghub benchmark's averages: per-page precision and recall means, F1 of the two. */
  static double[] macro(List<Page> pages) {
    double p = 0;
    double r = 0;
    int np = 0;
    int nr = 0;
    for (Page x : pages) {
      if (x.tp() + x.fp() > 0) {
        p += x.fp() == 0 && x.fn() == 0 ? 1 : x.tp() / (x.tp() + x.fp());
        np++;
      }
      if (x.tp() + x.fn() > 0) {
        r += x.fp() == 0 && x.fn() == 0 ? 1 : x.tp() / (x.tp() + x.fn());
        nr++;
      }
    }
    p /= Math.max(1, np);
    r /= Math.max(1, nr);
    return new double[] {p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)};
  }

  /** trafilatura's sums over pages. */
  static double[] micro(List<Page> pages) {
    double tp = pages.stream().mapToDouble(Page::tp).sum();
    double fp = pages.stream().mapToDouble(Page::fp).sum();
    double fn = pages.stream().mapToDouble(Page::fn).sum();
    double p = tp + fp == 0 ? 0 : tp / (tp + fp);
    double r = tp + fn == 0 ? 0 : tp / (tp + fn);
    return new double[] {p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)};
  }

  /** Held out when the first byte of the SHA-256 of the site's host (without "www.") is odd. */
  static boolean heldOut(String site) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(site.getBytes(StandardCharsets.UTF_8));
      return (h[0] & 1) == 1;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Pattern HOST = Pattern.compile("^[a-zA-Z]+://([^/:?#]+)");

  static String site(String url) {
    Matcher m = HOST.matcher(url);
    if (!m.find()) {
      return url;   // a few trafilatura keys are labels, not URLs: the label stands for the site
    }
    String host = m.group(1).toLowerCase(Locale.ROOT);
    return host.startsWith("www.") ? host.substring(4) : host;
  }

  private static List<Page> scrapinghub(TrafilaturaStyleExtractor ex, Path dir, String predictions) throws IOException {
    JsonNode truth = JSON.readTree(dir.resolve("ground-truth.json").toFile());
    List<Page> out = new ArrayList<>();
    Map<String, Object> predicted = new java.util.TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = truth.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String url = e.getValue().get("url").asText();
      String body = e.getValue().path("articleBody").asText("");
      byte[] bytes;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("html").resolve(e.getKey() + ".html.gz")))) {
        bytes = in.readAllBytes();
      }
      Extraction x = ex.extract(HtmlDecoder.decode(bytes), url);
      String text = x.ok() ? x.text() : "";
      dump(e.getKey() + " " + url, text, body);
      predicted.put(e.getKey(), Map.of("articleBody", text));
      double[] s = shingleMatch(body, text);
      String site = site(url);
      out.add(new Page("scrapinghub", e.getKey().substring(0, 12) + " " + site, site, heldOut(site), s[0], s[1], s[2],
          text.length(), body.length(), x.fallback()));
    }
    if (predictions != null) {
      JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(predictions).toFile(), predicted);
    }
    return out;
  }

  /** With {@code -Ddump=SUBSTRING}, prints the text and truth of the pages whose id contains it. */
  private static void dump(String id, String text, String truth) {
    String want = System.getProperty("dump");
    if (want != null && id.contains(want)) {
      System.out.println("=== " + id + "\n--- extracted\n" + text + "\n--- truth\n" + truth + "\n===");
    }
  }

  private static final Pattern TOKEN = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

  /** evaluate.py's string_shingle_matching: 4-gram multisets, tp, fp, fn divided by their sum. */
  static double[] shingleMatch(String truth, String pred) {
    Map<String, int[]> counts = new HashMap<>();
    for (String s : ngrams(truth)) {
      counts.computeIfAbsent(s, k -> new int[2])[0]++;
    }
    for (String s : ngrams(pred)) {
      counts.computeIfAbsent(s, k -> new int[2])[1]++;
    }
    double tp = 0;
    double fp = 0;
    double fn = 0;
    for (int[] c : counts.values()) {
      tp += Math.min(c[0], c[1]);
      fp += Math.max(0, c[1] - c[0]);
      fn += Math.max(0, c[0] - c[1]);
    }
    double sum = tp + fp + fn;
    return sum > 0 ? new double[] {tp / sum, fp / sum, fn / sum} : new double[] {0, 0, 0};
  }

  private static List<String> ngrams(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(m.group());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.max(1, tokens.size() - 3); i++) {
      List<String> g = tokens.subList(i, Math.min(tokens.size(), i + 4));
      if (!g.isEmpty()) {
        out.add(String.join("\u0001", g));
      }
    }
    return out;
  }

  private static final Pattern SPACE = Pattern.compile("\\s+");

  private static List<Page> trafilatura(TrafilaturaStyleExtractor ex, Path dir) throws IOException {
    JsonNode data = JSON.readTree(dir.resolve("evaldata.json").toFile());
    List<Page> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String file = e.getValue().get("file").asText();
      Path p = dir.resolve("cache").resolve(file);
      if (!Files.isRegularFile(p)) {
        p = dir.resolve("eval").resolve(file);
      }
      if (!Files.isRegularFile(p)) {
        throw new IOException("missing page " + file);
      }
      Extraction x = ex.extract(HtmlDecoder.decode(Files.readAllBytes(p)), e.getKey());
      dump(file, x.ok() ? x.text() : "", "with " + e.getValue().get("with") + "\nwithout " + e.getValue().get("without"));
      String text = x.ok() ? SPACE.matcher(x.text()).replaceAll(" ").strip() : "";
      int tp = 0;
      int fp = 0;
      int with = 0;
      for (JsonNode w : e.getValue().get("with")) {
        with++;
        tp += text.contains(SPACE.matcher(w.asText()).replaceAll(" ").strip()) ? 1 : 0;
      }
      for (JsonNode w : e.getValue().get("without")) {
        fp += text.contains(SPACE.matcher(w.asText()).replaceAll(" ").strip()) ? 1 : 0;
      }
      String site = site(e.getKey());
      out.add(new Page("trafilatura", file, site, heldOut(site), tp, fp, with - tp, text.length(), 1, x.fallback()));
    }
    return out;
  }
}
