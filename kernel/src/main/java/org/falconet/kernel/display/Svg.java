package org.falconet.kernel.display;

/** An SVG image, as markup. */
public record Svg(String svg) {}
