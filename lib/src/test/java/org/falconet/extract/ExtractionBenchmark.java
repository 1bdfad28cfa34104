package org.falconet.extract;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import net.dankito.readability4j.Readability4J;

/**
 * Side-by-side speed of {@link TrafilaturaStyleExtractor} and Readability4J (Mozilla Readability's
 * JVM port) on the same pages, one thread, one process, warm JVM, timed in thread CPU time with
 * the two alternating. Not a test: from the repository root,
 * <pre>
 * mvn -q -o -pl lib test-compile
 * mvn -q -o -pl lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/ecp.txt
 * java -cp lib/target/classes:lib/target/test-classes:$(cat /tmp/ecp.txt) \
 *     org.falconet.extract.ExtractionBenchmark [DIR [SECONDS]]
 * </pre>
 * Pages: the evaluation set (or every .html under DIR), as they are, with a typical page's weight
 * of scripts, styles and a menu added, and wrapped in a news site's markup by {@link NewsSitePages}
 * (heavy in elements as well as bytes, as real news pages are). SECONDS (default 5) is the time
 * each extractor is timed on each set, after half as much warm-up. Each set's figures are printed
 * with the system load average beside them.
 */
public final class ExtractionBenchmark {

  private ExtractionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : ExtractionQualityTest.evalDir();
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    List<String> pages = new ArrayList<>();
    long bytes = 0;
    try (var s = Files.walk(dir)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
        String html = Files.readString(p, StandardCharsets.UTF_8);
        pages.add(html);
        bytes += html.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    compare("evaluation pages as they are", pages, bytes, seconds);
    // Typical crawled news pages weigh ~170 KB (PERFORMANCE.md), mostly inline scripts, styles and
    // mega-menus: the same pages with such weight added.
    List<String> heavy = new ArrayList<>();
    long heavyBytes = 0;
    for (String html : pages) {
      String h = heavy(html);
      heavy.add(h);
      heavyBytes += h.getBytes(StandardCharsets.UTF_8).length;
    }
    compare("the same pages with typical page weight added", heavy, heavyBytes, seconds);
    List<String> news = new ArrayList<>();
    long newsBytes = 0;
    int same = 0;
    TrafilaturaStyleExtractor extractor = new TrafilaturaStyleExtractor();
    for (int i = 0; i < pages.size(); i++) {
      String w = NewsSitePages.wrap(pages.get(i), i);
      news.add(w);
      newsBytes += w.getBytes(StandardCharsets.UTF_8).length;
      if (extractor.extract(w, null).equals(extractor.extract(pages.get(i), null))) {
        same++;
      }
    }
    System.out.printf("(wrapped pages whose extraction equals the page's own: %d of %d)%n", same, pages.size());
    compare("the same pages wrapped in a news site's markup", news, newsBytes, seconds);
  }

  /** Adds a 100 KB inline JSON state script, 30 KB of CSS and a 400-link menu, as news sites carry. */
  public static String heavy(String html) {
    StringBuilder script = new StringBuilder("<script>window.__STATE__={\"items\":[");
    for (int i = 0; script.length() < 100_000; i++) {
      script.append("{\"id\":").append(i).append(",\"title\":\"Story number ").append(i)
          .append("\",\"url\":\"/news/").append(i).append("\"},");
    }
    script.append("{}]};</script>");
    StringBuilder style = new StringBuilder("<style>");
    for (int i = 0; style.length() < 30_000; i++) {
      style.append(".c").append(i).append("{margin:0 ").append(i % 17).append("px;color:#").append(100 + i % 800).append("}\n");
    }
    style.append("</style>");
    StringBuilder menu = new StringBuilder("<div class=\"mega-menu\"><ul>");
    for (int i = 0; i < 400; i++) {
      menu.append("<li class=\"menu-item\"><a href=\"/section/").append(i).append("\">Section ").append(i).append("</a></li>");
    }
    menu.append("</ul></div>");
    String out = html.replaceFirst("(?i)</head>", java.util.regex.Matcher.quoteReplacement(script + style.toString() + "</head>"));
    return out.replaceFirst("(?i)<body([^>]*)>", "<body$1>" + java.util.regex.Matcher.quoteReplacement(menu.toString()));
  }

  private static void compare(String what, List<String> pages, long bytes, double seconds) {
    System.out.printf("%s: %d pages, %.1f KB and %.0f elements on average%n", what, pages.size(),
        bytes / 1024.0 / pages.size(), pages.stream().mapToInt(p -> org.jsoup.Jsoup.parse(p).getAllElements().size()).average().orElse(0));
    TrafilaturaStyleExtractor ours = new TrafilaturaStyleExtractor();
    long fallbacks = pages.stream().filter(p -> ours.extract(p, "https://example.org/page").fallback()).count();
    System.out.printf("fallback extraction ran on %d of %d pages%n", fallbacks, pages.size());
    ToIntFunction<String> falconet = html -> {
      Extraction e = ours.extract(html, "https://example.org/page");
      return e.ok() ? e.text().length() : 0;
    };
    ToIntFunction<String> readability = html -> {
      String t = new Readability4J("https://example.org/page", html).parse().getTextContent();
      return t == null ? 0 : t.length();
    };
    // Warm-up, then alternating rounds of both, timed in this thread's CPU time so that other
    // processes on a shared machine do not skew the ratio; wall-clock rates are printed too.
    run(falconet, pages, seconds / 2);
    run(readability, pages, seconds / 2);
    double[] f = new double[3];
    double[] r = new double[3];
    for (int round = 0; round < 10; round++) {
      add(f, run(falconet, pages, seconds / 10));
      add(r, run(readability, pages, seconds / 10));
    }
    double mb = bytes / 1e6 / pages.size();
    System.out.printf("falconet      %8.1f pages/CPU-s  %6.2f MB/CPU-s  (%8.1f pages/s wall)%n", f[0] / f[1], f[0] / f[1] * mb, f[0] / f[2]);
    System.out.printf("readability4j %8.1f pages/CPU-s  %6.2f MB/CPU-s  (%8.1f pages/s wall)%n", r[0] / r[1], r[0] / r[1] * mb, r[0] / r[2]);
    System.out.printf("speed-up      %8.1fx (CPU time)   load average %.2f%n", (f[0] / f[1]) / (r[0] / r[1]),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void add(double[] total, double[] round) {
    for (int i = 0; i < 3; i++) {
      total[i] += round[i];
    }
  }

  /** Whole rounds of the page list lasting at least {@code seconds}: {pages, CPU seconds, wall seconds}. */
  private static double[] run(ToIntFunction<String> extractor, List<String> pages, double seconds) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sink = 0;
    long n = 0;
    long cpu0 = mx.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    do {
      for (String p : pages) {
        sink += extractor.applyAsInt(p);
        n++;
      }
    } while (System.nanoTime() < end);
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
    if (sink == 42) {
      System.out.print("");
    }
    return new double[] {n, cpu, wall};
  }
}
