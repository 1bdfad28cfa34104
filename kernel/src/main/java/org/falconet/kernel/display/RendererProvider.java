package org.falconet.kernel.display;

/**
 * A service (found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/org.falconet.kernel.display.RendererProvider}) that registers renderers
 * for its module's types when the kernel starts, so modules need no change to the kernel.
 */
public interface RendererProvider {
  void register(Renderers renderers);
}
