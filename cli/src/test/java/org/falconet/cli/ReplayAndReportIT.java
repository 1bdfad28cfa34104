package org.falconet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.falconet.pipeline.CurationOutput;
import org.falconet.provenance.FileDigest;
import org.falconet.provenance.RunManifest;
import org.falconet.refinedweb.RefinedWeb;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's curation of the sample crawl, replayed from its manifest (byte-identical) and reported
 * as one HTML page that headless Chromium renders with its charts decoded and no link leaving it.
 */
class ReplayAndReportIT {
  @TempDir
  static Path tmp;
  static Path run;

  @BeforeAll
  static void curateTheSample() throws Exception {
    Path crawl = Path.of(System.getProperty("falconet.repo"), "datasets-sample", "crawl");
    run = tmp.resolve("curated");
    CurateCommand.run(CurateCommand.expand(List.of(crawl)), run, RefinedWeb.STAGE_NAMES, 2, 1000);
  }

  @Test
  void theSampleRunsManifestNamesEveryInputAndOutput() throws Exception {
    RunManifest m = RunManifest.read(run.resolve("manifest.json"));
    assertEquals("curate", m.command);
    assertEquals(RefinedWeb.STAGE_NAMES, m.stages.stream().map(RunManifest.StageEntry::name).toList());
    assertEquals(4, m.inputs.size());
    for (FileDigest d : m.inputs) {
      assertTrue(d.path().startsWith("datasets-sample/crawl/"), "inputs are named relative to the clone: " + d.path());
      assertEquals(FileDigest.sha256(RunManifest.resolve(d.path())), d.sha256());
    }
    // Kept and removed files, each once; stats.json (with its timings) is not an output to compare.
    long keptFiles = m.outputs.stream().filter(o -> o.path().startsWith("kept/")).count();
    assertTrue(keptFiles > 0);
    assertEquals(CurationOutput.open(run).stats().kept, CurationOutput.open(run).kept().size());
    assertFalse(m.outputs.stream().anyMatch(o -> o.path().equals("stats.json")));
  }

  @Test
  void replayOfTheSampleRunIsByteIdentical() throws Exception {
    Path again = tmp.resolve("replayed");
    FalconetCliTest.Result r = FalconetCliTest.run("replay", run.toString(), "--output", again.toString(), "--threads", "2");
    assertEquals(0, r.status(), r.err());
    RunManifest old = RunManifest.read(run.resolve("manifest.json"));
    for (FileDigest d : old.outputs) {
      assertEquals(-1, Files.mismatch(run.resolve(d.path()), again.resolve(d.path())), d.path());
    }
  }

  @Test
  void theReportRendersInHeadlessChromium() throws Exception {
    Path html = tmp.resolve("report.html");
    assertEquals(0, FalconetCliTest.run("report", run.toString(), "--output", html.toString()).status());
    var doc = Jsoup.parse(html.toFile());
    // Self-contained: every image inline, every link to an anchor of this page, nothing loaded from elsewhere.
    assertTrue(doc.select("img").size() >= 1);
    for (Element img : doc.select("[src]")) {
      assertTrue(img.attr("src").startsWith("data:image/"), img.outerHtml().substring(0, 60));
    }
    for (Element a : doc.select("a[href]")) {
      String href = a.attr("href");
      assertTrue(href.startsWith("#") && doc.getElementById(href.substring(1)) != null, "broken link " + href);
    }
    assertTrue(doc.select("link, script, iframe, object").isEmpty());
    // What a reader comes for: the funnel with the paper's column, duplicates side by side, corrected lines struck.
    assertTrue(doc.select("th").eachText().contains("paper %"));
    assertFalse(doc.select("div.pair").isEmpty(), "duplicate pairs");
    assertFalse(doc.select("del").isEmpty(), "struck-through lines");

    // A copy that reports, once loaded, whether each image decoded.
    Path probe = tmp.resolve("probe.html");
    Files.writeString(probe, Files.readString(html).replace("</body>", "<script>window.addEventListener('load', () => "
        + "document.body.setAttribute('data-decoded', [...document.images].map(i => i.complete && i.naturalWidth > 0)"
        + ".join(',')));</script></body>"));
    String dom = chromium(tmp.resolve("profile-1"), "--dump-dom", "--virtual-time-budget=10000", probe.toUri().toString());
    var rendered = Jsoup.parse(dom);
    List<String> decoded = List.of(rendered.body().attr("data-decoded").split(","));
    assertEquals(doc.select("img").size(), decoded.size(), "every image reported: " + decoded);
    assertTrue(decoded.stream().allMatch("true"::equals), "images decoded: " + decoded);

    Path shot = tmp.resolve("report.png");
    chromium(tmp.resolve("profile-2"), "--screenshot=" + shot, "--window-size=1200,1400", html.toUri().toString());
    BufferedImage png = ImageIO.read(shot.toFile());
    assertEquals(1200, png.getWidth());
    // Above the fold are text, grey table rules and the funnel chart; only a decoded chart puts tens of
    // thousands of coloured pixels on screen (the links' blue text is a few hundred).
    int bars = 0;
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        int rgb = png.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        bars += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80 ? 1 : 0;
      }
    }
    assertTrue(bars > 20_000, "coloured pixels (the funnel chart's bars) on the screenshot: " + bars);
  }

  /** Runs headless Chromium (as root it needs --no-sandbox) on a fresh profile; returns its standard output. */
  static String chromium(Path profile, String... args) throws Exception {
    String exe = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
    List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "chromium", ".out");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (java.io.IOException e) {
      throw new AssertionError("headless Chromium is needed (Debian package chromium, in scripts/test-packages.txt): " + e);
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 2 minutes");
    assertEquals(0, p.exitValue(), "chromium " + String.join(" ", args));
    return Files.readString(out);
  }
}
