/**
 * Rich display: turning Java objects into Jupyter MIME bundles (HTML tables, Markdown, images, charts drawn
 * by XChart and attention maps as SVG with a PNG of the same drawing, the library's documents and funnels)
 * through a registry of per-class renderers that other modules extend.
 */
package org.falconet.kernel.display;
