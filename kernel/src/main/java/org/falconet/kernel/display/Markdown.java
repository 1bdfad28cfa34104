package org.falconet.kernel.display;

/** Markdown text to display rendered. */
public record Markdown(String markdown) {}
