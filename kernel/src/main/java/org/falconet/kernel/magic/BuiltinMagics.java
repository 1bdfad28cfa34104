package org.falconet.kernel.magic;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.falconet.kernel.display.Html;
import org.falconet.kernel.display.Markdown;
import org.falconet.kernel.display.MimeBundle;
import org.falconet.kernel.display.Svg;

/**
 * The kernel's magics: {@code %maven}, {@code %classpath}, {@code %jars}, {@code %load}, {@code %time},
 * {@code %sh}, {@code %lsmagic}, and the cell magics {@code %%html}, {@code %%markdown},
 * {@code %%javascript}, {@code %%svg}, {@code %%time}, {@code %%sh}.
 */
public final class BuiltinMagics {
  private BuiltinMagics() {}

  /** Registers every built-in magic on {@code cells}, resolving {@code %maven} with {@code maven}. */
  public static Cells register(Cells cells, MavenResolver maven) {
    cells.registerLine("maven", (args, ctx) -> maven(args, ctx, maven));
    cells.registerLine("classpath", BuiltinMagics::classpath);
    cells.registerLine("jars", BuiltinMagics::jars);
    cells.registerLine("load", (args, ctx) -> {
      if (args.isBlank()) {
        throw new IllegalArgumentException("%load needs a file: %load path/to/File.jsh");
      }
      Path file = ctx.workingDirectory().resolve(args.strip());
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("%load: no such file: " + file);
      }
      return ctx.runCell(Files.readString(file));
    });
    cells.registerLine("time", (args, ctx) -> time(args, ctx));
    cells.registerCell("time", (args, body, ctx) -> time(body, ctx));
    cells.registerLine("sh", (args, ctx) -> sh(args, ctx));
    cells.registerCell("sh", (args, body, ctx) -> sh(body, ctx));
    cells.registerLine("lsmagic", (args, ctx) -> "line magics: %" + String.join(" %", cells.lineMagicNames())
        + "\ncell magics: %%" + String.join(" %%", cells.cellMagicNames()));
    cells.registerCell("html", (args, body, ctx) -> new Html(body));
    cells.registerCell("markdown", (args, body, ctx) -> new Markdown(body));
    cells.registerCell("svg", (args, body, ctx) -> new Svg(body));
    cells.registerCell("javascript", (args, body, ctx) ->
        MimeBundle.text("[JavaScript]").with("application/javascript", body));
    return cells;
  }

  private static Object maven(String args, MagicContext ctx, MavenResolver maven) {
    if (args.isBlank()) {
      throw new IllegalArgumentException("%maven needs coordinates: %maven group:artifact:version");
    }
    List<String> jars = new ArrayList<>();
    for (String coords : args.strip().split("\\s+")) {
      for (File f : maven.resolve(coords)) {
        jars.add(f.getAbsolutePath());
      }
    }
    ctx.evaluator().addToClasspath(String.join(File.pathSeparator, jars));
    System.out.println("%maven: " + jars.size() + " jar(s) on the class path");
    return null;
  }

  private static Object classpath(String args, MagicContext ctx) throws IOException {
    if (args.isBlank()) {
      return String.join("\n", ctx.evaluator().classpath());
    }
    for (String p : args.strip().split(File.pathSeparator + "|\\s+")) {
      Path path = ctx.workingDirectory().resolve(p);
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("%classpath: no such file or directory: " + path);
      }
      ctx.evaluator().addToClasspath(path.toAbsolutePath().toString());
    }
    return null;
  }

  /** {@code %jars a.jar dir/ lib/*.jar}: jars, every jar in a directory, or a glob's matches. */
  private static Object jars(String args, MagicContext ctx) throws IOException {
    if (args.isBlank()) {
      throw new IllegalArgumentException("%jars needs jar files or directories: %jars lib/*.jar");
    }
    List<Path> jars = new ArrayList<>();
    for (String p : args.strip().split("\\s+")) {
      Path path = ctx.workingDirectory().resolve(p);
      String name = path.getFileName() == null ? "" : path.getFileName().toString();
      if (name.contains("*") || name.contains("?")) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path.getParent(), name)) {
          ds.forEach(jars::add);
        }
      } else if (Files.isDirectory(path)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*.jar")) {
          ds.forEach(jars::add);
        }
      } else if (Files.isRegularFile(path)) {
        jars.add(path);
      } else {
        throw new IllegalArgumentException("%jars: no such file or directory: " + path);
      }
    }
    if (jars.isEmpty()) {
      throw new IllegalArgumentException("%jars: no jar matches " + args.strip());
    }
    ctx.evaluator().addToClasspath(jars.stream().map(j -> j.toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(File.pathSeparator)));
    System.out.println("%jars: " + jars.size() + " jar(s) on the class path");
    return null;
  }

  private static Object time(String code, MagicContext ctx) throws Exception {
    long t0 = System.nanoTime();
    try {
      return ctx.runCell(code);
    } finally {
      System.out.printf(Locale.ROOT, "Wall time: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
    }
  }

  /** Runs {@code bash -c command} in the working directory, its output into the cell's streams. */
  private static Object sh(String command, MagicContext ctx) throws Exception {
    if (command.isBlank()) {
      throw new IllegalArgumentException("%sh needs a command: %sh ls -l");
    }
    Process p = new ProcessBuilder("bash", "-c", command).directory(ctx.workingDirectory().toFile()).start();
    p.getOutputStream().close();
    Thread err = pump(p.getErrorStream(), System.err);
    pump(p.getInputStream(), System.out).join();
    err.join();
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException("%sh: command exited with status " + rc);
    }
    return null;
  }

  private static Thread pump(InputStream in, PrintStream out) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) > 0) {
          out.print(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "falconet-sh");
    t.start();
    return t;
  }
}
