package org.falconet.kernel.display;

import java.awt.image.RenderedImage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.falconet.corpus.Document;
import org.falconet.pipeline.Funnel;
import tech.tablesaw.api.Table;

/**
 * The registry of renderers, by class. Lookup walks the value's class, then its superclasses and
 * interfaces breadth-first, and takes the first registered renderer; anything else is shown as
 * {@code String.valueOf}. {@link #global()} holds the built-in renderers plus every
 * {@link RendererProvider} on the class path.
 */
public final class Renderers {
  private static volatile Renderers global;

  private final Map<Class<?>, Renderer<?>> byClass = new ConcurrentHashMap<>();

  /** An empty registry (everything renders as plain text). */
  public Renderers() {}

  /** The kernel's registry: built-ins and service-provided renderers. */
  public static Renderers global() {
    Renderers g = global;
    if (g == null) {
      synchronized (Renderers.class) {
        if (global == null) {
          global = withDefaults();
          for (RendererProvider p : ServiceLoader.load(RendererProvider.class)) {
            p.register(global);
          }
        }
        g = global;
      }
    }
    return g;
  }

  /** A registry holding the built-in renderers. */
  public static Renderers withDefaults() {
    Renderers r = new Renderers();
    r.register(MimeBundle.class, b -> b);
    r.register(Html.class, h -> MimeBundle.html(h.html(), "[HTML]"));
    r.register(Markdown.class, m -> MimeBundle.text(m.markdown()).with("text/markdown", m.markdown()));
    r.register(Svg.class, s -> MimeBundle.text("[SVG image]").with("image/svg+xml", s.svg()));
    r.register(RenderedImage.class, Images::png);
    r.register(Table.class, TableRenderer::render);
    r.register(Funnel.class, f -> TableRenderer.render(f.toTable()).with("text/plain", f.toString()));
    r.register(Document.class, DocumentRenderer::render);
    r.register(Chart.class, Chart::toBundle);
    r.register(org.falconet.dedup.DuplicateCluster.class,
        c -> MimeBundle.html(c.html(), c.table().printAll()));
    r.register(org.falconet.tokenizer.Encoding.class, TokenRenderer::render);
    r.register(AttentionMap.class, AttentionMap::toBundle);
    r.register(HeadSharing.class, HeadSharing::toBundle);
    r.register(Flow.class, Flow::toBundle);
    return r;
  }

  /** Registers (or replaces) the renderer for {@code type} and its subtypes. */
  public <T> Renderers register(Class<T> type, Renderer<? super T> renderer) {
    byClass.put(type, renderer);
    return this;
  }

  /** The bundle for {@code value}; a renderer that throws falls back to plain text with the error. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public MimeBundle render(Object value) {
    if (value == null) {
      return MimeBundle.text("null");
    }
    Renderer r = find(value.getClass());
    if (r == null) {
      return MimeBundle.text(String.valueOf(value));
    }
    try {
      return r.render(value);
    } catch (RuntimeException e) {
      return MimeBundle.text(value + "\n(renderer failed: " + e + ")");
    }
  }

  /**
   * The bundle for {@code value} restricted to {@code mimeTypes} (plus {@code text/plain}, which Jupyter
   * wants in every bundle), as IJava's {@code render(obj, mime...)}: a string is itself the content of any
   * type its renderer does not produce, so {@code render("<b>hi</b>", "text/html")} is that HTML. No types:
   * the whole bundle.
   *
   * @throws IllegalArgumentException when {@code value} has no representation of a requested type
   */
  public MimeBundle render(Object value, String... mimeTypes) {
    MimeBundle all = render(value);
    if (mimeTypes.length == 0) {
      return all;
    }
    MimeBundle out = MimeBundle.text(String.valueOf(all.get("text/plain")));
    for (String mime : mimeTypes) {
      Object v = all.get(mime);
      if (v == null && value instanceof CharSequence text) {
        v = text.toString();
      }
      if (v == null) {
        throw new IllegalArgumentException((value == null ? "null" : value.getClass().getSimpleName()) + " has no "
            + mime + " representation; it renders as " + String.join(", ", all.data().keySet()));
      }
      out.with(mime, v);
      if (all.metadata().containsKey(mime)) {
        out.withMetadata(mime, all.metadata().get(mime));
      }
    }
    return out;
  }

  private Renderer<?> find(Class<?> type) {
    Deque<Class<?>> queue = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      Class<?> c = queue.poll();
      if (!seen.add(c)) {
        continue;
      }
      Renderer<?> r = byClass.get(c);
      if (r != null) {
        return r;
      }
      if (c.getSuperclass() != null && c.getSuperclass() != Object.class) {
        queue.add(c.getSuperclass());
      }
      queue.addAll(java.util.List.of(c.getInterfaces()));
    }
    return null;
  }
}
