package org.falconet.kernel.display;

/** A piece of HTML to display as such. */
public record Html(String html) {}
