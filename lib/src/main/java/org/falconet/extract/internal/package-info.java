/**
 * The extractor's parts: boilerplate pruning, main-content selection, text writing and page
 * metadata. Not an API; use {@link org.falconet.extract.TrafilaturaStyleExtractor}.
 */
package org.falconet.extract.internal;
