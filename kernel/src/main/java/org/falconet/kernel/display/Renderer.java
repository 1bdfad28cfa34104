package org.falconet.kernel.display;

/**
 * Draws objects of one type as a {@link MimeBundle}. Register one with
 * {@link Renderers#register(Class, Renderer)}; the most specific registered class wins.
 *
 * <pre>{@code
 * Renderers.global().register(Shingle.class, s -> MimeBundle.html("<code>" + s + "</code>", s.toString()));
 * }</pre>
 */
@FunctionalInterface
public interface Renderer<T> {
  MimeBundle render(T value);
}
