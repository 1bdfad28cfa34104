/**
 * Rich display: turning Java objects into Jupyter MIME bundles (HTML tables, Markdown, images, SVG
 * charts, the library's documents and funnels) through a registry of per-class renderers that other
 * modules extend.
 */
package org.falconet.kernel.display;
