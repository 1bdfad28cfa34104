/** The machinery of exact-substring deduplication: memory-mapped corpus text and the marking of repeated spans. */
package org.falconet.dedup.exact.internal;
